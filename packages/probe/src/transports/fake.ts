// A transport double for tests (of this package and of its users, e.g. the server's stations):
// the test pushes bytes, drops the link, fails opens, and reads what the driver wrote. No I/O, no timers.
import type { Transport, TransportHandlers, TransportLink } from './transport.js';

export class FakeTransport implements Transport {
  readonly description: string;
  opens = 0;
  /** Everything the driver wrote, per connection. */
  readonly written: Uint8Array[][] = [];
  private handlers: TransportHandlers | undefined;
  private failures: string[] = [];
  private open_ = false;
  /** Called after each successful open with the connection index (e.g. to answer a handshake). */
  onWrite: ((bytes: Uint8Array, connection: number) => void) | undefined;

  constructor(description = 'fake') {
    this.description = description;
  }

  /** The next `open` calls fail with these reasons, in order. */
  failNextOpens(...reasons: string[]): void {
    this.failures.push(...reasons);
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(handlers: TransportHandlers): Promise<TransportLink> {
    this.opens++;
    const failure = this.failures.shift();
    if (failure !== undefined) throw new Error(failure);
    this.handlers = handlers;
    this.open_ = true;
    const connection = this.written.length;
    this.written.push([]);
    return {
      description: `${this.description} #${connection}`,
      write: async (bytes) => {
        if (!this.open_) throw new Error('write on a closed fake link');
        this.written[connection]?.push(bytes);
        this.onWrite?.(bytes, connection);
      },
      close: async () => {
        this.open_ = false;
        this.handlers = undefined;
      },
    };
  }

  /** Delivers bytes from the "device". */
  push(bytes: Uint8Array | string): void {
    if (!this.open_ || this.handlers === undefined) throw new Error('push on a closed fake link');
    this.handlers.data(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  }

  /** The device goes away (unplugged, socket reset). */
  drop(reason = 'device unplugged'): void {
    const handlers = this.handlers;
    this.open_ = false;
    this.handlers = undefined;
    handlers?.closed(reason);
  }

  /** What was written on connection `index`, as text. */
  writtenText(index = this.written.length - 1): string {
    return (this.written[index] ?? []).map((b) => new TextDecoder().decode(b)).join('');
  }
}
