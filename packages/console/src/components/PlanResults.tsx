// The plan and dose results as tables, shared by the planning page and the case page's plan panel. Every
// figure is the server's (POST /api/planning/plan, /api/planning/dose), printed by plan-format.ts, with the
// source the server gives for it.
import {
  fmtCps,
  fmtHours,
  fmtMicroSv,
  fmtMicroSvPerHour,
  fmtProbability,
  fmtRatio,
  fmtSeconds,
  fmtSignificant,
  fmtWithUnit,
  ROLE_TEXT,
  timingPosition,
} from './plan-format.js';
import type { DoseView, PlanView, SourcedValueView, VerdictModelView } from './plan-types.js';

export function PlanResult({ plan }: { plan: PlanView }) {
  const position = timingPosition(plan.hoursAfterInjection, plan.recommendedWindow);
  const w = plan.recommendedWindow;
  return (
    <div className="stack" data-testid="plan-result">
      <h3 className="keep-case">
        {plan.tracer.name}, probe {plan.probe.id}
      </h3>
      <p data-testid="plan-window">
        {w ? (
          <>
            Recommended injection-to-surgery window{' '}
            <strong data-testid="window-hours">
              {fmtHours(w.fromHours)} – {fmtHours(w.toHours)}
            </strong>{' '}
            after injection
            {plan.windowUncertainty
              ? ` (${fmtHours(plan.windowUncertainty.fromHoursLow)} – ${fmtHours(plan.windowUncertainty.toHoursHigh)} over the parameter ranges)`
              : ''}
            . This operation runs{' '}
            <strong data-testid="surgery-hours">
              {fmtHours(plan.hoursAfterInjection.surgeryStart)} –{' '}
              {fmtHours(plan.hoursAfterInjection.surgeryEnd)}
            </strong>{' '}
            after injection:{' '}
          </>
        ) : (
          `No recommended window${plan.window && !plan.window.ok ? ` (${plan.window.reason})` : ''}: `
        )}
        <span className={`tag ${position === 'inside' ? 'pass' : 'warn'}`} data-testid="timing-position">
          {position === 'inside' ? 'inside the window' : position}
        </span>
      </p>
      {w && <WindowBar window={w} surgery={plan.hoursAfterInjection} />}
      {plan.window?.ok && (
        <p className="small" data-testid="plan-window-basis">
          Basis: probability of a correct verdict within 5 s for {plan.window.basisLesions.join(', ')} —{' '}
          {fmtProbability(plan.window.optimumProbability)} at the optimum (
          {fmtHours(plan.window.optimumHours)}), at least {fmtProbability(plan.window.edgeProbability)} inside
          the window. {plan.window.criterion}.
        </p>
      )}
      {plan.verdictModel && <VerdictModelLine model={plan.verdictModel} />}
      {plan.undetectableLesions && plan.undetectableLesions.length > 0 && (
        <div className="small" data-testid="plan-undetectable">
          Undetectable at any injection time (they do not set the window):
          <ul>
            {plan.undetectableLesions.map((u) => (
              <li key={u.label}>
                {u.label}: at best {fmtProbability(u.bestProbability)} within 5 s (at{' '}
                {fmtHours(u.bestAtHours)})
              </li>
            ))}
          </ul>
        </div>
      )}
      <table data-testid="plan-lesions">
        <caption className="visually-hidden">Expected detection per lesion at surgery start</caption>
        <thead>
          <tr>
            <th scope="col">Lesion</th>
            <th scope="col">Size, depth</th>
            <th scope="col">Lesion rate</th>
            <th scope="col">Background</th>
            <th scope="col">T/B</th>
            <th scope="col">P(positive) within 5 s, start / end</th>
            <th scope="col">Expected time to verdict</th>
            <th scope="col">Why it may be missed</th>
          </tr>
        </thead>
        <tbody>
          {plan.lesions.map((l, i) => (
            <tr key={l.label} className={l.likelyFound ? '' : 'warn'} data-testid={`plan-lesion-${i}`}>
              <th scope="row">
                {l.label}
                {l.nearbyOrgan !== 'none' ? ` (next to ${l.nearbyOrgan})` : ''}
                {!l.likelyFound && <span className="tag warn"> may be missed</span>}
              </th>
              <td>
                {fmtSignificant(l.diameterMm)} mm, {fmtSignificant(l.depthCm)} cm
              </td>
              <td data-testid="rate">{fmtCps(l.expectedRateCps)}</td>
              <td data-testid="background">{fmtCps(l.expectedBackgroundCps)}</td>
              <td data-testid="ratio">{fmtRatio(l.expectedRatio)}</td>
              <td>
                <span data-testid="p5s">{fmtProbability(l.detectionProbability5s)}</span> /{' '}
                {fmtProbability(l.atSurgeryEnd.detectionProbability5s)}
                {l.detectionProbability5sKnownBackground !== undefined && (
                  <span className="small" data-testid="p5s-known">
                    <br />
                    background known exactly: {fmtProbability(l.detectionProbability5sKnownBackground)}
                  </span>
                )}
                {!l.likelyFound && typeof l.backgroundSitesForLikelyFound === 'number' && (
                  <span className="small" data-testid="sites-for-likely">
                    <br />≥ 90 % with {l.backgroundSitesForLikelyFound} background sites
                  </span>
                )}
              </td>
              <td data-testid="seconds">{fmtSeconds(l.expectedSecondsToVerdict)}</td>
              <td data-testid="reasons">{l.reasons.length > 0 ? l.reasons.join(' ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small" data-testid="detectability-map">
        Smallest lesion found (95 % within 5 s, uptake ratio{' '}
        {fmtSignificant(plan.detectabilityMap.uptakeRatio)}), in the operating room (engine's rule, background
        sites): {mapRow(plan.detectabilityMap.rows)}; best case, background known exactly:{' '}
        {mapRow(plan.detectabilityMap.rowsKnownBackground)}
      </p>
      <details>
        <summary>Assumptions and probe model</summary>
        <ul>
          {[...plan.assumptions, `Probe ${plan.probe.id}: ${plan.probe.basis}`].map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/**
 * What the surgeon and the physician plan for: how many background sites to count before judging lesions,
 * the engine's error rates, and which spread the limit rests on (learnt, or the stated estimate).
 */
function VerdictModelLine({ model: v }: { model: VerdictModelView }) {
  return (
    <p className="small" data-testid="plan-verdict-model">
      Count <strong data-testid="plan-sites">{v.backgroundSites} background sites</strong> of{' '}
      {fmtSignificant(v.backgroundSiteSeconds)} s before judging lesions
      {v.backgroundSites < v.engineMinimumSites
        ? ` (the engine asks for ${v.engineMinimumSites} at this spread: its verdicts stay provisional before)`
        : v.backgroundSites === v.engineMinimumSites
          ? ' (what the engine asks for at this spread before its verdicts stop being provisional)'
          : ''}
      . Engine: {v.rule} rule, false positives {fmtSignificant(100 * v.alpha)} %, misses at T/B{' '}
      {fmtSignificant(v.ratio)} {fmtSignificant(100 * v.beta)} %; between-site CV{' '}
      {fmtSignificant(100 * v.spreadCv)} %.{' '}
      <span data-testid="plan-spread-prior">Spread: {v.spreadPriorBasis}</span>.
    </p>
  );
}

/** The window and the operation on one time axis (hours after injection); text carries the same. */
function WindowBar({
  window: w,
  surgery,
}: {
  window: { fromHours: number; toHours: number };
  surgery: { surgeryStart: number; surgeryEnd: number };
}) {
  const max = Math.max(w.toHours, surgery.surgeryEnd) * 1.1 || 1;
  const pctOf = (h: number) => `${Math.max(0, Math.min(100, (100 * h) / max))}%`;
  const span = (from: number, to: number) => ({
    left: pctOf(from),
    width: `calc(${pctOf(to)} - ${pctOf(from)})`,
  });
  return (
    <div
      aria-hidden="true"
      style={{ position: 'relative', height: '2.2rem', border: '1px solid currentColor' }}
    >
      <div
        style={{
          position: 'absolute',
          top: 0,
          height: '1rem',
          background: '#009e73',
          ...span(w.fromHours, w.toHours),
        }}
        title="recommended window"
      />
      <div
        style={{
          position: 'absolute',
          top: '1.1rem',
          height: '1rem',
          background: '#e69f00',
          ...span(surgery.surgeryStart, surgery.surgeryEnd),
        }}
        title="this operation"
      />
    </div>
  );
}

function Sourced({ label, value }: { label: string; value: SourcedValueView }) {
  return (
    <li>
      {label}: {fmtWithUnit(value.value, value.unit)} (range {fmtWithUnit(value.low, value.unit)} –{' '}
      {fmtWithUnit(value.high, value.unit)}; {value.basis}) — {value.source}
    </li>
  );
}

export function DoseResult({ dose }: { dose: DoseView }) {
  return (
    <div className="stack" data-testid="dose-result">
      <table data-testid="dose-staff">
        <caption className="visually-hidden">Dose to staff over this operation</caption>
        <thead>
          <tr>
            <th scope="col">Staff</th>
            <th scope="col">Distance</th>
            <th scope="col">Dose rate at start</th>
            <th scope="col">Dose this operation</th>
          </tr>
        </thead>
        <tbody>
          {dose.staff.map((s) => (
            <tr key={s.role} data-testid={`dose-${s.role}`}>
              <th scope="row">{ROLE_TEXT[s.role] ?? s.role}</th>
              <td data-testid="distance">{fmtSignificant(s.distanceCm)} cm</td>
              <td data-testid="rate">{fmtMicroSvPerHour(s.doseRateAtStartMicroSvPerHour)}</td>
              <td data-testid="dose">{fmtMicroSv(s.doseMicroSv)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Ambient dose rate at 1 m:{' '}
        <strong data-testid="ambient-start">
          {fmtMicroSvPerHour(dose.ambientDoseRateAt1m.atSurgeryStartMicroSvPerHour)}
        </strong>{' '}
        at the start,{' '}
        <span data-testid="ambient-end">
          {fmtMicroSvPerHour(dose.ambientDoseRateAt1m.atSurgeryEndMicroSvPerHour)}
        </span>{' '}
        at the end.
      </p>
      <div>
        <p>
          Pregnant staff: limit{' '}
          <span data-testid="pregnancy-limit">{fmtSignificant(dose.pregnancy.limitMilliSv.value)} mSv</span> (
          {dose.pregnancy.limitMilliSv.source}).
        </p>
        <ul data-testid="pregnancy-checks">
          {dose.pregnancy.checks.map((c) => (
            <li key={c.role} data-testid={`pregnancy-${c.role}`}>
              {ROLE_TEXT[c.role] ?? c.role}: {fmtMicroSv(c.doseThisOperationMilliSv * 1000)} this operation —{' '}
              <strong className={c.withinLimit ? '' : 'error'}>
                {c.withinLimit ? 'within the limit' : 'EXCEEDS the limit'}
              </strong>
              {c.operationsWithinLimit === null
                ? ''
                : `; ${c.operationsWithinLimit} such operations within it`}
            </li>
          ))}
        </ul>
      </div>
      <details open>
        <summary>Sources of these numbers</summary>
        <ul data-testid="dose-sources">
          <li>
            Dose-rate constant {fmtSignificant(dose.doseRateConstant.microSvPerHourPerMBqAt1m)} µSv/h per MBq
            at 1 m ({dose.doseRateConstant.quantity}) — {dose.doseRateConstant.source}
          </li>
          <Sourced label="Self-attenuation by the body" value={dose.selfAttenuation} />
          <Sourced label="Effective source depth" value={dose.sourceDepthCm} />
          <Sourced label="Pregnancy limit" value={dose.pregnancy.limitMilliSv} />
          {dose.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** One detectability-map row set as text: depth and smallest diameter found, '—' where none is. */
function mapRow(rows: readonly { depthCm: number; smallestDiameterMm: number | null }[]): string {
  return rows
    .map(
      (r) =>
        `${fmtSignificant(r.depthCm)} cm: ${r.smallestDiameterMm === null ? '—' : `${fmtSignificant(r.smallestDiameterMm)} mm`}`,
    )
    .join(' · ');
}
