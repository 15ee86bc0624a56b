// The live connection to one station: WebSocket `/api/live?stationId=…` carrying LiveState (packages/api).
// Reconnects by itself with a short backoff; marks the state stale when frames stop arriving while the
// socket is open, so the screen never shows old numbers as if they were current.
import { LiveServerMessage, type LiveState, type StationInfo } from '@openrgs/api';
import type { z } from 'zod';
import { storedToken } from './api.js';
import { recordArrival } from './live/latency.js';

type Station = z.infer<typeof StationInfo>;

export type ConnectionStatus = 'connecting' | 'open' | 'down';

export interface TrendPoint {
  /** Server receive time of the frame, epoch ms. */
  atMs: number;
  rateCps: number;
  backgroundMeanCps: number | null;
  backgroundSdCps: number | null;
  thresholdCps: number | null;
}

/**
 * The current site since Space: the server's own figures (siteCounts/siteSeconds of each frame, what a
 * mark records), or, from a server that sends none, the sum of the frames this screen got.
 */
export interface SiteAccumulator {
  counts: number;
  durationSeconds: number;
  frames: number;
  /** Frames the server sent that this screen missed (sequence gaps). */
  missedFrames: number;
  startedAtMs: number;
}

export interface LiveSnapshot {
  connection: ConnectionStatus;
  /** Reconnect attempts since the connection was last open. */
  attempts: number;
  /** True when no frame arrived for STALE_AFTER_MS although the socket is open. */
  stale: boolean;
  state: LiveState | null;
  /** The station as the server last described it (probe, live session, current site). */
  station: Station | null;
  /** The probe as last reported, by a frame or by a station status message (whichever came last). */
  probe: LiveState['probe'] | null;
  trend: readonly TrendPoint[];
  site: SiteAccumulator;
  /** Frames rejected because they did not match the contract (should stay 0). */
  rejectedFrames: number;
  lastError: string | null;
}

export const TREND_SECONDS = 30;
const STALE_AFTER_MS = 1500;
const BACKOFF_MS = [250, 500, 1000, 2000];

function emptySite(nowMs: number): SiteAccumulator {
  return { counts: 0, durationSeconds: 0, frames: 0, missedFrames: 0, startedAtMs: nowMs };
}

type FrameListener = (state: LiveState) => void;

export class LiveConnection {
  private snapshot: LiveSnapshot;
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly frameListeners = new Set<FrameListener>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAtMs = 0;
  /** The first frame of a site this screen started, until the station message confirms it. */
  private localSiteFromSeq: number | null = null;
  private closed = false;

  constructor(private readonly stationId: string) {
    this.snapshot = {
      connection: 'connecting',
      attempts: 0,
      stale: false,
      state: null,
      station: null,
      probe: null,
      trend: [],
      site: emptySite(Date.now()),
      rejectedFrames: 0,
      lastError: null,
    };
    this.open();
    this.staleTimer = setInterval(() => this.checkStale(), 250);
    window.addEventListener('online', this.reconnectNow);
  }

