// A GQ GMC counter played on a FakeTransport and a ManualClock, for tests of the real driver.
// Built from the devices' own documents, not from our codec:
//  - GQ-RFC1201 Ver 1.40 / GQ-RFC1801 Ver 1.00 (bernardn/python-libgqe doc/): `<GETVER>>` answers the
//    version text; `<GETCPM>>` a big-endian word (2 bytes RFC1201, 4 bytes RFC1801); `<HEARTBEAT1>>`
//    starts one word per second, the counts of that second ("only lowest 14 bits are used" on RFC1201);
//    `<HEARTBEAT0>>` stops it.
//  - pygmc tests/data/data_gmcse.py lines 6-8 and 60: a GMC-SE answers "GMC-SE Re 1.05", a 2-byte
//    `<GETCPM>>` (b"\x01\xb6" = 438) and 2-byte heartbeats.
//  - GeigerLog gdev_gmc.py (quirks it works around): the first `<GETVER>>` after power-up of a GMC-500+
//    Re 1.18 goes unanswered; GMC-500 (no "+") and GMC-600+ below firmware 2.4 send 2-byte readings.
//  - Gissio/radpro platform.io/src/peripherals/comm.c (GMC800 branch): Rad Pro on a GMC-800 answers
//    `<GETVER>>` with "GMC-800Re RADP" and nothing GQ-like afterwards.
import type { ManualClock, TimerHandle } from '../clock.js';
import type { FakeTransport } from '../transports/fake.js';

export interface GmcDeviceOptions {
  clock: ManualClock;
  transport: FakeTransport;
  /** The exact `<GETVER>>` reply bytes (a string is sent as Latin-1, so "\0" is a NUL byte). */
  version: string;
  /** Width of `<GETCPM>>` and heartbeat words: 2 (RFC1201 and the 2-byte RFC1801 firmwares) or 4. */
  wordBytes: 2 | 4;
  /** Counts in device second k (k = 1, 2, …, restarting at power-up). */
  countsInSecond: (second: number) => number;
  /** Delay of the `<GETVER>>` reply, ms (default 20). */
  versionDelayMs?: number;
  /** The first `<GETVER>>` after power-up goes unanswered (GMC-500+ Re 1.18, per GeigerLog). */
  ignoresFirstVersionRequest?: boolean;
  /** Extra latency of the beat ending device second k, ms (USB/OS delays). */
  beatDelayMs?: (second: number) => number;
  /** Rad Pro firmware: answers only `<GETVER>>` (and `<GETSERIAL>>`), nothing else in GQ's protocol. */
  radPro?: boolean;
}

export class GmcDevice {
  private heartbeat: TimerHandle | undefined;
  private second = 0;
  private poweredOn = true;
  private versionRequests = 0;
  readonly received: string[] = [];

  constructor(private readonly o: GmcDeviceOptions) {
    o.transport.onWrite = (bytes) => this.onCommand(new TextDecoder('latin1').decode(bytes));
  }

  /** Power-cycles the counter with the USB cable in: the heartbeat stops, device seconds restart. */
  powerCycle(offForMs: number): void {
    this.poweredOn = false;
    this.stopHeartbeat();
    this.o.clock.setTimer(() => {
      this.poweredOn = true;
      this.second = 0;
      this.versionRequests = 0;
    }, offForMs);
  }

  private send(bytes: Uint8Array | string): void {
    if (this.o.transport.isOpen) this.o.transport.push(bytes);
  }

  private word(value: number): Uint8Array {
    const out = new Uint8Array(this.o.wordBytes);
    let v = this.o.wordBytes === 2 ? value & 0x3fff : value; // RFC1201: only the lowest 14 bits
    for (let i = out.length - 1; i >= 0; i--) {
      out[i] = v & 0xff;
      v = Math.floor(v / 256);
    }
    return out;
  }

  private onCommand(command: string): void {
    this.received.push(command);
    if (!this.poweredOn) return;
    const { clock } = this.o;
    if (command === '<GETVER>>') {
      this.versionRequests++;
      if (this.o.ignoresFirstVersionRequest && this.versionRequests === 1) return;
      const reply = Uint8Array.from(this.o.version, (c) => c.charCodeAt(0) & 0xff);
      clock.setTimer(() => this.send(reply), this.o.versionDelayMs ?? 20);
      return;
    }
    if (this.o.radPro) return;
    if (command === '<GETCPM>>') {
      clock.setTimer(() => this.send(this.word(this.o.countsInSecond(1) * 60)), 10);
    } else if (command === '<HEARTBEAT1>>') {
      if (this.heartbeat === undefined) this.scheduleBeat();
    } else if (command === '<HEARTBEAT0>>') this.stopHeartbeat();
  }

  private scheduleBeat(): void {
    // Beats come every 1000 ms of device time; a beat's extra latency does not move the next one.
    const next = this.second + 1;
    const extra = this.o.beatDelayMs?.(next) ?? 0;
    this.heartbeat = this.o.clock.setTimer(() => {
      this.second = next;
      const word = this.word(this.o.countsInSecond(next));
      if (extra > 0) this.o.clock.setTimer(() => this.send(word), extra);
      else this.send(word);
      if (this.poweredOn) this.scheduleBeat();
    }, 1000);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) this.o.clock.clearTimer(this.heartbeat);
    this.heartbeat = undefined;
  }
}
