// All stations of this server, and the operations on them that touch the record: start/end a live
// session for a case, mark a site, record a measurement from the live counts.
import { MeasurementKind } from '@openrgs/api';
import { SprtCalibrationCache } from '@openrgs/counting';
import type {
  Actor,
  BackgroundSiteDecision,
  LiveSession,
  Measurement,
  SiteMark,
  Store,
} from '@openrgs/store';
import { caseBackgroundInput } from '../domain/background-input.js';
import { deriveMeasurement, liveVerdict } from '../domain/derive-measurement.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import type { FrameWriter } from './frame-writer.js';
import { LiveStation, type SiteEvidence } from './station.js';
import type { StationSource } from './station-source.js';

export interface LiveRecordBody {
  kind: MeasurementKind;
  siteLabel?: string | undefined;
  lesionId?: string | null | undefined;
  specimenId?: string | null | undefined;
  /** The frame whose figures the screen showed; absent → the latest frame. */
  toSeq?: number | undefined;
  /** The site's first frame as the screen has it; checked against the server's. */
  fromSeq?: number | undefined;
}

const SYSTEM_START = { userId: null, username: 'system (server start)' };

/**
 * Frame numbers skipped when a session resumes. A killed process may have shown frames that never
 * reached the disk (up to one flush period, longer under load); their numbers are never reused, so a
 * mark a screen sent before the restart (naming such a frame) cannot be matched to a new frame.
 */
const RESUME_SEQ_GAP = 1000;

