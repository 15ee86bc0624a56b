// Test helper: a WebSocket client of `/api/live` that queues messages and hands them out by type.
import WebSocket from 'ws';

export class LiveTestClient {
  private readonly queue: unknown[] = [];
  private waiter: (() => void) | null = null;
  closed: { code: number } | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.queue.push(JSON.parse(data.toString()));
      this.waiter?.();
    });
    ws.on('close', (code) => {
      this.closed = { code };
      this.waiter?.();
    });
  }
  static async open(url: string): Promise<LiveTestClient> {
    const ws = new WebSocket(url);
    const client = new LiveTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }
  /** Next message of a type (earlier ones of other types are skipped). */
  async next<T = Record<string, unknown>>(type: string): Promise<T> {
    for (;;) {
      const i = this.queue.findIndex((m) => (m as { type: string }).type === type);
      if (i >= 0) return this.queue.splice(i, 1)[0] as T;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before a '${type}' message`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = null;
    }
  }
  close(): void {
    this.ws.close();
  }
}
