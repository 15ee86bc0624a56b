// A device running Rad Pro firmware, played on a FakeTransport and a ManualClock, for tests of the real
// driver. Built from Gissio/radpro, not from our codec:
//  - docs/comm.md: 115200 8N1, ASCII request lines, replies `OK [value]` or `ERROR`, ending "\r\n";
//    `GET deviceId` → `OK [hardware-id];[software-id];[device-id]` (doc example
//    "OK FS2011 (STM32F051C8);Rad Pro 2.0/en;b5706d937087f975b5812810"); `GET tubePulseCount` → the
//    lifetime pulse count, u32, "overflows to 0 after 2^32-1".
//  - platform.io/src/peripherals/comm.c (commit 0ddaa58): processCommGet answers `GET devicePower` with
//    `pushCommUInt32(isPoweredOn())` (lines 146-147); unknown requests get "ERROR\r\n" (line 428);
//    updateComm opens the port only when `settings.dataMode` is on for devices built with DATA_MODE
//    (FS2011; lines 367-368); with GMC800 defined, `<GETVER>>` is answered "GMC-800Re RADP" (lines
//    404-408, TRANSMIT_RAW, no line end).
//  - Switched off on USB, the device keeps answering (USB powered) while its tube counts nothing.
import type { ManualClock } from '../clock.js';
import type { FakeTransport } from '../transports/fake.js';

export interface RadProDeviceOptions {
  clock: ManualClock;
  transport: FakeTransport;
  hardware?: string;
  deviceId?: string;
  /** Pulses per second while powered on. */
  cps: number;
  /** Initial lifetime pulse count. */
  pulseCount?: number;
  /** Firmware older than 2.0rc1: `GET devicePower` is unknown (ERROR). */
  noPowerCommand?: boolean;
  /** DATA_MODE device with Data mode off: the port answers nothing. */
  dataModeOff?: boolean;
  /** Built for the GQ GMC-800 (answers <GETVER>>). */
  gmc800?: boolean;
  replyDelayMs?: number;
}

export class RadProDevice {
  poweredOn = true;
  private pulses: number;
  private lastUpdateMs: number;
  private partial = '';
  readonly requests: string[] = [];

  constructor(private readonly o: RadProDeviceOptions) {
    this.pulses = o.pulseCount ?? 1000;
    this.lastUpdateMs = o.clock.nowMs();
    o.transport.onWrite = (bytes) => this.onBytes(new TextDecoder().decode(bytes));
  }

  /** The tube counts in real time (whole pulses, the fraction carried). */
  private update(): void {
    const now = this.o.clock.nowMs();
    if (this.poweredOn) this.pulses += (this.o.cps * (now - this.lastUpdateMs)) / 1000;
    this.lastUpdateMs = now;
  }

  pulseCount(): number {
    this.update();
    return Math.floor(this.pulses) % 2 ** 32;
  }

  setPower(on: boolean): void {
    this.update();
    this.poweredOn = on;
  }

  private reply(text: string): void {
    this.o.clock.setTimer(() => {
      if (this.o.transport.isOpen) this.o.transport.push(text);
    }, this.o.replyDelayMs ?? 5);
  }

  private onBytes(text: string): void {
    if (this.o.dataModeOff) return;
    this.partial += text;
    if (this.o.gmc800 && this.partial.includes('<GETVER>>')) {
      this.partial = '';
      this.reply('GMC-800Re RADP');
      return;
    }
    for (let nl = this.partial.indexOf('\n'); nl >= 0; nl = this.partial.indexOf('\n')) {
      const request = this.partial.slice(0, nl).replace(/\r$/, '');
      this.partial = this.partial.slice(nl + 1);
      this.requests.push(request);
      this.reply(`${this.answer(request)}\r\n`);
    }
  }

  private answer(request: string): string {
    switch (request) {
      case 'GET deviceId':
        return `OK ${this.o.hardware ?? 'FS2011 (STM32F051C8)'};Rad Pro 3.0/en;${this.o.deviceId ?? 'b5706d937087f975b5812810'}`;
      case 'GET tubePulseCount':
        return `OK ${this.pulseCount()}`;
      case 'GET devicePower':
        return this.o.noPowerCommand ? 'ERROR' : `OK ${this.poweredOn ? 1 : 0}`;
      case 'GET deviceTime':
        return `OK ${1767225600 + Math.floor(this.o.clock.nowMs() / 1000)}`;
      case 'GET deviceBatteryVoltage':
        return 'OK 2.650';
      default:
        return 'ERROR';
    }
  }
}
