// Plays the audio cue the counting engine computed (LiveState.audio) through Web Audio. The console
// decides nothing about the physics of the cue: it only renders it in the mode the user chose.
//   pitch   — a continuous tone whose pitch follows the rate (the engine's log mapping)
//   squelch — the engine's cue as is: silent until the rate is credibly above background
//   clicks  — one short click per count spread over the frame, like a Geiger counter
// live/cue.ts turns a LiveState into what each mode plays.
// A distinct two-tone alert sounds when the probe or the live connection is lost, so silence is never
// mistaken for "no activity" (STYLE.md: in the operating room silence is a hazard).

export type AudioMode = 'pitch' | 'squelch' | 'clicks';
export const AUDIO_MODES: readonly { id: AudioMode; label: string }[] = [
  { id: 'squelch', label: 'Pitch + squelch' },
  { id: 'pitch', label: 'Pitch, always' },
  { id: 'clicks', label: 'Clicks' },
];

/** Above this many clicks per second the ear hears a buzz anyway; more would only load the CPU. */
const MAX_CLICKS_PER_SECOND = 400;
/** Time constant of pitch and gain glides, seconds: fast enough to follow a sweep, without zipper noise. */
const GLIDE_SECONDS = 0.03;

export interface AudioSettings {
  mode: AudioMode;
  /** User volume 0..1, applied after the cue's own gain. */
  volume: number;
  muted: boolean;
}

export class AudioEngine {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private toneGain: GainNode | null = null;
  private oscillator: OscillatorNode | null = null;
  private clickBuffer: AudioBuffer | null = null;
  private settings: AudioSettings;
  private readonly listeners = new Set<() => void>();

  constructor(settings: AudioSettings) {
    this.settings = settings;
  }

  /** Whether sound can play: the browser allows an AudioContext only after a user gesture. */
  get running(): boolean {
    return this.context?.state === 'running';
  }

  get current(): AudioSettings {
    return this.settings;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Call from a user gesture (key or click): creates or resumes the AudioContext. */
  unlock(): void {
    if (!this.context) {
      const context = new AudioContext({ latencyHint: 'interactive' });
      this.context = context;
      this.master = context.createGain();
      this.master.connect(context.destination);
      this.toneGain = context.createGain();
      this.toneGain.gain.value = 0;
      this.toneGain.connect(this.master);
      this.oscillator = context.createOscillator();
      this.oscillator.type = 'triangle';
      this.oscillator.connect(this.toneGain);
      this.oscillator.start();
      this.clickBuffer = makeClick(context);
      context.onstatechange = () => this.notify();
      this.applyMaster();
    }
    if (this.context.state === 'suspended') void this.context.resume().then(() => this.notify());
    this.notify();
  }

  configure(patch: Partial<AudioSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.applyMaster();
    if (this.settings.mode === 'clicks') this.setTone(null, 0);
    this.notify();
  }

  /** Renders one frame's cue (see live/cue.ts). `frameSeconds` spreads the clicks over the frame. */
  play(cue: { frequencyHz: number | null; gain: number; clicks: number }, frameSeconds: number): void {
    if (this.context?.state !== 'running') return;
    this.setTone(cue.frequencyHz, cue.frequencyHz === null ? 0 : cue.gain);
    this.clicks(cue.clicks, frameSeconds);
  }

  /** Stops the tone (probe or connection lost, or leaving the live view). */
  silence(): void {
    this.setTone(null, 0);
  }

  /** Two falling tones: "the probe or the connection was lost". Sounds even when the tone is squelched. */
  alert(): void {
    const context = this.context;
    if (context?.state !== 'running' || !this.master) return;
    const start = context.currentTime + 0.01;
    for (const [index, frequencyHz] of [880, 587].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'square';
      osc.frequency.value = frequencyHz;
      const t0 = start + index * 0.22;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.25, t0 + 0.01);
      gain.gain.setValueAtTime(0.25, t0 + 0.18);
      gain.gain.linearRampToValueAtTime(0, t0 + 0.2);
      osc.connect(gain).connect(this.master);
      osc.start(t0);
      osc.stop(t0 + 0.21);
    }
  }

  private applyMaster(): void {
    if (!this.master || !this.context) return;
    const level = this.settings.muted ? 0 : this.settings.volume;
    this.master.gain.setTargetAtTime(level, this.context.currentTime, GLIDE_SECONDS);
  }

  private setTone(frequencyHz: number | null, gain: number): void {
    if (!this.context || !this.oscillator || !this.toneGain) return;
    const now = this.context.currentTime;
    if (frequencyHz !== null && Number.isFinite(frequencyHz) && frequencyHz > 0) {
      this.oscillator.frequency.setTargetAtTime(frequencyHz, now, GLIDE_SECONDS);
    }
    const level = frequencyHz === null ? 0 : Math.min(1, Math.max(0, gain));
    this.toneGain.gain.setTargetAtTime(level, now, GLIDE_SECONDS);
  }

  private clicks(count: number, frameSeconds: number): void {
    const context = this.context;
    if (!context || !this.clickBuffer || !this.master || count <= 0) return;
    const spanSeconds = frameSeconds > 0 ? Math.min(frameSeconds, 1) : 0.05;
    const n = Math.min(count, Math.ceil(MAX_CLICKS_PER_SECOND * spanSeconds));
    const start = context.currentTime + 0.005;
    for (let i = 0; i < n; i += 1) {
      const source = context.createBufferSource();
      source.buffer = this.clickBuffer;
      source.connect(this.master);
      // Counts are Poisson: uniform random times within the frame sound like a real counter.
      source.start(start + Math.random() * spanSeconds);
    }
  }
}

/** A 2 ms decaying noise burst: the classic counter click. */
function makeClick(context: AudioContext): AudioBuffer {
  const length = Math.max(1, Math.round(context.sampleRate * 0.002));
  const buffer = context.createBuffer(1, length, context.sampleRate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < length; i += 1) data[i] = (Math.random() * 2 - 1) * (1 - i / length) * 0.8;
  return buffer;
}
