// OpenRGS as an OpenIGTLink server for 3D Slicer (OpenIGTLinkIF connects as a client): every connected
// client receives the latest map as IMAGE, the probe pose as TRANSFORM and point lists (pre-op markers,
// hotspots) as POINT. Clients that connect late get the last IMAGE and the last POINT list of each device
// at once. What clients send is read and ignored (Slicer may send STATUS or GET_ messages).
import { createServer, type Server, type Socket } from 'node:net';
import {
  encodeImage,
  encodePoints,
  encodeTransform,
  type IgtlPoint,
  type ImageVolume,
  type RigidTransform,
} from './content.js';
import { encodeMessage } from './message.js';

export interface IgtlServer {
  readonly port: number;
  clients(): number;
  sendImage(deviceName: string, image: ImageVolume, timestampSeconds: number): void;
  sendTransform(deviceName: string, transform: RigidTransform, timestampSeconds: number): void;
  /**
   * A POINT message: the device's whole list, kept for late clients. An empty list is not sent — the
   * reference library's receiver waits for ever on a zero-length body (igtl::Socket::Receive; measured with
   * reference-receiver.cxx) — and is no longer given to clients that connect later.
   */
  sendPoints(deviceName: string, points: readonly IgtlPoint[], timestampSeconds: number): void;
  close(): Promise<void>;
}

export function startIgtlServer(options: { port: number; host?: string }): Promise<IgtlServer> {
  const sockets = new Set<Socket>();
  /** The last IMAGE and the last POINT list of each device, by "TYPE device", for late clients. */
  const retained = new Map<string, Uint8Array>();
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    for (const bytes of retained.values()) socket.write(bytes);
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
          const bytes = encodeMessage({
            type: 'IMAGE',
            deviceName,
            timestampSeconds,
            content: encodeImage(image),
          });
          retained.set(`IMAGE ${deviceName}`, bytes);
          broadcast(bytes);
        },
        sendPoints(deviceName, points, timestampSeconds) {
          if (points.length === 0) {
            retained.delete(`POINT ${deviceName}`);
            return;
          }
          const bytes = encodeMessage({
            type: 'POINT',
            deviceName,
            timestampSeconds,
            content: encodePoints(points),
          });
          retained.set(`POINT ${deviceName}`, bytes);
          broadcast(bytes);
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