export class StationHub {
  private readonly stations = new Map<string, LiveStation>();
  private readonly calibrations = new SprtCalibrationCache();
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    readonly writer: FrameWriter,
    private readonly now: () => number = Date.now,
  ) {}

  add(source: StationSource): LiveStation {
    if (this.stations.has(source.id)) throw new Error(`station id '${source.id}' is already attached`);
    const station = new LiveStation(source, this.writer, (s) => this.changed(s), this.now, this.calibrations);
    this.stations.set(source.id, station);
    station.start();
    this.watchdog ??= setInterval(() => {
      for (const s of this.stations.values()) s.checkSilence();
    }, 200);
    this.watchdog.unref();
    return station;
  }

  list(): LiveStation[] {
    return [...this.stations.values()];
  }

  find(id: string): LiveStation | undefined {
    return this.stations.get(id);
  }

  get(id: string): LiveStation {
    const station = this.stations.get(id);
    if (!station) {
      const known = [...this.stations.keys()];
      throw notFound(
        `station '${id}' is not attached to this server${known.length > 0 ? ` (stations: ${known.join(', ')})` : ''}`,
        'params.id',
      );
    }
    return station;
  }

  /** Tells the station's screens that it changed (settings, status…). */
  announce(station: LiveStation): void {
    this.changed(station);
  }

  private changed(station: LiveStation): void {
    station.broadcast(JSON.stringify({ type: 'station', station: station.info() }));
  }

  async startSession(
    actor: Actor,
    stationId: string,
    caseId: string,
    probeId: string | null,
  ): Promise<LiveSession> {
    const station = this.get(stationId);
    if (station.session !== null) {
      throw conflict(
        `station '${stationId}' is already recording into case ${station.session.caseId} (live session ` +
          `${station.session.liveSessionId}); end that session first`,
        'params.id',
      );
    }
    const session = await this.store.live.start(actor, {
      caseId,
      stationId,
      probeId,
      probeName: station.source.name,
    });
    const firstSeq = station.restartSite();
    station.sessionFromSeq = firstSeq;
    station.session = {
      liveSessionId: session.id,
      caseId,
      startedAt: session.startedAt,
      siteLabel: null,
      siteKind: null,
      siteFromSeq: firstSeq,
    };
    await this.refreshBackground(caseId);
    this.changed(station);
    return session;
  }

  async endSession(actor: Actor, liveSessionId: string): Promise<LiveSession> {
    const station = this.list().find((s) => s.session?.liveSessionId === liveSessionId);
    // Frames of the session reach the disk before it is marked ended.
    await this.writer.flush();
    const ended = await this.store.live.end(actor, liveSessionId);
    if (station) {
      station.session = null;
      this.changed(station);
    }
    return ended;
  }

  async markSite(
    actor: Actor,
    stationId: string,
    siteLabel: string,
    kind: MeasurementKind,
  ): Promise<SiteMark> {
    const station = this.get(stationId);
    const session = station.session;
    if (session === null) {
      throw conflict(`station '${stationId}' has no live session; start one for a case first`, 'params.id');
    }
    // The engine's site starts now, and the stored mark names the same first frame: frames that arrive
    // while the mark is being written belong to the new site in both (the screen aligns to fromSeq).
    const fromSeq = station.markSite(siteLabel, kind);
    return this.store.live.markSite(actor, {
      liveSessionId: session.liveSessionId,
      fromSeq,
      siteLabel,
      kind,
    });
  }

  /**
   * Records the site figures one frame showed (`toSeq`, default the latest) into the session's case:
   * counts, seconds and frame range of the site, rate, T/B and their intervals, verdict with confidence
   * and evidence, background model and rule — the figures on screen, not those of later frames.
   */
  async recordFromLive(
    actor: Actor,
    stationId: string,
    idempotencyKey: string,
    requestHash: string,
    body: LiveRecordBody,
  ): Promise<{ measurement: Measurement; created: boolean }> {
    const station = this.get(stationId);
    const session = station.session;
    if (session === null) {
      throw conflict(`station '${stationId}' has no live session; start one for a case first`, 'params.id');
    }
    const siteLabel = body.siteLabel ?? session.siteLabel;
    if (siteLabel === null || siteLabel === undefined) {
      throw badRequest('no site label: mark a site first or send siteLabel', 'body.siteLabel');
    }
    const shown = this.shownEvidence(station, stationId, body);
    const site = shown?.snapshot.site;
    const input = {
      kind: body.kind,
      siteLabel,
      counts: site?.counts ?? 0,
      durationSeconds: site?.seconds ?? 0,
      measuredAt: new Date(shown?.receivedAtMs ?? this.now()).toISOString(),
      lesionId: body.lesionId ?? null,
      specimenId: body.specimenId ?? null,
      probeId: null,
      liveSessionId: session.liveSessionId,
      fromSeq: shown === null ? null : shown.fromSeq,
      toSeq: shown === null ? null : shown.seq,
      source: 'live' as const,
    };
    // Make sure the frames this measurement points at are on disk before it is acknowledged.
    await this.writer.flush();
    const result = await this.store.measurements.record(actor, {
      caseId: session.caseId,
      idempotencyKey,
      requestHash,
      input,
      derive: (context, i) => {
        if (!(i.durationSeconds > 0) || shown === null) {
          throw new ApiError(
            'conflict',
            `station '${stationId}' has no counts at the current site yet; hold the probe still and retry`,
            'params.id',
          );
        }
        return deriveMeasurement(context, i, liveVerdict(shown.snapshot, i.kind));
      },
    });
    if (result.created && body.kind === 'background') await this.refreshBackground(session.caseId);
    return result;
  }

  /** The frame whose figures the screen showed, checked to belong to the session and the screen's site. */
  private shownEvidence(station: LiveStation, stationId: string, body: LiveRecordBody): SiteEvidence | null {
    if (body.toSeq === undefined) return station.latestEvidence;
    const shown = station.evidenceAt(body.toSeq);
    const latest = station.latestEvidence;
    if (shown === null) {
      throw conflict(
        latest === null || body.toSeq < latest.seq
          ? `station '${stationId}' no longer holds the figures of frame ${body.toSeq} (older than about 5 minutes, or from before a server restart); measure the site again (Space)`
          : `station '${stationId}' has not produced frame ${body.toSeq} yet (its latest is ${latest.seq})`,
        'body.toSeq',
      );
    }
    if (shown.seq < station.sessionFromSeq) {
      throw conflict(
        `frame ${shown.seq} was counted before this live session started (its first frame is ${station.sessionFromSeq})`,
        'body.toSeq',
      );
    }
    if (body.fromSeq !== undefined && body.fromSeq !== shown.fromSeq) {
      throw conflict(
        `the site on screen starts at frame ${body.fromSeq}, but at frame ${shown.seq} the server's site starts at frame ${shown.fromSeq}; measure the site again (Space)`,
        'body.fromSeq',
      );
    }
    return shown;
  }

  /**
   * Feeds the case's background to every station recording into that case: its plausible sites, the
   * team's keep/drop decisions on flagged ones, and the spread prior learnt from past cases.
   */
  async refreshBackground(caseId: string): Promise<void> {
    const targets = this.list().filter((s) => s.session?.caseId === caseId);
    if (targets.length === 0) return;
    // Rows no longer plausible (written before the edge refused them) are left out, never fed to the engine.
    const { input } = await caseBackgroundInput(this.store, caseId);
    for (const station of targets) {
      if (input === null) {
        station.engine.setBackground(null);
        continue;
      }
      const result = station.engine.setBackground(input);
      // A model that cannot be built (e.g. every site at zero counts) leaves no background: never the old one.
      if (result !== null && !result.ok) station.engine.setBackground(null);
      this.changed(station);
    }
  }

  /**
   * The team keeps or drops a background site of the session's case (one the outlier check flagged, or
   * any other): recorded and audited, then every station of the case rebuilds its model.
   */
  async decideBackgroundSite(
    actor: Actor,
    stationId: string,
    siteLabel: string,
    action: 'keep' | 'drop',
    reason: string | null,
  ): Promise<BackgroundSiteDecision> {
    const station = this.get(stationId);
    const session = station.session;
    if (session === null) {
      throw conflict(`station '${stationId}' has no live session; start one for a case first`, 'params.id');
    }
    const decision = await this.store.backgroundSites.decide(
      actor,
      session.caseId,
      siteLabel,
      action,
      reason,
    );
    await this.refreshBackground(session.caseId);
    return decision;
  }

  /** Sessions a previous process left open are closed (their frames up to the crash stay). */
  async closeOrphans(): Promise<number> {
    return this.store.live.endOrphans(SYSTEM_START);
  }

  /**
   * At start, once the stations are attached: a session a previous process left open (a restart, a crash)
   * resumes on its station — same case, same live session, the current site's label and kind, the case's
   * background — so the room goes on without retyping anything. Frame numbers continue after the last
   * one on disk; the site's counting restarts at the first new frame (the probe may have moved while the
   * server was down), which is stored as a site mark like any other. Sessions whose station is not
   * attached any more are closed, as before.
   */
  async resumeOpenSessions(): Promise<{ resumed: string[]; closed: number }> {
    const resumed: string[] = [];
    let closed = 0;
    for (const open of await this.store.live.listOpen()) {
      const station = this.find(open.stationId);
      if (station === undefined || station.session !== null) {
        await this.store.live.end(SYSTEM_START, open.id);
        closed += 1;
        continue;
      }
      const detail = await this.store.live.get(open.id);
      const lastMark = detail?.siteMarks[detail.siteMarks.length - 1];
      const afterSeq = detail?.lastSeq ?? null;
      const nextSeq = station.continueAfter(
        Math.max(afterSeq ?? -1, lastMark ? lastMark.fromSeq - 1 : -1) + RESUME_SEQ_GAP,
      );
      station.sessionFromSeq = nextSeq;
      const siteKind = lastMark ? MeasurementKind.parse(lastMark.kind) : null;
      station.session = {
        liveSessionId: open.id,
        caseId: open.caseId,
        startedAt: open.startedAt,
        siteLabel: lastMark?.siteLabel ?? null,
        siteKind,
        siteFromSeq: nextSeq,
      };
      if (lastMark && siteKind !== null) {
        await this.store.live.markSite(SYSTEM_START, {
          liveSessionId: open.id,
          fromSeq: nextSeq,
          siteLabel: lastMark.siteLabel,
          kind: siteKind,
        });
      }
      await this.store.live.recordResume(SYSTEM_START, open.id, {
        afterSeq,
        nextSeq,
        siteLabel: lastMark?.siteLabel ?? null,
        siteKind,
      });
      await this.refreshBackground(open.caseId);
      this.changed(station);
      resumed.push(open.id);
    }
    return { resumed, closed };
  }

  async close(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await Promise.all(this.list().map((s) => s.stop()));
    await this.writer.close();
  }
}
