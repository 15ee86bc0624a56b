// The protocol-independent core of a driver, without I/O: one codec per connection, clock alignment,
// the stream timeline, silence detection, battery and fault status, counters of issues.
// The live driver feeds it bytes and times from a transport and a clock; the replayer feeds it a recording.
// Both therefore produce the same frames from the same bytes.
import { ClockAligner } from './clock-alignment.js';
import type { CodecHandover, ProbeCodec } from './codecs/codec.js';
import type { ClockEstimate } from './driver-api.js';
import type {
  CodecEvent,
  DeviceFrame,
  ProbeEvent,
  ProbeIdentity,
  ProbeStatus,
  ProtocolName,
} from './types.js';

export interface SessionOptions {
  protocol: ProtocolName;
  /** A fresh codec per connection; `handover` is what the previous connection's codec left. */
  createCodec: (handover?: CodecHandover) => ProbeCodec;
  emit: (event: ProbeEvent) => void;
  /**
   * `silent` is raised when no frame has arrived for the last frame's duration plus this, ms.
   * With the driver's tick period (100 ms) the event comes at most grace + tick after a frame was due.
   */
  silenceGraceMs?: number;
  /** After connecting, `silent` if no first frame within this, ms (handshakes take time). */
  firstFrameTimeoutMs?: number;
  /** Raise `low-battery` when the device reports a voltage below this, volts (no default: device-specific). */
  lowBatteryVolts?: number;
  /** Device frames that leave a gap larger than this on the host timeline are re-anchored, ms. */
  reanchorMs?: number;
}

export class ProbeSession {
  private codec: ProbeCodec | undefined;
  private handoverState: CodecHandover | undefined;
  private readonly aligner = new ClockAligner();
  private epochNumber = 0;
  private connectedAtMs: number | undefined;
  private lastFrameArrivalMs: number | undefined;
  private lastFrameDurationMs = 0;
  private silent = false;
  private lowBattery = false;
  private faulted = false;
  private previousDeviceEndSeconds: number | undefined;
  private previousStreamEndSeconds: number | undefined;
  private identityValue: ProbeIdentity | undefined;
  private fatal: string | undefined;
  private timelineOriginMs: number | undefined;
  private readonly silenceGraceMs: number;
  private readonly firstFrameTimeoutMs: number;
  private readonly reanchorMs: number;
  readonly counters = { bytesReceived: 0, bytesSent: 0, frames: 0, issues: {} as Record<string, number> };
  state: ProbeStatus['kind'] = 'stopped';

  constructor(private readonly options: SessionOptions) {
    this.silenceGraceMs = options.silenceGraceMs ?? 500;
    this.firstFrameTimeoutMs = options.firstFrameTimeoutMs ?? 3000;
    this.reanchorMs = options.reanchorMs ?? 50;
  }

  get epoch(): number {
    return this.epochNumber;
  }

  identity(): ProbeIdentity | undefined {
    return this.identityValue;
  }

  clockEstimate(): ClockEstimate | undefined {
    return this.aligner.current();
  }

  /** Set when the codec said the protocol cannot continue on this connection. */
  fatalReason(): string | undefined {
    return this.fatal;
  }

  status(status: ProbeStatus): void {
    this.state = status.kind;
    this.options.emit({ type: 'status', status });
  }

  /** A new connection: fresh codec and clock alignment. Returns the opening requests. */
  connected(hostMs: number, transport: string): Uint8Array[] {
    this.codec = this.options.createCodec(this.handoverState);
    this.epochNumber++;
    this.aligner.reset();
    this.previousDeviceEndSeconds = undefined;
    this.connectedAtMs = hostMs;
    this.lastFrameArrivalMs = undefined;
    this.silent = false;
    this.faulted = false;
    this.fatal = undefined;
    this.status({ kind: 'connected', transport, hostMs });
    const step = this.codec.open(hostMs);
    this.handle(step.events);
    return step.writes;
  }

  sent(bytes: Uint8Array, hostMs: number): void {
    if (this.codec === undefined) return;
    this.counters.bytesSent += bytes.length;
    this.handle(this.codec.sent(bytes, hostMs));
  }

  received(chunk: Uint8Array, hostMs: number): void {
    if (this.codec === undefined) return;
    // Silence is judged before the bytes that end it, whether or not a tick came in between: the same
    // statuses live and on replay, whatever the tick phase.
    this.checkSilence(hostMs);
    this.counters.bytesReceived += chunk.length;
    this.handle(this.codec.received(chunk, hostMs));
  }

  /** Time passes: codec timeouts, silence. Returns requests due now. */
  tick(hostMs: number): Uint8Array[] {
    if (this.codec === undefined) return [];
    const step = this.codec.tick(hostMs);
    this.handle(step.events);
    this.checkSilence(hostMs);
    return step.writes;
  }

  /** Requests to send before a deliberate close. */
  closing(): Uint8Array[] {
    return this.codec?.close() ?? [];
  }

  /** The connection ended; partial messages are finished or counted. */
  disconnected(hostMs: number): void {
    if (this.codec === undefined) return;
    this.handle(this.codec.flush(hostMs));
    this.handoverState = this.codec.handover?.();
    this.codec = undefined;
    this.connectedAtMs = undefined;
  }

  private checkSilence(hostMs: number): void {
    // A device that reports a fault (e.g. switched off) is in `error`; silence then says nothing new.
    if (this.connectedAtMs === undefined || this.silent || this.faulted) return;
    const since = this.lastFrameArrivalMs ?? this.connectedAtMs;
    const allowedMs =
      this.lastFrameArrivalMs === undefined
        ? this.firstFrameTimeoutMs
        : this.lastFrameDurationMs + this.silenceGraceMs;
    if (hostMs - since > allowedMs) {
      // Dated when it became due, not when a tick noticed it (replay reproduces it exactly).
      this.silent = true;
      this.status({ kind: 'silent', silentForMs: allowedMs, hostMs: since + allowedMs });
    }
  }

