// One station at run time: frames from its source → counting live engine → LiveState to subscribers;
// frames of an active session → the frame writer; a watchdog turns silence into a visible status.
import type { LiveState, ProbeStatus, StationInfo } from '@openrgs/api';
import {
  type CountFrame,
  createLiveEngine,
  type LiveEngine,
  type LiveSnapshot,
  type SprtCalibrationCache,
} from '@openrgs/counting';
import type { Measurement } from '@openrgs/store';
import { LIVE_DECISION } from '../domain/decision.js';
import type { FrameWriter } from './frame-writer.js';
import type { StationSource } from './station-source.js';

export interface Subscriber {
  readonly id: number;
  send(text: string): void;
}

export interface ActiveSession {
  liveSessionId: string;
  caseId: string;
  startedAt: string;
  siteLabel: string | null;
  siteKind: Measurement['kind'] | null;
  siteFromSeq: number;
}

/** Probe units offer an integration time; 'adaptive' restarts at a detected step and grows to 30 s. */
export const INTEGRATION_MODES = [
  { id: 'adaptive', label: 'Adaptive (restarts at a step, up to 30 s)', windowSeconds: null },
  { id: 'window-1s', label: 'Fixed 1 s', windowSeconds: 1 },
  { id: 'window-2s', label: 'Fixed 2 s', windowSeconds: 2 },
  { id: 'window-5s', label: 'Fixed 5 s', windowSeconds: 5 },
  { id: 'window-10s', label: 'Fixed 10 s', windowSeconds: 10 },
] as const;
export type IntegrationMode = (typeof INTEGRATION_MODES)[number]['id'];

function displayedRate(
  snapshot: LiveSnapshot,
  mode: IntegrationMode,
): { rateCps: number; rateLowCps: number; rateHighCps: number } {
  const seconds = INTEGRATION_MODES.find((m) => m.id === mode)?.windowSeconds ?? null;
  const window = seconds === null ? undefined : snapshot.windows.find((w) => w.windowSeconds === seconds);
  const source = window ?? snapshot;
  return { rateCps: source.rateCps, rateLowCps: source.rateLowCps, rateHighCps: source.rateHighCps };
}

interface KeptFrame {
  seq: number;
  seconds: number;
}

/** Frames kept to map the engine's site back to frame numbers: 20 min at 20 Hz. */
const KEPT_FRAMES = 24_000;

/**
 * What one frame's LiveState showed about the current site: a mark names the frame (`toSeq`) and the
 * server records exactly these figures, not those of frames that arrived while the request travelled.
 */
export interface SiteEvidence {
  seq: number;
  /** Host time (epoch ms) the frame was received: when the count shown ended. */
  receivedAtMs: number;
  /** First frame of the engine's site at this frame. */
  fromSeq: number;
  snapshot: LiveSnapshot;
}

const finiteOrNull = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) ? value : null;

/** Snapshots kept per station for marks to name: 5 minutes at 20 Hz (objects the engine made anyway). */
const EVIDENCE_FRAMES = 6_000;

export class LiveStation {
  readonly engine: LiveEngine;
  private seq = -1;
  private lastFrameAtMs: number | null = null;
  private status: { status: ProbeStatus; reason?: string } = { status: 'connected' };
  private sourceStatus: { status: ProbeStatus; reason?: string } = { status: 'connected' };
  session: ActiveSession | null = null;
  /** First frame seq recorded into the active session (frames before it are not on disk for it). */
  sessionFromSeq = 0;
  private readonly subscribers = new Map<number, Subscriber>();
  private kept: KeptFrame[] = [];
  private evidence: SiteEvidence[] = [];
  /** First frame seq of the engine's current site (kept in step with its restarts). */
  private siteFrom = 0;
  private siteSecondsBefore = 0;
  /** Frames the station produced but a slow subscriber could not take (its buffer was full). */
  droppedSends = 0;
  /** Which rate the screens show: the engine's adaptive rate or one of its fixed windows. */
  integrationMode: IntegrationMode = 'adaptive';

