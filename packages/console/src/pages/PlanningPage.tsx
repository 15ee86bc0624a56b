// Planning and radiation protection (issue 7): paste or edit a PLAN.json, get per-lesion detectability,
// the recommended injection window and the detectability map from /api/planning/plan, the plan sheet as
// PDF, and the staff-dose report from /api/planning/dose. The API calls and result tables are shared with
// the case page's plan panel (components/planning-api.ts, components/PlanResults.tsx).
import { useState } from 'react';
import { DoseResult, PlanResult } from '../components/PlanResults.js';
import type { DoseView, PlanView } from '../components/plan-types.js';
import { planningErrorText, postDose, postPlan, postPlanPdf } from '../components/planning-api.js';

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
      setPlan(await postPlan(body));
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
      setDose(await postDose(doseBody));
    } catch (reason) {
      setPlan(null);
      setDose(null);
      setError(planningErrorText(reason));
    } finally {
      setBusy(false);
    }
  }

  async function pdf() {
    setError(null);
    const body = parsed();
    if (!body) return;
    try {
      const blob = await postPlanPdf(body);
      window.open(URL.createObjectURL(blob), '_blank');
    } catch (reason) {
      setError(planningErrorText(reason));
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
          <h2>Plan</h2>
          <PlanResult plan={plan} />
        </section>
      )}
      {dose && (
        <section className="stack">
          <h2>Radiation protection</h2>
          <DoseResult dose={dose} />
        </section>
      )}
    </div>
  );
}
