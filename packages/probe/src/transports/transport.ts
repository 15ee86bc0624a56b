// A transport moves bytes and nothing else: no framing, no protocol knowledge.

export interface TransportHandlers {
  /** Bytes from the device, in order, as they arrived. */
  data(chunk: Uint8Array): void;
  /** The link ended (device unplugged, socket closed, end of a replay file). Called at most once. */
  closed(reason: string): void;
}

export interface TransportLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the link on purpose; `closed` is not called for a close the host asked for. */
  close(): Promise<void>;
  /** Short description of what is open, e.g. `serial /dev/ttyUSB0 @115200`. */
  readonly description: string;
}

export interface Transport {
  /** e.g. `serial /dev/ttyUSB0`, `tcp 127.0.0.1:7070`, `replay run.jsonl`. */
  readonly description: string;
  /** Opens the link; rejects with an Error whose message says what failed. */
  open(handlers: TransportHandlers): Promise<TransportLink>;
}