  constructor(
    readonly source: StationSource,
    private readonly writer: FrameWriter,
    private readonly onChange: (station: LiveStation) => void,
    private readonly now: () => number,
    calibrations: SprtCalibrationCache,
  ) {
    // Calibrate the sequential test when the background is set, not on a site's first frame.
    this.engine = createLiveEngine({
      decision: LIVE_DECISION,
      calibrations,
      expectedFrameSeconds: source.frameSeconds,
    });
  }

  get id(): string {
    return this.source.id;
  }

  get lastSeq(): number | null {
    return this.seq < 0 ? null : this.seq;
  }

  start(): void {
    this.source.start({
      frame: (frame, receivedAtMs) => this.onFrame(frame, receivedAtMs),
      status: (status, reason) => {
        this.sourceStatus = reason === undefined ? { status } : { status, reason };
        this.setStatus(this.sourceStatus);
      },
    });
  }

  info(): StationInfo {
    return {
      id: this.source.id,
      name: this.source.name,
      kind: this.source.kind,
      scenario: this.source.scenario,
      probe: { name: this.source.name, ...this.status },
      frameSeconds: this.source.frameSeconds,
      lastSeq: this.lastSeq,
      session: this.session,
      poseSupported: this.source.pose !== undefined,
      integrationMode: this.integrationMode,
      spectrumSupported: this.source.spectrum !== undefined,
    };
  }

  subscribe(subscriber: Subscriber): void {
    this.subscribers.set(subscriber.id, subscriber);
  }