  private handle(events: CodecEvent[]): void {
    // Clock readings first: a frame and the reading that dates it arrive in the same batch.
    for (const e of events) if (e.type === 'clock') this.aligner.observe(e.deviceSeconds, e.hostMs);
    for (const e of events) this.handleOne(e);
  }

  private handleOne(e: CodecEvent): void {
    const emit = this.options.emit;
    switch (e.type) {
      case 'clock':
        return;
      case 'frame':
        this.onFrame(e.frame);
        return;
      case 'identity':
        if (this.identityValue !== undefined && e.identity.protocol === 'openrgs') {
          // A HELLO inside a connection: the device restarted, its clock with it.
          this.aligner.reset();
          this.previousDeviceEndSeconds = undefined;
        }
        this.identityValue = e.identity;
        emit({ type: 'identity', identity: e.identity });
        return;
      case 'issue':
        this.counters.issues[e.issue.code] = (this.counters.issues[e.issue.code] ?? 0) + 1;
        emit({ type: 'issue', issue: e.issue });
        return;
      case 'reading':
        emit({ type: 'reading', name: e.name, value: e.value, unit: e.unit, hostMs: e.hostMs });
        return;
      case 'battery': {
        if (e.batteryVolts !== undefined)
          emit({ type: 'reading', name: 'batteryVolts', value: e.batteryVolts, unit: 'V', hostMs: e.hostMs });
        if (e.batteryPercent !== undefined)
          emit({
            type: 'reading',
            name: 'batteryPercent',
            value: e.batteryPercent,
            unit: '%',
            hostMs: e.hostMs,
          });
        const threshold = this.options.lowBatteryVolts;
        const low =
          e.low === true ||
          (threshold !== undefined && e.batteryVolts !== undefined && e.batteryVolts < threshold);
        if (low && !this.lowBattery) {
          this.status({
            kind: 'low-battery',
            hostMs: e.hostMs,
            ...(e.batteryVolts !== undefined ? { batteryVolts: e.batteryVolts } : {}),
            ...(e.batteryPercent !== undefined ? { batteryPercent: e.batteryPercent } : {}),
          });
        }
        this.lowBattery = low;
        return;
      }
      case 'device-fault':
        this.faulted = true;
        this.status({ kind: 'error', reason: `device reports ${e.reason}`, hostMs: e.hostMs });
        return;
      case 'device-ok':
        if (this.faulted) {
          this.status({ kind: 'receiving', hostMs: e.hostMs });
          // Frames come back after the fault: wait for the first one as after connecting.
          if (this.connectedAtMs !== undefined) {
            this.connectedAtMs = e.hostMs;
            this.lastFrameArrivalMs = undefined;
          }
        }
        this.faulted = false;
        return;
      case 'fatal':
        this.fatal = e.reason;
        this.status({ kind: 'error', reason: e.reason, hostMs: e.hostMs });
        return;
    }
  }

  private onFrame(frame: DeviceFrame): void {
    const codec = this.codec;
    if (codec === undefined) return;
    let hostStartMs: number;
    if (codec.frameTimeBase === 'host') hostStartMs = frame.startSeconds * 1000;
    else {
      const mapped = this.aligner.toHostMs(frame.startSeconds);
      // A device frame without any clock reading cannot be placed; codecs always send one with it.
      hostStartMs = mapped ?? frame.arrivalHostMs - frame.durationSeconds * 1000;
    }
    // Second 0 of the stream timeline is the (host-aligned) start of the first frame.
    this.timelineOriginMs ??= hostStartMs;
    let startSeconds = (hostStartMs - this.timelineOriginMs) / 1000;
    const previousEnd = this.previousStreamEndSeconds;
    if (previousEnd !== undefined) {
      const contiguous =
        this.previousDeviceEndSeconds !== undefined &&
        Math.abs(frame.startSeconds - this.previousDeviceEndSeconds) < 1e-9;
      // Contiguous device frames stay contiguous (no jitter from the estimate); a real gap shows as a gap;
      // the timeline never goes back.
      if ((contiguous && startSeconds - previousEnd < this.reanchorMs / 1000) || startSeconds < previousEnd) {
        startSeconds = previousEnd;
      }
    }
    const out = {
      startSeconds,
      durationSeconds: frame.durationSeconds,
      counts: frame.counts,
      ...(frame.liveTimeSeconds !== undefined ? { liveTimeSeconds: frame.liveTimeSeconds } : {}),
      ...(frame.sequence !== undefined ? { sequence: frame.sequence } : {}),
      deviceStartSeconds: frame.startSeconds,
      arrivalHostMs: frame.arrivalHostMs,
      epoch: this.epochNumber,
      ...(frame.spectrum !== undefined ? { spectrum: frame.spectrum } : {}),
      ...(frame.pulseHeights !== undefined ? { pulseHeights: frame.pulseHeights } : {}),
    };
    this.previousDeviceEndSeconds = frame.startSeconds + frame.durationSeconds;
    this.previousStreamEndSeconds = startSeconds + frame.durationSeconds;
    this.lastFrameArrivalMs = frame.arrivalHostMs;
    this.lastFrameDurationMs = frame.durationSeconds * 1000;
    this.counters.frames++;
    if (this.silent) {
      this.silent = false;
      this.status({ kind: 'receiving', hostMs: frame.arrivalHostMs });
    }
    this.options.emit({ type: 'frame', frame: out });
  }
}
