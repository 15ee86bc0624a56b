// The numbers read from two metres: count rate, T/B with its interval, and the verdict badge.
import type { LiveState, Verdict } from '@openrgs/api';
import { Icon, type IconName } from '../components/Icon.js';
import { formatRate, formatRatio, holdStillText } from '../format.js';

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

export function RatioReadout({ state }: { state: LiveState | null }) {
  const background = state?.background ?? null;
  return (
    <section className="ratio" aria-label="Target to background ratio">
      <div className="ratio-label">T/B</div>
      <div className="ratio-value mono" data-testid="ratio">
        {state?.ratio != null ? formatRatio(state.ratio) : '—'}
      </div>
      <div className="ratio-interval mono">
        {state?.ratioLow != null && state.ratioHigh != null
          ? `(${formatRatio(state.ratioLow)} – ${formatRatio(state.ratioHigh)})`
          : background
            ? '\u00a0'
            : 'no background yet'}
      </div>
      {background && (
        <div className="ratio-background small mono">
          background {formatRate(background.meanCps)} ± {formatRate(background.sdCps)} cps ·{' '}
          {background.sites} {background.sites === 1 ? 'site' : 'sites'} · threshold{' '}
          {formatRate(background.thresholdCps)} cps
        </div>
      )}
    </section>
  );
}

const VERDICT_VIEW: Record<Verdict, { icon: IconName; text: string }> = {
  positive: { icon: 'positive', text: 'POSITIVE' },
  negative: { icon: 'negative', text: 'NEGATIVE' },
  undecided: { icon: 'undecided', text: 'UNDECIDED' },
};

export function VerdictBadge({ state }: { state: LiveState | null }) {
  if (!state) {
    return (
      <section className="verdict verdict-none" aria-label="Verdict">
        <span className="verdict-text">NO VERDICT</span>
      </section>
    );
  }
  const view = VERDICT_VIEW[state.verdict];
  return (
    <section className={`verdict verdict-${state.verdict}`} aria-label="Verdict" data-testid="verdict">
      <div className="verdict-badge">
        <span className="verdict-icon" aria-hidden="true">
          <Icon name={view.icon} />
        </span>
        <span className="verdict-text">{view.text}</span>
      </div>
      {state.verdict === 'undecided' && state.holdStillSeconds !== null && (
        <div className="hold-still">{holdStillText(state.holdStillSeconds)}</div>
      )}
      <div className="evidence" title={state.evidence}>
        {state.evidence}
      </div>
    </section>
  );
}
