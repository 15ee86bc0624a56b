// "Plan and radiation protection" on the case page (issue 7): the plan's figures and the staff doses for
// THIS case, prefilled from its tracer administration, procedure date and lesions; what the case does not
// record (duration, probe, lesion depth, uptake ratio, nearby organ) is entered here, required and
// validated. Figures come from POST /api/planning/plan and /api/planning/dose (docs/planning.md).
import { type FormEvent, useEffect, useState } from 'react';
import type * as api from '../api.js';
import {
  doseBodyFromPlan,
  type FieldErrors,
  fieldKeyOfServerPath,
  type LesionForm,
  NEARBY_ORGANS,
  type PlanBody,
  type PlanForm,
  planBodyFromForm,
  prefillPlanForm,
} from './case-plan.js';
import { DoseResult, PlanResult } from './PlanResults.js';
import type { DoseView, PlanView } from './plan-types.js';
import {
  getPlanningPresets,
  type PlanningIssue,
  type PlanningPresets,
  planningErrorText,
  planningIssues,
  postDose,
  postPlan,
  postPlanPdf,
} from './planning-api.js';

function FieldError({ id, errors, field }: { id: string; errors: FieldErrors; field: string }) {
  const message = errors[field];
  return message ? (
    <span
      id={id}
      className="small field-error"
      style={{ display: 'block', fontWeight: 600, color: 'var(--yellow)' }}
      data-testid={`error-${field}`}
    >
      {message}
    </span>
  ) : null;
}

/**
 * The plan form. On the case page (`caseData`) it is prefilled from the case and its lesions follow the
 * case's; on the Planning page (`example`, no case) it starts from an example and lesions are added,
 * named and removed here.
 */
