// Planning and radiation protection (issue 7): paste or edit a PLAN.json, get per-lesion detectability,
// the recommended injection window and the detectability map from /api/planning/plan, the plan sheet as
// PDF, and the staff-dose report from /api/planning/dose. Calls the server directly (its own small
// fetch helpers below) so this page is one self-contained file.
import { useState } from 'react';
import { storedToken } from '../api.js';

const EXAMPLE_PLAN = `{
  "tracer": "tc99m-hynic-toc",
  "injectedActivityMBq": 600,
  "injectedAt": "2026-03-10T07:30:00+01:00",
  "surgeryStart": "2026-03-10T11:30:00+01:00",
  "surgeryDurationMinutes": 180,
  "probe": "csi-14mm",
  "lesions": [
    { "label": "ileal primary", "diameterMm": 18, "depthCm": 1.0, "uptakeRatio": 8 },
    { "label": "mesenteric node", "diameterMm": 12, "depthCm": 2.0, "uptakeRatio": 6 },
    { "label": "liver met", "diameterMm": 10, "depthCm": 1.5, "uptakeRatio": 4, "nearbyOrgan": "liver" }
  ]
}`;

interface LesionAt {
  expectedRatio: number;
  detectionProbability5s: number;
  expectedSecondsToVerdict: number;
  tissueRatio: number;
}
interface PlanView {
  tracer: { name: string; nuclide: string };
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  recommendedWindow: { fromHours: number; toHours: number } | null;
  windowUncertainty: { fromHoursLow: number; toHoursHigh: number } | null;
  plannedTimingInWindow: boolean;
  lesions: (LesionAt & {
    label: string;
    diameterMm: number;
    depthCm: number;
    nearbyOrgan: string;
    expectedRateCps: number;
    expectedBackgroundCps: number;
    likelyFound: boolean;
    reasons: string[];
    atSurgeryEnd: LesionAt;
  })[];
  detectabilityMap: { uptakeRatio: number; rows: { depthCm: number; smallestDiameterMm: number | null }[] };
  assumptions: string[];
  probe: { id: string; basis: string };
}
interface DoseView {
  staff: { role: string; distanceCm: number; doseMicroSv: number; doseRateAtStartMicroSvPerHour: number }[];
  ambientDoseRateAt1m: { atSurgeryStartMicroSvPerHour: number; atSurgeryEndMicroSvPerHour: number };
  pregnancy: {
    limitMilliSv: { value: number; source: string };
    checks: {
      role: string;
      doseThisOperationMilliSv: number;
      operationsWithinLimit: number | null;
      withinLimit: boolean;
    }[];
  };
}

async function post(path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const text = await response.text();
    let message = `${response.status} ${response.statusText}`;
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string } };
      if (parsed.error?.message) message = parsed.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(message);
  }
  return response;
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const h1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '∞');

