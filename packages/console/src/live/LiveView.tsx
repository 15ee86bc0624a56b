// The operating-room view of one station: status bar, the numbers, the trend, sound, and the keys that
// record measurements into the open case (Space new site, B background, M measurement picker, S mute).
import { type ReactNode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import * as api from '../api.js';
import { formatRate, formatSeconds, formatTime } from '../format.js';
import { outbox } from '../outbox.js';
import { errorText } from '../use-async.js';
import { AudioControls } from './AudioControls.js';
import { audioEngine } from './audio-settings.js';
import { ProbeStatusBar, statusView } from './ProbeStatusBar.js';
import { type MarkTarget, QuickPicker } from './QuickPicker.js';
import { RateReadout, RatioReadout, VerdictBadge } from './Readouts.js';
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
  measurements: readonly api.Measurement[];
  /** Called after a lesion was created from the picker or a measurement was saved. */
  onChanged: () => void;
}

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
  station?: api.Station;
  caseContext?: CaseContext;
  header?: ReactNode;
  aside?: ReactNode;
}) {
  const { stationId, station, caseContext, header, aside } = props;
  const connection = useLiveConnection(stationId);
  const snapshot = useLiveSnapshot(connection);
  useLiveAudio(connection, snapshot);
  usePaintLatency(snapshot);
  const items = useSyncExternalStore(outbox.subscribe, () => outbox.all);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);

  const state = snapshot?.state ?? null;
  const current = isLiveCurrent(snapshot);
  const view = statusView({
    connection: snapshot?.connection ?? 'connecting',
    stale: snapshot?.stale ?? false,
    attempts: snapshot?.attempts ?? 0,
    probeName: state?.probe.name ?? null,
    probeStatus: state?.probe.status ?? null,
    reason: state?.probe.reason ?? null,
  });

  const startNewSite = useCallback(() => {
    connection?.resetSite();
    api.newSite(stationId).catch((error: unknown) => {
      setMessage({ kind: 'error', text: `The server did not start a new site: ${errorText(error)}` });
    });
  }, [connection, stationId]);

  const backgroundCount = caseContext?.measurements.filter((m) => m.kind === 'background').length ?? 0;
  const pendingBackground = items.filter(
    (item) =>
      item.caseId === caseContext?.caseId && item.body.kind === 'background' && item.state !== 'saved',
  ).length;

  const mark = useCallback(
    async (target: MarkTarget) => {
      setPickerOpen(false);
      if (!caseContext || !connection) {
        setMessage({ kind: 'info', text: 'Open a case to record measurements.' });
        return;
      }
      const site = connection.current.site;
      if (site.frames === 0 || site.durationSeconds <= 0) {
        setMessage({
          kind: 'error',
          text: 'Nothing to record: no counts at this site yet (is the probe connected?).',
        });
        return;
      }
      try {
        let lesionId = target.lesionId;
        if (target.newLesionLabel) {
          const lesion = await api.addLesion(caseContext.caseId, {
            label: target.newLesionLabel,
            preOpImaging: 'not-seen',
          });
          lesionId = lesion.id;
        }
        outbox.add(caseContext.caseId, {
          kind: target.kind,
          siteLabel: target.siteLabel,
          counts: site.counts,
          durationSeconds: Number(site.durationSeconds.toFixed(6)),
          measuredAt: new Date().toISOString(),
          stationId,
          ...(lesionId ? { lesionId } : {}),
          ...(target.specimenLabel ? { specimenLabel: target.specimenLabel } : {}),
        });
        setMessage({
          kind: 'ok',
          text: `Recorded ${target.siteLabel}: ${site.counts.toLocaleString('en-GB')} counts in ${formatSeconds(site.durationSeconds)}. Next site started.`,
        });
        startNewSite();
        if (target.newLesionLabel) caseContext.onChanged();
      } catch (error) {
        setMessage({ kind: 'error', text: `Not recorded: ${errorText(error)}` });
      }
    },
    [caseContext, connection, stationId, startNewSite],
  );

  useEffect(() => outbox.onSaved(() => caseContext?.onChanged()), [caseContext]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const key = event.key.toLowerCase();
      if (event.key === ' ') {
        // On this screen Space always means "new site" (a foot switch sends it); buttons take Enter.
        event.preventDefault();
        startNewSite();
        setMessage({ kind: 'info', text: 'New site: counting from zero.' });
      } else if (key === 'b') {
        event.preventDefault();
        void mark({ kind: 'background', siteLabel: `Background ${backgroundCount + pendingBackground + 1}` });
      } else if (key === 'm') {
        event.preventDefault();
        if (caseContext) setPickerOpen(true);
        else setMessage({ kind: 'info', text: 'Open a case to record measurements.' });
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
  }, [mark, startNewSite, caseContext, backgroundCount, pendingBackground]);

  const site = snapshot?.site;
  const recent = items
    .filter((item) => item.caseId === caseContext?.caseId)
    .slice(-6)
    .reverse();
  const findings = caseContext?.lesions.filter((l) => /^Finding \d+$/.test(l.label)).length ?? 0;
  const specimens = caseContext?.measurements.filter((m) => m.kind === 'ex-vivo' && !m.lesionId).length ?? 0;

  return (
    <div className={`live ${current ? '' : 'not-current'}`}>
      <ProbeStatusBar view={view} />
      {header}
      <div className="live-grid">
        <div className="live-main">
          <RateReadout state={state} />
          <div className="live-secondary">
            <RatioReadout state={state} />
            <VerdictBadge state={state} />
          </div>
          <Trend points={snapshot?.trend ?? []} dimmed={!current} />
        </div>
        <aside className="live-side" aria-label="Site, recording and sound">
          <section className="panel site" aria-label="Current site">
            <h3>Current site</h3>
            <div className="site-figures mono" data-testid="site">
              {site
                ? `${site.counts.toLocaleString('en-GB')} counts · ${formatSeconds(site.durationSeconds)}`
                : '—'}
              {site && site.durationSeconds > 0 && (
                <span className="muted"> · {formatRate(site.counts / site.durationSeconds)} cps</span>
              )}
            </div>
            {site && site.missedFrames > 0 && (
              <div className="small warning-text">{site.missedFrames} frames missed by this screen</div>
            )}
            {caseContext && (
              <div className="small muted">
                Background sites recorded: <strong data-testid="background-count">{backgroundCount}</strong>
                {backgroundCount < 3 ? ' of at least 3' : ''}
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
          {aside}
          {recent.length > 0 && (
            <section className="panel" aria-label="Recorded measurements">
              <h3>Recorded</h3>
              <ul className="recorded">
                {recent.map((item) => (
                  <li key={item.key} className={`recorded-${item.state}`}>
                    <span aria-hidden="true">
                      {item.state === 'saved' ? '✓' : item.state === 'failed' ? '✕' : '…'}
                    </span>{' '}
                    {item.body.siteLabel} · {formatTime(item.body.measuredAt)} ·{' '}
                    {item.state === 'saved'
                      ? 'saved'
                      : item.state === 'failed'
                        ? `NOT saved: ${item.error}`
                        : 'saving'}
                    {item.state === 'failed' && (
                      <button type="button" className="small" onClick={() => outbox.dismiss(item.key)}>
                        Dismiss
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <AudioControls />
          <StationSettings stationId={stationId} station={station} />
        </aside>
      </div>
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
      {caseContext && (
        <QuickPicker
          open={pickerOpen}
          lesions={caseContext.lesions}
          counts={{ findings, specimens }}
          onPick={(target) => void mark(target)}
          onClose={() => setPickerOpen(false)}
        />
      )}
    </div>
  );
}
