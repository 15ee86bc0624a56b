// Exact replay of a recording through the same session code the live driver uses.
import { messagesOf, type Outcome } from '@openrgs/outcome';
import type { Clock, TimerHandle } from './clock.js';
import { type CodecOptionsFor, createCodecFor } from './codecs/create.js';
import { type ConnectResult, notConnected, type ProbeDriver, type ProbeListener } from './driver-api.js';
import { EventQueue } from './event-queue.js';
import type { Recording } from './recording.js';
import { ProbeSession } from './session.js';
import type { ProbeEvent } from './types.js';

export interface ReplayOptions {
  /** Override the recorded codec options (normally not: the recorded ones reproduce the live run). */
  codecOptions?: CodecOptionsFor;
  /** Ticks are emulated at this period between recorded events, as the live driver ticks, ms. */
  tickMs?: number;
  silenceGraceMs?: number;
  firstFrameTimeoutMs?: number;
  lowBatteryVolts?: number;
}

/** Feeds a recording to a session up to a given recording time; call `advanceTo` repeatedly. */
export class RecordingPlayer {
  readonly session: ProbeSession;
  private index = 0;
  private open = false;
  private lastTick = 0;
  private finished = false;
  private readonly tickMs: number;

  constructor(
    private readonly recording: Recording,
    emit: (event: ProbeEvent) => void,
    options: ReplayOptions = {},
  ) {
    this.tickMs = options.tickMs ?? 100;
    const codecOptions =
      options.codecOptions ?? (recording.header.codecOptions as CodecOptionsFor | undefined) ?? {};
    this.session = new ProbeSession({
      protocol: recording.header.protocol,
      createCodec: (handover) => createCodecFor(recording.header.protocol, codecOptions, handover),
      emit,
      ...(options.silenceGraceMs !== undefined ? { silenceGraceMs: options.silenceGraceMs } : {}),
      ...(options.firstFrameTimeoutMs !== undefined
        ? { firstFrameTimeoutMs: options.firstFrameTimeoutMs }
        : {}),
      ...(options.lowBatteryVolts !== undefined ? { lowBatteryVolts: options.lowBatteryVolts } : {}),
    });
  }

  get done(): boolean {
    return this.finished;
  }

  /** Processes every entry with t <= `recordingMs` (and the ticks before it). */
  advanceTo(recordingMs: number): void {
    const { entries } = this.recording;
    for (
      let entry = entries[this.index];
      entry !== undefined && entry.hostMs <= recordingMs;
      entry = entries[this.index]
    ) {
      this.ticksUntil(entry.hostMs);
      if (this.open) this.session.tick(entry.hostMs);
      this.apply(entry);
      this.index++;
    }
    if (Number.isFinite(recordingMs)) this.ticksUntil(recordingMs);
    if (this.index >= entries.length) this.finish();
  }

  private ticksUntil(t: number): void {
    if (!this.open) return;
    for (let next = this.lastTick + this.tickMs; next < t; next += this.tickMs) {
      this.session.tick(next);
      this.lastTick = next;
    }
  }

  private apply(entry: Recording['entries'][number]): void {
    const s = this.session;
    switch (entry.kind) {
      case 'open':
        if (this.open) s.disconnected(entry.hostMs);
        s.connected(entry.hostMs, entry.transport);
        this.open = true;
        this.lastTick = entry.hostMs;
        return;
      case 'rx':
        if (this.open) s.received(entry.bytes, entry.hostMs);
        return;
      case 'tx':
        if (this.open) s.sent(entry.bytes, entry.hostMs);
        return;
      case 'close':
        if (this.open) {
          s.disconnected(entry.hostMs);
          s.status({ kind: 'disconnected', reason: entry.reason, retryInMs: null, hostMs: entry.hostMs });
        }
        this.open = false;
        return;
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const last = this.recording.entries[this.recording.entries.length - 1];
    if (this.open && last !== undefined) {
      this.session.disconnected(last.hostMs);
      this.session.status({
        kind: 'disconnected',
        reason: 'end of recording',
        retryInMs: null,
        hostMs: last.hostMs,
      });
    }
    this.open = false;
  }
}

/** Replays a whole recording at once; returns every event (frames, issues, statuses, identities). */
export function replayRecording(recording: Recording, options: ReplayOptions = {}): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  new RecordingPlayer(recording, (e) => events.push(e), options).advanceTo(Number.POSITIVE_INFINITY);
  return events;
}

export interface ReplayDriverOptions extends ReplayOptions {
  /** Reads and parses the recording (called by connect). */
  load: () => Promise<Outcome<Recording>>;
  description: string;
  clock: Clock;
  /** 1 = real time, 10 = ten times faster. */
  speed?: number;
}

/** A ProbeDriver that plays a recording back in (scaled) real time, e.g. a recorded case as a station. */
export function createReplayDriver(options: ReplayDriverOptions): ProbeDriver {
  const { clock } = options;
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`replay speed ${speed} must be > 0`);
  const tickMs = options.tickMs ?? 100;
  const listeners = new Set<ProbeListener>();
  const queues = new Set<EventQueue<ProbeEvent>>();
  let player: RecordingPlayer | undefined;
  let timer: TimerHandle | undefined;
  let running = false;
  let baseMs = 0;
  let protocol = 'openrgs' as ProbeDriver['protocol'];
  // Until connect() reads the recording: now; afterwards the recording's own start time.
  let startedAtWallMs = clock.wallMs();
  const emit = (event: ProbeEvent) => {
    for (const l of listeners) l(event);
    for (const q of queues) q.push(event);
  };
  const stop = () => {
    running = false;
    if (timer) clock.clearTimer(timer);
    timer = undefined;
    emit({ type: 'status', status: { kind: 'stopped', hostMs: clock.nowMs() } });
    for (const q of queues) q.end();
    queues.clear();
  };
  const step = () => {
    timer = undefined;
    if (!running || player === undefined) return;
    player.advanceTo((clock.nowMs() - baseMs) * speed);
    if (player.done) stop();
    else timer = clock.setTimer(step, tickMs);
  };
  return {
    get protocol() {
      return protocol;
    },
    description: options.description,
    get startedAtWallMs() {
      return startedAtWallMs;
    },
    async connect(): Promise<ConnectResult> {
      if (running) return { ok: true, value: { transport: options.description } };
      const loaded = await options.load();
      if (!loaded.ok) return notConnected('bad-recording', messagesOf(loaded.issues));
      protocol = loaded.value.header.protocol;
      const recordedStart = Date.parse(loaded.value.header.startedAt);
      if (Number.isFinite(recordedStart)) startedAtWallMs = recordedStart;
      player = new RecordingPlayer(loaded.value, emit, options);
      running = true;
      baseMs = clock.nowMs();
      step();
      return { ok: true, value: { transport: options.description } };
    },
    async disconnect() {
      if (running) stop();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    events() {
      const q = new EventQueue<ProbeEvent>();
      queues.add(q);
      return q;
    },
    identity: () => player?.session.identity(),
    clockEstimate: () => player?.session.clockEstimate(),
    stats() {
      const s = player?.session;
      return {
        epoch: s?.epoch ?? 0,
        bytesReceived: s?.counters.bytesReceived ?? 0,
        bytesSent: s?.counters.bytesSent ?? 0,
        frames: s?.counters.frames ?? 0,
        issues: { ...(s?.counters.issues ?? {}) },
        reconnects: 0,
        state: s?.state ?? 'stopped',
      };
    },
  };
}
