// The operating-room view of one station: status bar, the numbers, the trend, sound, and the keys that
// record measurements into the open case (Space new site, B background, M measurement picker, S mute).
import {
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import * as api from '../api.js';
import { formatRate, formatSeconds, formatTime } from '../format.js';
import { outbox } from '../outbox.js';
import { errorText } from '../use-async.js';
import { MIN_BACKGROUND_SITES, plural } from '../workflow.js';
import { AudioControls } from './AudioControls.js';
import { audioEngine } from './audio-settings.js';
import { type BackgroundGuide, BackgroundGuideContext } from './BodyMap.js';
import { ProbeStatusBar, statusView } from './ProbeStatusBar.js';
import { type MarkTarget, QuickPicker } from './QuickPicker.js';
import { decidedSitesText, FlaggedSites, RateReadout, RatioReadout, VerdictBadge } from './Readouts.js';
import { StationSettings } from './StationSettings.js';
import { Trend } from './Trend.js';
import {
  isLiveCurrent,
  useLiveAudio,
  useLiveConnection,
  useLiveSnapshot,
  usePaintLatency,
} from './use-live.js';

export interface CaseContext {
  caseId: string;
  lesions: readonly api.Lesion[];
  specimens: readonly api.Specimen[];
  measurements: readonly api.Measurement[];
  /** The case is signed off: the view says so instead of asking for a live session. */
  closed?: boolean;
  /** Called after a lesion or specimen was created or a measurement was saved. */
  onChanged: () => void;
}

type Message = { kind: 'ok' | 'error' | 'info'; text: string };

const VOLUME_STEP = 0.1;
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset']);

/** Keys typed into a text field or a select belong to it; elsewhere the live-view keys apply. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable;
}

export function LiveView(props: {
  stationId: string;
  caseContext?: CaseContext;
  header?: ReactNode;
  aside?: ReactNode;
}) {
  const { stationId, caseContext, header, aside } = props;
  const connection = useLiveConnection(stationId);
  const snapshot = useLiveSnapshot(connection);
  useLiveAudio(connection, snapshot);
  usePaintLatency(snapshot);
  const items = useSyncExternalStore(outbox.subscribe, () => outbox.all);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  // What the current site was recorded as, and the site's first frame: a second mark needs a new site
  // (Space, or the engine restarting the site at a new spot — its first frame then changes).
  const [recorded, setRecorded] = useState<{ label: string; fromSeq: number | null } | null>(null);
  const siteCounter = useRef(1);
  const startingSite = useRef(false);
  // The body map (demo mode) hands back the scenario's background advice through this context.
  const [backgroundAdvice, setBackgroundAdvice] = useState<string | null>(null);

  const state = snapshot?.state ?? null;
  const station = snapshot?.station ?? null;
  const recordedSite = recordedLabel(recorded, state?.siteFromSeq);
  const current = isLiveCurrent(snapshot);
  const sessionForCase = Boolean(caseContext && station?.session?.caseId === caseContext.caseId);
  // T/B and the verdict only against the background of the case being recorded: on a case's page, when
  // this station records that case; on the station's own page, when it records any. Otherwise (no session,
  // a closed case, another case's session) they would be judged against the background of whichever case
  // ran last — the engine keeps it after its session ended: show the rate only.
  const judged = sessionForCase || (!caseContext && station?.session) ? state : null;
  const flaggedOpen = Boolean(judged?.background?.flagged?.some((f) => f.status === 'unconfirmed'));
  const view = statusView({
    connection: snapshot?.connection ?? 'connecting',
    stale: snapshot?.stale ?? false,
    attempts: snapshot?.attempts ?? 0,
    probeName: snapshot?.probe?.name ?? null,
    probeStatus: snapshot?.probe?.status ?? null,
    reason: snapshot?.probe?.reason ?? null,
  });
  const backgroundCount = caseContext?.measurements.filter((m) => m.kind === 'background').length ?? 0;
  /** Background sites stored, plus those sent (or saved but not yet in the reloaded list): the next label. */
  const nextBackgroundNumber = useCallback((): number => {
    const known = new Set(caseContext?.measurements.map((m) => m.id));
    const inFlight = items.filter(
      (i) =>
        i.caseId === caseContext?.caseId &&
        i.body.kind === 'background' &&
        i.state !== 'failed' &&
        !(i.saved && known.has(i.saved.id)),
    ).length;
    return backgroundCount + inFlight + 1;
  }, [caseContext, items, backgroundCount]);
  const backgroundGuide = useMemo<BackgroundGuide>(
    () => ({ recorded: caseContext ? backgroundCount : null, onAdvice: setBackgroundAdvice }),
    [caseContext, backgroundCount],
  );

  const startNewSite = useCallback(async () => {
    setRecorded(null);
    if (!caseContext || !sessionForCase) {
      connection?.resetSite();
      setMessage({ kind: 'info', text: 'New site: counting from zero.' });
      return;
    }
    siteCounter.current += 1;
    const siteLabel = `Site ${siteCounter.current}`;
    // Until the server has marked the site, a mark (B, M) would count on the old one: hold them off.
    startingSite.current = true;
    setMessage({ kind: 'info', text: `Starting ${siteLabel}…` });
    try {
      // A measurement still on its way must be counted on the old site, so wait for it first.
      await outbox.whenIdle(stationId);
      const kind = backgroundCount < MIN_BACKGROUND_SITES ? 'background' : 'in-vivo';
      const mark = await api.markSite(stationId, { siteLabel, kind });
      // Count from the server's first frame of the site, not from whatever is still in flight.
      connection?.resetSite(mark.fromSeq);
      setMessage({ kind: 'info', text: `New site (${siteLabel}): counting from zero.` });
    } catch (error) {
      setMessage({ kind: 'error', text: `The server did not start a new site: ${errorText(error)}` });
    } finally {
      startingSite.current = false;
    }
  }, [connection, caseContext, sessionForCase, stationId, backgroundCount]);

  const mark = useCallback(
    async (target: MarkTarget) => {
      setPickerOpen(false);
      if (!caseContext) {
        setMessage({ kind: 'info', text: 'Open a case to record measurements.' });
        return;
      }
      if (!sessionForCase) {
        setMessage({
          kind: 'error',
          text: 'Not recorded: this station runs no live session for this case. Start it on the case page (Probe).',
        });
        return;
      }
      if (startingSite.current) {
        setMessage({
          kind: 'error',
          text: 'Not recorded: the new site is still starting. Press again in a moment.',
        });
        return;
      }
      const site = connection?.current.site;
      // The frame whose figures are on screen now: the server records exactly these (not later frames).
      const shown = connection?.current.state ?? null;
      const already = recordedLabel(recorded, shown?.siteFromSeq);
      if (already) {
        setMessage({
          kind: 'error',
          text: `This site is already recorded as “${already}”. Press Space for a new site first.`,
        });
        return;
      }
      if (!site || site.frames === 0 || site.durationSeconds <= 0) {
        setMessage({
          kind: 'error',
          text: 'Nothing to record: no counts at this site yet (is the probe connected?).',
        });
        return;
      }
      try {
        let { lesionId, specimenId } = target;
        if (target.newLesion) {
          lesionId = (
            await api.addLesion(caseContext.caseId, {
              label: target.newLesion.label,
              siteCode: target.newLesion.siteCode,
              preopImagingStatus: 'not-seen',
            })
          ).id;
        }
        if (target.newSpecimen) {
          specimenId = (await api.addSpecimen(caseContext.caseId, target.newSpecimen)).id;
        }
        outbox.add({
          caseId: caseContext.caseId,
          stationId,
          body: {
            kind: target.kind,
            siteLabel: target.siteLabel,
            ...(lesionId ? { lesionId } : {}),
            ...(specimenId ? { specimenId } : {}),
            ...(shown?.siteFromSeq !== undefined ? { toSeq: shown.seq, fromSeq: shown.siteFromSeq } : {}),
          },
        });
        setRecorded({ label: target.siteLabel, fromSeq: shown?.siteFromSeq ?? null });
        setMessage({
          kind: 'ok',
          text: `Recording ${target.siteLabel}: ${site.counts.toLocaleString('en-GB')} counts in ${formatSeconds(site.durationSeconds)}${
            shown?.siteFromSeq !== undefined ? ` (frames ${shown.siteFromSeq}–${shown.seq})` : ''
          }. Press Space at the next site.`,
        });
        if (target.newLesion || target.newSpecimen) caseContext.onChanged();
      } catch (error) {
        setMessage({ kind: 'error', text: `Not recorded: ${errorText(error)}` });
      }
    },
    [caseContext, connection, stationId, sessionForCase, recorded],
  );

  useEffect(() => outbox.onSaved(() => caseContext?.onChanged()), [caseContext]);

  // K keeps, D drops the first flagged background site nobody has decided on (one key each: a foot
  // switch can send either). The server records and audits the decision; the verdict follows at once.
  const [deciding, setDeciding] = useState(false);
  const decideFlagged = useCallback(
    async (action: 'keep' | 'drop') => {
      const flagged = connection?.current.state?.background?.flagged?.find((f) => f.status === 'unconfirmed');
      if (!flagged) {
        setMessage({ kind: 'info', text: 'No flagged background site to keep or drop.' });
        return;
      }
      if (!sessionForCase) {
        setMessage({
          kind: 'error',
          text: 'Not decided: this station runs no live session for this case.',
        });
        return;
      }
      setDeciding(true);
      try {
        await api.decideBackgroundSite(stationId, flagged.siteLabel, action);
        setMessage({
          kind: 'ok',
          text: `Background site “${flagged.siteLabel}” ${action === 'keep' ? 'kept: it counts' : 'dropped: it no longer counts'}.`,
        });
        caseContext?.onChanged();
      } catch (error) {
        setMessage({ kind: 'error', text: `Not decided: ${errorText(error)}` });
      } finally {
        setDeciding(false);
      }
    },
    [connection, sessionForCase, stationId, caseContext],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const key = event.key.toLowerCase();
      if (event.key === ' ') {
        // On this screen Space always means "new site" (a foot switch sends it); buttons take Enter.
        event.preventDefault();
        void startNewSite();
      } else if (key === 'b') {
        event.preventDefault();
        void mark({ kind: 'background', siteLabel: `Background ${nextBackgroundNumber()}` });
      } else if (key === 'm') {
        event.preventDefault();
        if (caseContext) setPickerOpen(true);
        else setMessage({ kind: 'info', text: 'Open a case to record measurements.' });
      } else if (key === 'k' || key === 'd') {
        event.preventDefault();
        void decideFlagged(key === 'k' ? 'keep' : 'drop');
      } else if (key === 's') {
        event.preventDefault();
        audioEngine.configure({ muted: !audioEngine.current.muted });
      } else if (event.key === '+' || event.key === '=') {
        audioEngine.configure({ volume: Math.min(1, audioEngine.current.volume + VOLUME_STEP) });
      } else if (event.key === '-') {
        audioEngine.configure({ volume: Math.max(0, audioEngine.current.volume - VOLUME_STEP) });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mark, startNewSite, caseContext, nextBackgroundNumber, decideFlagged]);

  const site = snapshot?.site;
  const recent = items
    .filter((item) => item.caseId === caseContext?.caseId)
    .slice(-4)
    .reverse();

  return (
    <div className={`live ${current ? '' : 'not-current'}`} data-seq={state?.seq}>
      <ProbeStatusBar view={view} />
      {header}
      {caseContext && station && !sessionForCase && (
        <div className="alert warning" role="alert" data-testid="no-session">
          {caseContext.closed
            ? 'This case is closed and signed off: nothing more is recorded here. Its report is on the case page.'
            : 'This station is not recording for this case. Start its live session on the case page (step 2 · Probe) before marking measurements.'}
        </div>
      )}
      <div className={`live-grid${aside ? ' with-map' : ''}`}>
        <div className="live-main">
          <RateReadout state={state} />
          <div className="live-secondary">
            <RatioReadout state={judged} />
            <VerdictBadge state={judged} />
          </div>
          <FlaggedSites state={judged} busy={deciding} />
          {/* Until a flagged background site is kept or dropped, its notice takes the trend's place. */}
          {!flaggedOpen && (
            <Trend points={snapshot?.trend ?? []} dimmed={!current} note={decidedSitesText(judged)} />
          )}
        </div>
        <aside className="live-side" aria-label="Site, recording and sound">
          <section className="panel site" aria-label="Current site">
            <h3>Current site{station?.session?.siteLabel ? ` — ${station.session.siteLabel}` : ''}</h3>
            <div className="site-figures mono" data-testid="site">
              {site
                ? `${site.counts.toLocaleString('en-GB')} counts · ${formatSeconds(site.durationSeconds)}`
                : '—'}
              {site && site.durationSeconds > 0 && (
                <span className="muted"> · {formatRate(site.counts / site.durationSeconds)} cps</span>
              )}
            </div>
            {recordedSite && <div className="small">Recorded as {recordedSite}</div>}
            {site && site.missedFrames > 0 && (
              <div className="small warning-text">
                {plural(site.missedFrames, 'frame')} missed by this screen
              </div>
            )}
            {caseContext && (
              <div className="small muted">
                Background sites: <strong data-testid="background-count">{backgroundCount}</strong>
                {backgroundCount < MIN_BACKGROUND_SITES ? ` of ≥ ${MIN_BACKGROUND_SITES}` : ' recorded'}
              </div>
            )}
            {backgroundAdvice && (
              <div
                className="small background-advice"
                data-testid="background-advice"
                title={backgroundAdvice}
              >
                <span aria-hidden="true">□ </span>
                {backgroundAdvice}
              </div>
            )}
          </section>
          {message && (
            <div
              className={`alert ${message.kind}`}
              role={message.kind === 'error' ? 'alert' : 'status'}
              data-testid="live-message"
            >
              {message.text}
            </div>
          )}
          <AudioControls />
          {recent.length > 0 && <RecordedList items={recent} />}
          <StationSettings stationId={stationId} />
        </aside>
        {aside && (
          <BackgroundGuideContext.Provider value={backgroundGuide}>
            <div className="live-map">{aside}</div>
          </BackgroundGuideContext.Provider>
        )}
      </div>
      <KeyBar />
      {caseContext && (
        <QuickPicker
          open={pickerOpen}
          lesions={caseContext.lesions}
          specimens={caseContext.specimens}
          onPick={(target) => void mark(target)}
          onClose={() => setPickerOpen(false)}
        />
      )}
    </div>
  );
}

