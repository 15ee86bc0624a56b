// The case page's plan form: prefill from the case, validate field by field, build the PLAN.json body of
// POST /api/planning/plan and the dose request of POST /api/planning/dose (docs/planning.md §6–8).
// Pure: no React, no fetch; the browser's time zone is an argument so tests can pin it.

/** Planning tracer preset by the nuclide of the case's tracer administration (docs/planning.md §3). */
export const PRESET_BY_NUCLIDE: Readonly<Record<string, string>> = {
  'Tc-99m': 'tc99m-hynic-toc',
  'In-111': 'in111-pentetreotide',
  'Ga-68': 'ga68-dotatate',
};

export const NEARBY_ORGANS = ['none', 'liver', 'kidney', 'spleen'] as const;
export type NearbyOrgan = (typeof NEARBY_ORGANS)[number];

export interface LesionForm {
  label: string;
  diameterMm: string;
  depthCm: string;
  uptakeRatio: string;
  nearbyOrgan: NearbyOrgan | '';
}

export interface PlanForm {
  tracer: string;
  injectedActivityMBq: string;
  /** `YYYY-MM-DDTHH:MM` local time (datetime-local). */
  injectedAtLocal: string;
  /** `YYYY-MM-DD` (date input). */
  surgeryDate: string;
  /** `HH:MM` (time input). */
  surgeryTime: string;
  surgeryDurationMinutes: string;
  probe: string;
  lesions: LesionForm[];
}

