// Pulse-height events as the Open Gamma Detector sends them over USB serial, from the spectrum model.
// Format (OpenGammaProject/Open-Gamma-Detector arduino/opengamma_pico/opengamma_pico.ino, commit 073d308):
// each pulse is one 12-bit ADC value — line 28 `pico.analogCRead(AIN_PIN,5)`, line 55
// `analogReadResolution(12); // 12-bit ADC, 4096 channels` — printed by line 34
// `Serial.println(String(m) + ';')`, i.e. "1234;\r\n". The detector's range is "about 30 keV to 1300 keV"
// over the 4096 channels (README, Key Features): pulses below the trigger threshold are never digitised.
// The channel of an energy is the inverse of the detector's true (simulated) gain and offset; the receiving
// side knows only its own calibration, measured from peaks like a user would.

import { type RandomSource, samplePoisson } from '@openrgs/numeric';
import { type SpectrumModel, sampleDetectedEnergyKeV } from './spectrum-model.js';

export const OGD_ADC_CHANNELS = 4096;

export interface OgdDetectorResponse {
  /** True gain of the simulated detector, keV per ADC channel. */
  keVPerChannel: number;
  /** True offset, keV at channel 0. */
  offsetKeV: number;
  /** Trigger threshold: smaller pulses are not digitised, keV. */
  thresholdKeV: number;
}

/** ADC channel of a deposited energy, or null below the threshold; clipped at the top channel. */
export function ogdChannelOf(energyKeV: number, response: OgdDetectorResponse): number | null {
  if (!(energyKeV >= response.thresholdKeV)) return null;
  const channel = Math.round((energyKeV - response.offsetKeV) / response.keVPerChannel);
  return Math.max(0, Math.min(OGD_ADC_CHANNELS - 1, channel));
}

/** The serial text of these pulses: "ch;\r\n" each (firmware line 34). */
export function ogdEventText(channels: readonly number[]): string {
  let text = '';
  for (const c of channels) {
    if (!(Number.isInteger(c) && c >= 0 && c < OGD_ADC_CHANNELS))
      throw new RangeError(`ADC channel ${c} is not a whole number in 0..4095`);
    text += `${c};\r\n`;
  }
  return text;
}

export interface OgdPulseStreamOptions {
  model: SpectrumModel;
  response: OgdDetectorResponse;
  /** Mean rate of photons interacting in the crystal, per second (> 0). */
  interactionRateCps: number;
  random: RandomSource;
}

/** Pulses of an Open Gamma Detector over successive intervals: Poisson in number, spectrum-model heights. */
export class OgdPulseStream {
  constructor(private readonly o: OgdPulseStreamOptions) {
    if (!(Number.isFinite(o.interactionRateCps) && o.interactionRateCps > 0))
      throw new RangeError(`interaction rate ${o.interactionRateCps} cps is not > 0`);
    if (!(o.response.keVPerChannel > 0)) throw new RangeError('keV per channel must be > 0');
  }

  /** The channels of the pulses digitised in the next `seconds`. */
  channels(seconds: number): number[] {
    const n = samplePoisson(this.o.random, this.o.interactionRateCps * seconds);
    const out: number[] = [];
    const next = () => this.o.random.nextFloat();
    for (let i = 0; i < n; i++) {
      const channel = ogdChannelOf(sampleDetectedEnergyKeV(this.o.model, next), this.o.response);
      if (channel !== null) out.push(channel);
    }
    return out;
  }

  /** The serial text the detector sends in the next `seconds`. */
  text(seconds: number): string {
    return ogdEventText(this.channels(seconds));
  }
}
