// The numbers read from two metres: count rate, T/B with its interval, and the verdict badge.
import type { LiveState } from '@openrgs/api';
import { Icon } from '../components/Icon.js';
import { formatConfidence, formatRate, formatRatio, holdStillText } from '../format.js';
import { verdictView } from './verdict-view.js';

export function RateReadout({ state }: { state: LiveState | null }) {
  return (
    <section className="rate" aria-label="Count rate">
      <div className="rate-value mono" data-testid="rate">
        {state ? formatRate(state.rateCps) : '—'}
        <span className="rate-unit">cps</span>
      </div>
      <div className="rate-interval mono">
        {state ? `95 % ${formatRate(state.rateLowCps)} – ${formatRate(state.rateHighCps)} cps` : '\u00a0'}
      </div>
    </section>
  );
}

/**
 * The T/B a mark records and the verdict is about: the current site's (its counts over its seconds against
 * the background, LiveState.siteRatio), not the adaptive rate's, whose window can reach back before the
 * site began (issue 13 point 2: the screen showed 0.98 where the record kept 1.01). A server that does not
 * report the site's T/B gets the adaptive one.
 */
function siteRatio(state: LiveState | null): {
  ratio: number | null;
  low: number | null;
  high: number | null;
} {
  if (!state) return { ratio: null, low: null, high: null };
  if (state.siteRatio !== undefined)
    return { ratio: state.siteRatio, low: state.siteRatioLow ?? null, high: state.siteRatioHigh ?? null };
  return { ratio: state.ratio, low: state.ratioLow, high: state.ratioHigh };
}

export function RatioReadout({ state }: { state: LiveState | null }) {
  const background = state?.background ?? null;
  const { ratio, low, high } = siteRatio(state);
  return (
    <section className="ratio" aria-label="Target to background ratio">
      <div className="ratio-label">T/B</div>
      <div className="ratio-value mono" data-testid="ratio">
        {ratio != null ? formatRatio(ratio) : '—'}
      </div>
      <div className="ratio-interval mono">
        {ratio != null && low != null && high != null
          ? `(${formatRatio(low)} – ${formatRatio(high)})`
          : background
            ? '\u00a0'
            : 'no background yet'}
      </div>
      {background && (
        <div className="ratio-background small mono">
          background {formatRate(background.meanCps)} ± {formatRate(background.sdCps)} cps ·{' '}
          {background.sites} {background.sites === 1 ? 'site' : 'sites'}
          {background.sitesGiven !== undefined && background.sitesGiven !== background.sites
            ? ` of ${background.sitesGiven}`
            : ''}{' '}
          · threshold {formatRate(background.thresholdCps)} cps
        </div>
      )}
    </section>
  );
}

export function VerdictBadge({ state }: { state: LiveState | null }) {
  if (!state) {
    return (
      <section className="verdict verdict-none" aria-label="Verdict">
        <span className="verdict-text">NO VERDICT</span>
      </section>
    );
  }
  const view = verdictView(state);
  const notDetectable = (state.warnings ?? []).find((w) => w.code === 'not-detectable');
  return (
    <section className={`verdict ${view.className}`} aria-label="Verdict" data-testid="verdict">
      <div className="verdict-badge">
        <span className="verdict-icon" aria-hidden="true">
          <Icon name={view.icon} />
        </span>
        <span className="verdict-text">{view.text}</span>
      </div>
      {state.verdict !== 'undecided' && state.confidencePercent != null && (
        <div className="confidence mono" data-testid="confidence">
          {formatConfidence(state.confidencePercent)} sure
        </div>
      )}
      {view.className === 'verdict-not-detectable' && (
        <div
          className="not-detectable"
          data-testid="not-detectable"
          title={notDetectable?.message ?? undefined}
        >
          {notDetectable?.message ??
            'not detectable here: a lesion at the asked T/B cannot be told from tissue'}
        </div>
      )}
      {state.verdict !== 'undecided' && state.provisional && state.background?.minimumSites != null && (
        <div
          className="provisional"
          data-testid="provisional"
          title={state.background.minimumSitesReason ?? undefined}
        >
          PROVISIONAL — {state.background.sites} of {state.background.minimumSites} background sites
          {state.background.minimumSitesReason ? `: ${state.background.minimumSitesReason}` : ''}
        </div>
      )}
      {state.verdict === 'undecided' && state.holdStillSeconds !== null && (
        <div className="hold-still">{holdStillText(state.holdStillSeconds)}</div>
      )}
      <div className="evidence" title={state.evidence}>
        {state.evidence}
      </div>
    </section>
  );
}

/** Background sites the outlier check flagged and the team has not decided on: name, why, and the keys. */
export function FlaggedSites({ state, busy }: { state: LiveState | null; busy: boolean }) {
  const open = state?.background?.flagged?.filter((f) => f.status === 'unconfirmed') ?? [];
  // Once none is open, the decisions go in the trend's legend line (decidedSitesText): a line of its own
  // here pushed the trend into the key bar at 1366×768.
  if (open.length === 0) return null;
  const decided = decidedSitesText(state);
  const first = open[0];
  return (
    <section className="panel flagged-sites" aria-label="Flagged background sites">
      {first && (
        <div className="alert warning" role="alert" data-testid="flagged-site">
          <strong>
            Background site “{first.siteLabel}” looks wrong (
            {first.direction === 'low' ? 'too low' : 'too high'}, {formatRate(first.rateCps)} cps)
          </strong>
          : {first.reason}. No verdict until it is decided — press <kbd>K</kbd> to keep it or <kbd>D</kbd> to
          drop it{busy ? ' (sending…)' : ''}.
          {open.length > 1 && <div className="small">{open.length - 1} more flagged after this one.</div>}
        </div>
      )}
      {decided && (
        <div className="small muted" data-testid="decided-sites">
          {decided}
        </div>
      )}
    </section>
  );
}

/** The team's keep/drop decisions on flagged background sites, e.g. "“Background 4” dropped"; null if none. */
export function decidedSitesText(state: LiveState | null): string | null {
  const decided = state?.background?.flagged?.filter((f) => f.status !== 'unconfirmed') ?? [];
  return decided.length === 0 ? null : decided.map((f) => `“${f.siteLabel}” ${f.status}`).join(' · ');
}