export interface CaseForPlan {
  procedureDate: string | null;
  tracerAdministrations: readonly { nuclide: string; activityMBq: number; administeredAt: string }[];
  lesions: readonly { label: string; sizeMm?: number | null | undefined }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of a datetime-local input, in the browser's local time. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A local `YYYY-MM-DDTHH:MM` as ISO-8601 with the local zone offset (`2026-03-10T11:30:00+01:00`), which
 * PLAN.json requires. `offsetMinutes(date)` is `-date.getTimezoneOffset()` in a browser.
 */
export function localToIso(
  local: string,
  offsetMinutes: (date: Date) => number = (d) => -d.getTimezoneOffset(),
): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  if (Number.isNaN(date.getTime()) || date.getDate() !== d || date.getMonth() !== mo - 1) return null;
  const offset = offsetMinutes(date);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The form as the case prefills it: the latest tracer administration, the procedure date, the lesions. */
export function prefillPlanForm(caseData: CaseForPlan): PlanForm {
  const tracer = caseData.tracerAdministrations.at(-1);
  const injected = tracer ? new Date(tracer.administeredAt) : null;
  return {
    tracer: tracer ? (PRESET_BY_NUCLIDE[tracer.nuclide] ?? '') : '',
    injectedActivityMBq: tracer ? String(tracer.activityMBq) : '',
    injectedAtLocal: injected && !Number.isNaN(injected.getTime()) ? toLocalInput(injected) : '',
    surgeryDate: caseData.procedureDate?.slice(0, 10) ?? '',
    surgeryTime: '',
    surgeryDurationMinutes: '',
    probe: '',
    lesions: caseData.lesions.map((l) => ({
      label: l.label,
      diameterMm: typeof l.sizeMm === 'number' ? String(l.sizeMm) : '',
      depthCm: '',
      uptakeRatio: '',
      nearbyOrgan: '',
    })),
  };
}

export interface PlanBody {
  tracer: string;
  injectedActivityMBq: number;
  injectedAt: string;
  surgeryStart: string;
  surgeryDurationMinutes: number;
  probe: string;
  lesions: {
    label: string;
    diameterMm: number;
    depthCm: number;
    uptakeRatio: number;
    nearbyOrgan: NearbyOrgan;
  }[];
}

/** Field errors keyed by the form field (`surgeryDurationMinutes`, `lesions.0.depthCm`). */
export type FieldErrors = Record<string, string>;

export type PlanFormResult = { ok: true; body: PlanBody } | { ok: false; errors: FieldErrors };

function positive(
  errors: FieldErrors,
  key: string,
  name: string,
  text: string,
  unit: string,
): number | undefined {
  const trimmed = text.trim();
  // A ratio has no unit: "uptake ratio is required.", never "required ()".
  if (trimmed === '') {
    errors[key] = `${name} is required${unit ? ` (${unit})` : ''}.`;
    return undefined;
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0) {
    errors[key] = `${name} must be a number above 0${unit ? ` ${unit}` : ''}, not “${trimmed}”.`;
    return undefined;
  }
  return value;
}

/** Validates every field (all errors at once, each naming its field) and builds the PLAN.json body. */
export function planBodyFromForm(form: PlanForm, offsetMinutes?: (date: Date) => number): PlanFormResult {
  const errors: FieldErrors = {};
  if (!form.tracer) errors.tracer = 'Tracer preset is required.';
  const activity = positive(
    errors,
    'injectedActivityMBq',
    'Injected activity',
    form.injectedActivityMBq,
    'MBq',
  );
  const injectedAt = localToIso(form.injectedAtLocal, offsetMinutes);
  if (!injectedAt) errors.injectedAtLocal = 'Injection time is required (date and time).';
  let surgeryStart: string | null = null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.surgeryDate)) errors.surgeryDate = 'Surgery date is required.';
  else if (!/^\d{2}:\d{2}$/.test(form.surgeryTime)) errors.surgeryTime = 'Surgery start time is required.';
  else {
    surgeryStart = localToIso(`${form.surgeryDate}T${form.surgeryTime}`, offsetMinutes);
    if (!surgeryStart)
      errors.surgeryDate = `Surgery start ${form.surgeryDate} ${form.surgeryTime} is not a date.`;
  }
  if (injectedAt && surgeryStart && Date.parse(surgeryStart) < Date.parse(injectedAt)) {
    errors.surgeryTime = 'Surgery start is before the injection.';
  }
  const duration = positive(
    errors,
    'surgeryDurationMinutes',
    'Planned duration',
    form.surgeryDurationMinutes,
    'min',
  );
  if (!form.probe) errors.probe = 'Probe preset is required.';
  if (form.lesions.length === 0) errors.lesions = 'There are no lesions to plan: add at least one.';
  const lesions: PlanBody['lesions'] = [];
  const labels = new Set<string>();
  form.lesions.forEach((l, i) => {
    const name = `Lesion ${l.label.trim() || i + 1}`;
    if (!l.label.trim()) errors[`lesions.${i}.label`] = `Lesion ${i + 1}: a label is required.`;
    else if (labels.has(l.label.trim()))
      errors[`lesions.${i}.label`] = `${name}: the label is used twice; give each lesion its own.`;
    labels.add(l.label.trim());
    const diameterMm = positive(errors, `lesions.${i}.diameterMm`, `${name}: diameter`, l.diameterMm, 'mm');
    const depthCm = positive(errors, `lesions.${i}.depthCm`, `${name}: depth`, l.depthCm, 'cm');
    const uptakeRatio = positive(
      errors,
      `lesions.${i}.uptakeRatio`,
      `${name}: uptake ratio`,
      l.uptakeRatio,
      '',
    );
    if (diameterMm !== undefined && depthCm !== undefined && depthCm < diameterMm / 20) {
      errors[`lesions.${i}.depthCm`] =
        `${name}: depth ${depthCm} cm is less than the radius (${diameterMm / 20} cm); depth is to the lesion centre.`;
    }
    if (!l.nearbyOrgan) errors[`lesions.${i}.nearbyOrgan`] = `${name}: nearby organ is required (or “none”).`;
    if (diameterMm !== undefined && depthCm !== undefined && uptakeRatio !== undefined && l.nearbyOrgan) {
      lesions.push({ label: l.label.trim(), diameterMm, depthCm, uptakeRatio, nearbyOrgan: l.nearbyOrgan });
    }
  });
  if (Object.keys(errors).length > 0 || !activity || !injectedAt || !surgeryStart || !duration) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    body: {
      tracer: form.tracer,
      injectedActivityMBq: activity,
      injectedAt,
      surgeryStart,
      surgeryDurationMinutes: duration,
      probe: form.probe,
      lesions,
    },
  };
}

/** The dose request for the same operation: the tracer and timing fields of the plan. */
export function doseBodyFromPlan(body: PlanBody) {
  const { tracer, injectedActivityMBq, injectedAt, surgeryStart, surgeryDurationMinutes } = body;
  return { tracer, injectedActivityMBq, injectedAt, surgeryStart, surgeryDurationMinutes };
}

/** `body.lesions[1].depthCm` (the server's issue path) → the form key `lesions.1.depthCm`. */
export function fieldKeyOfServerPath(path: string): string {
  return path
    .replace(/^body\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}