  get current(): LiveSnapshot {
    return this.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onFrame(listener: FrameListener): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /**
   * Space: a new site starts accumulating from zero. With the server's first frame of the site
   * (`fromSeq`, from its answer to the mark), frames still in flight from the old site are not counted
   * here, and the station message that follows does not restart the count again.
   */
  resetSite(fromSeq?: number): void {
    this.localSiteFromSeq = fromSeq ?? null;
    this.update({ site: emptySite(Date.now()) });
  }

  close(): void {
    this.closed = true;
    window.removeEventListener('online', this.reconnectNow);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.socket?.close();
    this.socket = null;
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private url(): string {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}/api/live?stationId=${encodeURIComponent(this.stationId)}`;
  }

  private open(): void {
    if (this.closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch (error) {
      this.scheduleRetry(error instanceof Error ? error.message : String(error));
      return;
    }
    this.socket = socket;
    this.update({ connection: 'connecting' });
    socket.onopen = () => {
      this.lastFrameAtMs = Date.now();
      // The session cookie authenticates the upgrade; the token message covers a tab without the cookie
      // (the server answers `conflict` when the cookie already did). The `stationId` in the address
      // subscribes as soon as the server is ready, so no subscribe message can race the authentication.
      const token = storedToken();
      if (token) socket.send(JSON.stringify({ type: 'auth', token }));
      this.update({ connection: 'open', attempts: 0, stale: false, lastError: null });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleRetry(event.reason || `connection closed (code ${event.code})`);
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry; nothing else to do here.
    };
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return;
    const attempts = this.snapshot.attempts + 1;
    this.update({ connection: 'down', attempts, lastError: reason });
    const delay = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)] ?? 2000;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private reconnectNow = (): void => {
    if (this.snapshot.connection !== 'down') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  };

  private checkStale(): void {
    // Frames stop while a probe is silent or disconnected: that is the probe's status, not a stale feed.
    const status = this.snapshot.probe?.status;
    const expectingFrames = status === undefined || status === 'connected' || status === 'low-battery';
    const stale =
      this.snapshot.connection === 'open' &&
      expectingFrames &&
      Date.now() - this.lastFrameAtMs > STALE_AFTER_MS;
    if (stale !== this.snapshot.stale) this.update({ stale });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.update({ rejectedFrames: this.snapshot.rejectedFrames + 1, lastError: 'unreadable message' });
      return;
    }
    const parsed = LiveServerMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.update({
        rejectedFrames: this.snapshot.rejectedFrames + 1,
        lastError: `message rejected: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'live':
        if (message.stationId !== this.stationId) return;
        recordArrival(message.seq, message.receivedAtMs);
        this.accept(message);
        return;
      case 'subscribed':
      case 'station':
        if (message.station.id === this.stationId) this.acceptStation(message.station);
        return;
      case 'ready':
        for (const station of message.stations)
          if (station.id === this.stationId) this.acceptStation(station);
        return;
      case 'error':
        if (message.error.code === 'conflict') return; // authenticated twice (cookie and token): harmless
        this.update({ lastError: message.error.message });
        return;
      default:
        return;
    }
  }

  /** A new site on the server (its first frame seq changed) restarts this screen's site accumulator. */
  private acceptStation(station: Station): void {
    const previous = this.snapshot.station?.session;
    const next = station.session;
    const alreadyAligned = next !== null && next.siteFromSeq === this.localSiteFromSeq;
    const siteChanged =
      next !== null &&
      !alreadyAligned &&
      (previous?.siteFromSeq !== next.siteFromSeq || previous?.liveSessionId !== next.liveSessionId);
    if (next === null || !alreadyAligned) this.localSiteFromSeq = null;
    this.update({ station, probe: station.probe, ...(siteChanged ? { site: emptySite(Date.now()) } : {}) });
  }

  private accept(state: LiveState): void {
    this.lastFrameAtMs = Date.now();
    const previous = this.snapshot.state;
    const site = { ...this.snapshot.site };
    if (previous && state.seq > previous.seq + 1) site.missedFrames += state.seq - previous.seq - 1;
    const siteFromSeq = Math.max(
      this.snapshot.station?.session?.siteFromSeq ?? 0,
      this.localSiteFromSeq ?? 0,
    );
    const delivering = state.probe.status === 'connected' || state.probe.status === 'low-battery';
    if (delivering && state.seq >= siteFromSeq) {
      if (state.siteCounts !== undefined && state.siteSeconds !== undefined) {
        // The server's own site: what a mark records. It can be shorter than this screen's sum when the
        // engine restarted the site (a detected step in the rate, or a gap in the frames).
        site.counts = state.siteCounts;
        site.durationSeconds = state.siteSeconds;
      } else {
        site.counts += state.frame.counts;
        site.durationSeconds += state.frame.durationSeconds;
      }
      site.frames += 1;
    }
    const cutoffMs = state.receivedAtMs - TREND_SECONDS * 1000;
    const trend = this.snapshot.trend.filter((point) => point.atMs >= cutoffMs);
    trend.push({
      atMs: state.receivedAtMs,
      rateCps: state.rateCps,
      backgroundMeanCps: state.background?.meanCps ?? null,
      backgroundSdCps: state.background?.sdCps ?? null,
      thresholdCps: state.background?.thresholdCps ?? null,
    });
    this.update({ state, probe: state.probe, site, trend, stale: false });
    for (const listener of this.frameListeners) listener(state);
  }
}