/** The label the current site was recorded under, while the site is still the one that was recorded. */
function recordedLabel(
  recorded: { label: string; fromSeq: number | null } | null,
  siteFromSeq: number | undefined,
): string | null {
  if (!recorded) return null;
  if (recorded.fromSeq !== null && siteFromSeq !== undefined && siteFromSeq !== recorded.fromSeq) return null;
  return recorded.label;
}

const RecordedList = memo(function RecordedList({
  items,
}: {
  items: readonly (typeof outbox.all)[number][];
}) {
  return (
    <section className="panel recorded-panel" aria-label="Recorded measurements">
      <h3>Recorded</h3>
      <ul className="recorded" data-testid="recorded">
        {items.map((item) => (
          <li key={item.key} className={`recorded-${item.state}`}>
            <span aria-hidden="true">
              {item.state === 'saved' ? '✓' : item.state === 'failed' ? '✕' : '…'}
            </span>{' '}
            {item.body.siteLabel} · {formatTime(item.markedAt)} ·{' '}
            {item.state === 'saved'
              ? `saved${item.saved ? ` (${item.saved.counts} counts${item.saved.kind === 'background' ? '' : `, ${item.saved.verdict}`})` : ''}`
              : item.state === 'failed'
                ? `NOT saved: ${item.error}`
                : 'saving…'}
            {item.state === 'failed' && (
              <button type="button" className="small" onClick={() => outbox.dismiss(item.key)}>
                Dismiss
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});

const KeyBar = memo(function KeyBar() {
  return (
    <footer className="keybar">
      <span>
        <kbd>Space</kbd> new site
      </span>
      <span>
        <kbd>B</kbd> background
      </span>
      <span>
        <kbd>M</kbd> mark measurement
      </span>
      <span>
        <kbd>K</kbd>
        <kbd>D</kbd> keep/drop flagged
      </span>
      <span>
        <kbd>S</kbd> mute
      </span>
      <span>
        <kbd>+</kbd>
        <kbd>−</kbd> volume
      </span>
      <span>
        <kbd>Tab</kbd> move · <kbd>Enter</kbd> press
      </span>
    </footer>
  );
});