export function CasePlanPanel(props: { caseData: api.Case } | { example: PlanForm }) {
  const caseData = 'caseData' in props ? props.caseData : null;
  const [form, setForm] = useState<PlanForm>(() =>
    'example' in props ? props.example : prefillPlanForm(props.caseData),
  );
  const [presets, setPresets] = useState<PlanningPresets | null>(null);
  const [presetError, setPresetError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverIssues, setServerIssues] = useState<readonly PlanningIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ body: PlanBody; plan: PlanView; dose: DoseView } | null>(null);

  useEffect(() => {
    let live = true;
    getPlanningPresets().then(
      (p) => live && setPresets(p),
      (reason: unknown) => live && setPresetError(planningErrorText(reason)),
    );
    return () => {
      live = false;
    };
  }, []);

  // Lesions added to the case after the panel opened join the form (entered values are kept).
  const lesionKey = caseData?.lesions.map((l) => `${l.label}:${l.sizeMm ?? ''}`).join('|') ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: lesionKey stands for caseData.lesions
  useEffect(() => {
    if (!caseData) return;
    setForm((f) => {
      const fresh = prefillPlanForm(caseData).lesions;
      const lesions = fresh.map((l) => f.lesions.find((old) => old.label === l.label) ?? l);
      return { ...f, lesions };
    });
  }, [lesionKey]);

  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setLesion = (i: number, key: keyof LesionForm, value: string) =>
    setForm((f) => ({
      ...f,
      lesions: f.lesions.map((l, j) => (j === i ? { ...l, [key]: value } : l)),
    }));

  function validated(): PlanBody | null {
    setFailure(null);
    setServerIssues([]);
    const checked = planBodyFromForm(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      // A result from earlier inputs must not stand under the errors of the current ones.
      setResult(null);
      return null;
    }
    setErrors({});
    return checked.body;
  }

  function showFailure(reason: unknown) {
    const issues = planningIssues(reason);
    if (issues.length > 0) {
      setServerIssues(issues);
      setErrors(Object.fromEntries(issues.map((i) => [fieldKeyOfServerPath(i.path), i.message])));
    }
    setFailure(planningErrorText(reason));
  }

  async function compute(event: FormEvent) {
    event.preventDefault();
    const body = validated();
    if (!body) return;
    setBusy(true);
    try {
      const [plan, dose] = await Promise.all([postPlan(body), postDose(doseBodyFromPlan(body))]);
      setResult({ body, plan, dose });
    } catch (reason) {
      setResult(null);
      showFailure(reason);
    } finally {
      setBusy(false);
    }
  }

  async function pdf() {
    const body = validated();
    if (!body) return;
    setBusy(true);
    try {
      const blob = await postPlanPdf(body);
      window.open(URL.createObjectURL(blob), '_blank');
    } catch (reason) {
      showFailure(reason);
    } finally {
      setBusy(false);
    }
  }

  const errorCount = Object.keys(errors).length;
  const described = (field: string) =>
    errors[field] ? { 'aria-describedby': `plan-err-${field}`, 'aria-invalid': true } : {};
  const tracerName = (id: string) => presets?.tracers.find((t) => t.id === id)?.name ?? id;
  const administered = caseData?.tracerAdministrations.at(-1);
  const editable = caseData === null;
  const addLesion = () =>
    setForm((f) => ({
      ...f,
      lesions: [...f.lesions, { label: '', diameterMm: '', depthCm: '', uptakeRatio: '', nearbyOrgan: '' }],
    }));
  const removeLesion = (i: number) =>
    setForm((f) => ({ ...f, lesions: f.lesions.filter((_, j) => j !== i) }));

  return (
    <div className="stack" data-testid="case-plan">
      <p className="small muted">
        Will the probe find each lesion at this timing, and what dose does the team receive?{' '}
        {caseData ? 'Prefilled from the case; depth' : 'Depth'}, uptake ratio and nearby organ come from the
        pre-operative SPECT or PET. Model and sources: docs/planning.md.
      </p>
      {presetError && (
        <div className="alert error" role="alert">
          Could not load the planning presets: {presetError}
        </div>
      )}
      <form className="stack" onSubmit={(e) => void compute(e)} aria-label="Plan this case" noValidate>
        <fieldset>
          <legend>Tracer and timing</legend>
          {administered ? (
            <p className="small muted">
              From the case: {administered.nuclide}, {administered.activityMBq} MBq.
            </p>
          ) : caseData ? (
            <p className="small muted">
              No tracer administration recorded on the case: enter the planned one.
            </p>
          ) : null}
          <div className="form-grid">
            <label>
              Tracer preset
              <select
                name="planTracer"
                value={form.tracer}
                onChange={(e) => set('tracer', e.target.value)}
                {...described('tracer')}
              >
                <option value="">— choose —</option>
                {(presets?.tracers ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.nuclide})
                  </option>
                ))}
                {form.tracer && !presets?.tracers.some((t) => t.id === form.tracer) && (
                  <option value={form.tracer}>{tracerName(form.tracer)}</option>
                )}
              </select>
              <FieldError id="plan-err-tracer" errors={errors} field="tracer" />
            </label>
            <label>
              Injected activity (MBq)
              <input
                name="planActivityMBq"
                inputMode="decimal"
                value={form.injectedActivityMBq}
                onChange={(e) => set('injectedActivityMBq', e.target.value)}
                {...described('injectedActivityMBq')}
              />
              <FieldError id="plan-err-injectedActivityMBq" errors={errors} field="injectedActivityMBq" />
            </label>
            <label>
              Injection time
              <input
                type="datetime-local"
                name="planInjectedAt"
                value={form.injectedAtLocal}
                onChange={(e) => set('injectedAtLocal', e.target.value)}
                {...described('injectedAtLocal')}
              />
              <FieldError id="plan-err-injectedAtLocal" errors={errors} field="injectedAtLocal" />
            </label>
            <label>
              Surgery date
              <input
                type="date"
                name="planSurgeryDate"
                value={form.surgeryDate}
                onChange={(e) => set('surgeryDate', e.target.value)}
                {...described('surgeryDate')}
              />
              <FieldError id="plan-err-surgeryDate" errors={errors} field="surgeryDate" />
            </label>
            <label>
              Surgery start time
              <input
                type="time"
                name="planSurgeryTime"
                value={form.surgeryTime}
                onChange={(e) => set('surgeryTime', e.target.value)}
                {...described('surgeryTime')}
              />
              <FieldError id="plan-err-surgeryTime" errors={errors} field="surgeryTime" />
            </label>
            <label>
              Planned duration (min)
              <input
                name="planDurationMinutes"
                inputMode="numeric"
                value={form.surgeryDurationMinutes}
                onChange={(e) => set('surgeryDurationMinutes', e.target.value)}
                {...described('surgeryDurationMinutes')}
              />
              <FieldError
                id="plan-err-surgeryDurationMinutes"
                errors={errors}
                field="surgeryDurationMinutes"
              />
            </label>
            <label>
              Probe preset
              <select
                name="planProbe"
                value={form.probe}
                onChange={(e) => set('probe', e.target.value)}
                {...described('probe')}
              >
                <option value="">— choose —</option>
                {(presets?.probes ?? []).map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <FieldError id="plan-err-probe" errors={errors} field="probe" />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Lesions (from pre-operative imaging)</legend>
          {form.lesions.length === 0 ? (
            <p className="muted" data-testid="error-lesions">
              {errors.lesions ??
                (caseData
                  ? 'The case has no lesions yet: add them under Lesions and pre-op imaging.'
                  : 'No lesions yet: add one.')}
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Lesion</th>
                  <th scope="col">Diameter (mm)</th>
                  <th scope="col">Depth of centre (cm)</th>
                  <th scope="col">Uptake ratio to normal tissue</th>
                  <th scope="col">Nearby organ</th>
                  {editable && (
                    <th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {form.lesions.map((l, i) => (
                  // Index keys while editable: rows are edited in place, and a label may be empty or repeated while typed.
                  <tr key={editable ? i : l.label} data-testid={`plan-input-${i}`}>
                    {editable ? (
                      <td>
                        <input
                          name={`lesion-${i}-label`}
                          aria-label={`Lesion ${i + 1}: label`}
                          size={14}
                          value={l.label}
                          onChange={(e) => setLesion(i, 'label', e.target.value)}
                          {...described(`lesions.${i}.label`)}
                        />
                        <FieldError
                          id={`plan-err-lesions.${i}.label`}
                          errors={errors}
                          field={`lesions.${i}.label`}
                        />
                      </td>
                    ) : (
                      <th scope="row">{l.label}</th>
                    )}
                    {(['diameterMm', 'depthCm', 'uptakeRatio'] as const).map((key) => (
                      <td key={key}>
                        <input
                          name={`lesion-${i}-${key}`}
                          aria-label={`${l.label}: ${key === 'diameterMm' ? 'diameter (mm)' : key === 'depthCm' ? 'depth of centre (cm)' : 'uptake ratio'}`}
                          inputMode="decimal"
                          size={6}
                          value={l[key]}
                          onChange={(e) => setLesion(i, key, e.target.value)}
                          {...described(`lesions.${i}.${key}`)}
                        />
                        <FieldError
                          id={`plan-err-lesions.${i}.${key}`}
                          errors={errors}
                          field={`lesions.${i}.${key}`}
                        />
                      </td>
                    ))}
                    <td>
                      <select
                        name={`lesion-${i}-nearbyOrgan`}
                        aria-label={`${l.label}: nearby organ`}
                        value={l.nearbyOrgan}
                        onChange={(e) => setLesion(i, 'nearbyOrgan', e.target.value)}
                        {...described(`lesions.${i}.nearbyOrgan`)}
                      >
                        <option value="">— choose —</option>
                        {NEARBY_ORGANS.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                      <FieldError
                        id={`plan-err-lesions.${i}.nearbyOrgan`}
                        errors={errors}
                        field={`lesions.${i}.nearbyOrgan`}
                      />
                    </td>
                    {editable && (
                      <td>
                        <button
                          type="button"
                          onClick={() => removeLesion(i)}
                          aria-label={`Remove lesion ${l.label || i + 1}`}
                        >
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {editable && (
            <div>
              <button type="button" onClick={addLesion} data-testid="plan-add-lesion">
                Add lesion
              </button>
            </div>
          )}
        </fieldset>
        {(errorCount > 0 || failure) && (
          <div className="alert error" role="alert" data-testid="plan-errors">
            {failure ? (
              <p>The server refused the plan: {failure}</p>
            ) : (
              <p>Check {errorCount === 1 ? 'this field' : `these ${errorCount} fields`}:</p>
            )}
            {serverIssues.length === 0 && (
              <ul>
                {Object.entries(errors).map(([field, message]) => (
                  <li key={field}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy} data-testid="run-plan">
            {busy ? 'Computing…' : 'Compute plan and doses'}
          </button>
          <button type="button" onClick={() => void pdf()} disabled={busy} data-testid="plan-pdf">
            Plan sheet (PDF)
          </button>
        </div>
      </form>
      {result && (
        <section className="stack" aria-label="Plan results" data-testid="case-plan-results">
          <PlanResult plan={result.plan} />
          <h3>Radiation protection</h3>
          <DoseResult dose={result.dose} />
        </section>
      )}
    </div>
  );
}
