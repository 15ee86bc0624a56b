// An Open Gamma Detector played on a FakeTransport and a ManualClock. From the firmware
// (OpenGammaProject/Open-Gamma-Detector arduino/opengamma_pico/opengamma_pico.ino, commit 073d308):
// each pulse is one 12-bit ADC value (line 28; 4096 channels, line 55) printed as "value;" with
// Serial.println (line 34: "1234;\r\n"). The pulse heights come from the caller (e.g. the simulator's
// spectrum model); pulses are spread evenly within each `chunkMs` and sent per chunk, as USB does.
import type { ManualClock } from '../clock.js';
import type { FakeTransport } from '../transports/fake.js';

export interface OgdDeviceOptions {
  clock: ManualClock;
  transport: FakeTransport;
  /** Pulses per second. */
  rateCps: number;
  /** The ADC channel of the next pulse, 0..4095. */
  nextChannel: () => number;
  chunkMs?: number;
}

export class OgdDevice {
  private carry = 0;
  private stopped = false;

  constructor(private readonly o: OgdDeviceOptions) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
  }

  private schedule(): void {
    const chunkMs = this.o.chunkMs ?? 50;
    this.o.clock.setTimer(() => {
      if (this.stopped) return;
      this.carry += (this.o.rateCps * chunkMs) / 1000;
      const n = Math.floor(this.carry);
      this.carry -= n;
      let text = '';
      for (let i = 0; i < n; i++)
        text += `${Math.max(0, Math.min(4095, Math.round(this.o.nextChannel())))};\r\n`;
      if (text !== '' && this.o.transport.isOpen) this.o.transport.push(text);
      this.schedule();
    }, chunkMs);
  }
}