export function PlanningPage() {
  const [text, setText] = useState(EXAMPLE_PLAN);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [dose, setDose] = useState<DoseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function parsed(): Record<string, unknown> | null {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (reason) {
      setError(`PLAN.json is not valid JSON: ${reason instanceof Error ? reason.message : String(reason)}`);
      return null;
    }
  }

  async function compute() {
    setError(null);
    const body = parsed();
    if (!body) return;
    setBusy(true);
    try {
      setPlan((await (await post('/api/planning/plan', body)).json()) as PlanView);
      const {
        tracer,
        customTracer,
        kineticsOverrides,
        injectedActivityMBq,
        injectedAt,
        surgeryStart,
        surgeryDurationMinutes,
      } = body;
      const doseBody = Object.fromEntries(
        Object.entries({
          tracer,
          customTracer,
          kineticsOverrides,
          injectedActivityMBq,
          injectedAt,
          surgeryStart,
          surgeryDurationMinutes,
        }).filter(([, v]) => v !== undefined),
      );
      setDose((await (await post('/api/planning/dose', doseBody)).json()) as DoseView);
    } catch (reason) {
      setPlan(null);
      setDose(null);
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  }

  async function pdf() {
    setError(null);
    const body = parsed();
    if (!body) return;
    try {
      const blob = await (await post('/api/planning/plan.pdf', body)).blob();
      window.open(URL.createObjectURL(blob), '_blank');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  }

  return (
    <div className="page stack">
      <h1>Planning</h1>
      <p>
        Will the probe find each lesion, and when should the tracer be given? Model and sources:
        docs/planning.md.
      </p>
      <label>
        PLAN.json
        <textarea
          aria-label="PLAN.json"
          rows={16}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          style={{ fontFamily: 'monospace', width: '100%' }}
        />
      </label>
      <div>
        <button type="button" onClick={() => void compute()} disabled={busy}>
          {busy ? 'Computing…' : 'Compute plan'}
        </button>{' '}
        <button type="button" onClick={() => void pdf()} disabled={busy}>
          Plan sheet (PDF)
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {plan && (
        <section className="stack">
          <h2>
            {plan.tracer.name}: surgery {h1(plan.hoursAfterInjection.surgeryStart)}–
            {h1(plan.hoursAfterInjection.surgeryEnd)} h after injection
          </h2>
          <p>
            {plan.recommendedWindow
              ? `Recommended window ${h1(plan.recommendedWindow.fromHours)}–${h1(plan.recommendedWindow.toHours)} h after injection` +
                (plan.windowUncertainty
                  ? ` (${h1(plan.windowUncertainty.fromHoursLow)}–${h1(plan.windowUncertainty.toHoursHigh)} h over the parameter ranges)`
                  : '') +
                `; the planned timing is ${plan.plannedTimingInWindow ? 'inside' : 'NOT inside'} it.`
              : 'No injection time makes the hardest lesion detectable.'}
          </p>
          <table>
            <thead>
              <tr>
                <th>Lesion</th>
                <th>Size, depth</th>
                <th>Lesion / background cps</th>
                <th>Probe T/B</th>
                <th>P(positive) in 5 s, start / end</th>
                <th>Time to verdict</th>
                <th>Why it may be missed</th>
              </tr>
            </thead>
            <tbody>
              {plan.lesions.map((l) => (
                <tr key={l.label} className={l.likelyFound ? '' : 'warn'}>
                  <td>
                    {l.label}
                    {l.nearbyOrgan !== 'none' ? ` (next to ${l.nearbyOrgan})` : ''}
                  </td>
                  <td>
                    {l.diameterMm} mm, {l.depthCm} cm
                  </td>
                  <td>
                    {l.expectedRateCps.toFixed(0)} / {l.expectedBackgroundCps.toFixed(0)}
                  </td>
                  <td>{l.expectedRatio.toFixed(2)}</td>
                  <td>
                    {pct(l.detectionProbability5s)} / {pct(l.atSurgeryEnd.detectionProbability5s)}
                  </td>
                  <td>{l.expectedSecondsToVerdict.toFixed(1)} s</td>
                  <td>{l.reasons.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Smallest lesion found (95 % in 5 s, uptake ratio {plan.detectabilityMap.uptakeRatio}):{' '}
            {plan.detectabilityMap.rows
              .map(
                (r) =>
                  `${r.depthCm} cm: ${r.smallestDiameterMm === null ? '—' : `${r.smallestDiameterMm} mm`}`,
              )
              .join(' · ')}
          </p>
          <details>
            <summary>Assumptions and probe model</summary>
            <ul>
              {[...plan.assumptions, `Probe ${plan.probe.id}: ${plan.probe.basis}`].map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </details>
        </section>
      )}
      {dose && (
        <section className="stack">
          <h2>Radiation protection</h2>
          <table>
            <thead>
              <tr>
                <th>Staff</th>
                <th>Distance</th>
                <th>Rate at start</th>
                <th>Dose this operation</th>
              </tr>
            </thead>
            <tbody>
              {dose.staff.map((s) => (
                <tr key={s.role}>
                  <td>{s.role}</td>
                  <td>{s.distanceCm} cm</td>
                  <td>{s.doseRateAtStartMicroSvPerHour.toFixed(2)} µSv/h</td>
                  <td>{s.doseMicroSv.toFixed(1)} µSv</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Ambient dose rate at 1 m: {dose.ambientDoseRateAt1m.atSurgeryStartMicroSvPerHour.toFixed(2)} µSv/h
            at the start, {dose.ambientDoseRateAt1m.atSurgeryEndMicroSvPerHour.toFixed(2)} µSv/h at the end.
          </p>
          <p>
            Pregnant staff (limit {dose.pregnancy.limitMilliSv.value} mSv,{' '}
            {dose.pregnancy.limitMilliSv.source}):{' '}
            {dose.pregnancy.checks
              .map(
                (c) =>
                  `${c.role} ${(c.doseThisOperationMilliSv * 1000).toFixed(1)} µSv (${c.withinLimit ? 'within' : 'EXCEEDS'}; ${c.operationsWithinLimit ?? 'unlimited'} operations)`,
              )
              .join(' · ')}
          </p>
        </section>
      )}
    </div>
  );
}