  unsubscribe(id: number): void {
    this.subscribers.delete(id);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  broadcast(text: string): void {
    for (const s of this.subscribers.values()) s.send(text);
  }

  private setStatus(next: { status: ProbeStatus; reason?: string }): void {
    if (next.status === this.status.status && next.reason === this.status.reason) return;
    this.status = next;
    this.onChange(this);
  }

  /** Called by the hub's watchdog: no frame for a while is a hazard shown at once, not a log line. */
  checkSilence(): void {
    if (this.sourceStatus.status !== 'connected') return;
    const limitMs = Math.max(1000, 5 * this.source.frameSeconds * 1000);
    const last = this.lastFrameAtMs;
    const silentMs = last === null ? null : this.now() - last;
    if (silentMs !== null && silentMs > limitMs) {
      this.setStatus({ status: 'silent', reason: `no frame for ${(silentMs / 1000).toFixed(1)} s` });
    }
  }

  private onFrame(frame: CountFrame, receivedAtMs: number): void {
    this.seq += 1;
    this.lastFrameAtMs = this.now();
    if (this.status.status === 'silent') this.setStatus(this.sourceStatus);
    const snapshot = this.engine.push(frame);
    if (snapshot.frameStatus === 'accepted') {
      // Only accepted frames count at the site, so only they map its seconds back to frame numbers.
      const seconds = frame.liveTimeSeconds ?? frame.durationSeconds;
      this.kept.push({ seq: this.seq, seconds });
      if (this.kept.length > KEPT_FRAMES * 1.25) this.kept = this.kept.slice(-KEPT_FRAMES);
      const continued =
        Math.abs(this.siteSecondsBefore + seconds - snapshot.site.seconds) <= 1e-9 * (1 + seconds);
      // The engine restarted its site (a detected step, or a gap): find the frame where it now starts.
      if (!continued) this.siteFrom = this.siteStartSeq(snapshot.site.seconds);
      this.siteSecondsBefore = snapshot.site.seconds;
    }
    this.evidence.push({ seq: this.seq, receivedAtMs, fromSeq: this.siteFrom, snapshot });
    if (this.evidence.length > EVIDENCE_FRAMES * 1.25) this.evidence = this.evidence.slice(-EVIDENCE_FRAMES);
    if (this.subscribers.size > 0) this.broadcast(JSON.stringify(this.liveState(snapshot, receivedAtMs)));
    if (this.session !== null) {
      this.writer.append({
        liveSessionId: this.session.liveSessionId,
        seq: this.seq,
        startSeconds: frame.startSeconds,
        durationSeconds: frame.durationSeconds,
        counts: frame.counts,
        liveTimeSeconds: frame.liveTimeSeconds ?? null,
        receivedAtMs,
      });
    }
  }

  liveState(snapshot: LiveSnapshot, receivedAtMs: number): LiveState {
    const rate = displayedRate(snapshot, this.integrationMode);
    return {
      type: 'live',
      stationId: this.source.id,
      seq: this.seq,
      receivedAtMs,
      probe: { name: this.source.name, ...this.status },
      frame: snapshot.frame,
      ...rate,
      background: snapshot.background,
      ratio: snapshot.ratio,
      ratioLow: snapshot.ratioLow,
      ratioHigh: snapshot.ratioHigh,
      verdict: snapshot.verdict,
      evidence: snapshot.evidence,
      holdStillSeconds: snapshot.holdStillSeconds,
      audio: snapshot.audio,
      siteCounts: snapshot.site.counts,
      siteSeconds: snapshot.site.seconds,
      siteFromSeq: this.siteFrom,
      siteRateLowCps: snapshot.site.rateLowCps,
      siteRateHighCps: snapshot.site.rateHighCps,
      siteRatio: snapshot.site.ratio,
      siteRatioLow: snapshot.site.ratio === null ? null : finiteOrNull(snapshot.site.ratioLow),
      siteRatioHigh: snapshot.site.ratio === null ? null : finiteOrNull(snapshot.site.ratioHigh),
      frameIssue: snapshot.frameIssue,
      confidencePercent: snapshot.confidence === null ? null : snapshot.confidence * 100,
      provisional: snapshot.provisional,
      warnings: snapshot.warnings,
    };
  }

  /** What the screens showed at frame `seq` (null when it is not held: too old, or not yet produced). */
  evidenceAt(seq: number): SiteEvidence | null {
    const first = this.evidence[0];
    if (first === undefined) return null;
    const found = this.evidence[seq - first.seq];
    return found !== undefined && found.seq === seq ? found : null;
  }

  /** The newest frame's evidence, null before the first frame. */
  get latestEvidence(): SiteEvidence | null {
    return this.evidence[this.evidence.length - 1] ?? null;
  }

  /** Frame seq where the engine's current site began (it may restart on a detected step). */
  siteStartSeq(siteSeconds: number): number {
    if (!(siteSeconds > 0)) return this.seq + 1;
    let sum = 0;
    for (let i = this.kept.length - 1; i >= 0; i -= 1) {
      const f = this.kept[i]!;
      sum += f.seconds;
      if (sum >= siteSeconds * (1 - 1e-9)) return f.seq;
    }
    return this.kept[0]?.seq ?? 0;
  }

  /**
   * Resuming a session of a previous process: frame numbers continue after `lastSeq` (never reused, so
   * the frames on disk keep their keys), and the site restarts at the next frame, whose seq is returned.
   */
  continueAfter(lastSeq: number): number {
    if (this.seq < lastSeq) {
      this.seq = lastSeq;
      // Held frames and snapshots were numbered before the jump; none belongs to the resumed session.
      this.kept = [];
      this.evidence = [];
    }
    return this.restartSite();
  }

  /** Restarts the engine's site at the next frame; returns that frame's seq. */
  restartSite(): number {
    this.engine.markNewSite();
    this.siteFrom = this.seq + 1;
    this.siteSecondsBefore = 0;
    return this.siteFrom;
  }

  markSite(siteLabel: string, kind: Measurement['kind']): number {
    const fromSeq = this.restartSite();
    if (this.session !== null)
      this.session = { ...this.session, siteLabel, siteKind: kind, siteFromSeq: fromSeq };
    this.onChange(this);
    return fromSeq;
  }

  async stop(): Promise<void> {
    await this.source.stop();
  }
}
