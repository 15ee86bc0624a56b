// OpenRGS as an OpenIGTLink server for 3D Slicer (OpenIGTLinkIF connects as a client): every connected
// client receives the latest map as IMAGE and the probe pose as TRANSFORM. Clients that connect late get
// the last map at once. What clients send is read and ignored (Slicer may send STATUS or GET_ messages).
import { createServer, type Server, type Socket } from 'node:net';
import { encodeImage, encodeTransform, type ImageVolume, type RigidTransform } from './content.js';
import { encodeMessage } from './message.js';

export interface IgtlServer {
  readonly port: number;
  clients(): number;
  sendImage(deviceName: string, image: ImageVolume, timestampSeconds: number): void;
  sendTransform(deviceName: string, transform: RigidTransform, timestampSeconds: number): void;
  close(): Promise<void>;
}

export function startIgtlServer(options: { port: number; host?: string }): Promise<IgtlServer> {
  const sockets = new Set<Socket>();
  let lastImage: Uint8Array | null = null;
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    if (lastImage) socket.write(lastImage);
  });
  const broadcast = (bytes: Uint8Array) => {
    for (const s of sockets) if (!s.destroyed && s.writableLength < 16 * 1024 * 1024) s.write(bytes);
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        port,
        clients: () => sockets.size,
        sendImage(deviceName, image, timestampSeconds) {
          lastImage = encodeMessage({
            type: 'IMAGE',
            deviceName,
            timestampSeconds,
            content: encodeImage(image),
          });
          broadcast(lastImage);
        },
        sendTransform(deviceName, transform, timestampSeconds) {
          broadcast(
            encodeMessage({
              type: 'TRANSFORM',
              deviceName,
              timestampSeconds,
              content: encodeTransform(transform),
            }),
          );
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}
