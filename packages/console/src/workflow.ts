// Where a case stands in the radioguided-surgery workflow (clinical.md, "The procedure, step by step"),
// and the one sentence that tells the team what to do next. Pure: tested in workflow.test.ts.
import type { Case, Measurement, Probe, StationInfo } from './api.js';

export const MIN_BACKGROUND_SITES = 3;

export type StepId =
  | 'tracer'
  | 'probe'
  | 'lesions'
  | 'background'
  | 'in-vivo'
  | 'ex-vivo'
  | 'tumour-bed'
  | 'close'
  | 'report';

export interface Step {
  id: StepId;
  label: string;
  done: boolean;
  /** The case is signed off: a step not done can no longer be done (shown locked, not as a to-do). */
  locked: boolean;
  detail: string;
}

/** "1 check", "2 checks": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function count(measurements: readonly Measurement[], kind: Measurement['kind']): number {
  return measurements.filter((m) => m.kind === kind).length;
}

/** The station whose live session belongs to this case, if any. */
export function caseStation(c: Case, stations: readonly StationInfo[]): StationInfo | undefined {
  return stations.find((station) => station.session?.caseId === c.id);
}

export function isClosed(c: Case | { signOff: unknown }): boolean {
  return c.signOff !== null;
}

export function caseSteps(
  c: Case,
  measurements: readonly Measurement[],
  stations: readonly StationInfo[],
): Step[] {
  const background = count(measurements, 'background');
  const inVivo = count(measurements, 'in-vivo');
  const exVivo = count(measurements, 'ex-vivo');
  const bed = count(measurements, 'tumour-bed');
  const lesions = c.lesions.length;
  const tracer = c.tracerAdministrations[0];
  const station = caseStation(c, stations);
  // A live measurement was counted in a live session, which was started with the probe chosen (and its QC
  // passed or overridden); the server stores it with its session, not with the probe (issue 13 point 6).
  const probeChosen =
    station !== undefined || measurements.some((m) => m.probeId !== null || m.liveSessionId !== null);
  const closed = isClosed(c);
  const steps: Omit<Step, 'locked'>[] = [
    {
      id: 'tracer',
      label: 'Tracer',
      done: tracer !== undefined,
      detail: tracer ? tracer.agent : 'agent, activity, time',
    },
    {
      id: 'probe',
      label: 'Probe',
      done: probeChosen,
      detail: station ? `live on ${station.name}` : probeChosen ? 'chosen' : 'choose probe, check QC',
    },
    { id: 'lesions', label: 'Lesions', done: lesions > 0, detail: `${lesions} recorded` },
    {
      id: 'background',
      label: 'Background',
      done: background >= MIN_BACKGROUND_SITES,
      detail: `${background} of ≥ ${MIN_BACKGROUND_SITES} sites`,
    },
    { id: 'in-vivo', label: 'In vivo', done: inVivo > 0, detail: `${plural(inVivo, 'site')} measured` },
    { id: 'ex-vivo', label: 'Ex vivo', done: exVivo > 0, detail: plural(exVivo, 'specimen count') },
    { id: 'tumour-bed', label: 'Tumour bed', done: bed > 0, detail: plural(bed, 'check') },
    {
      id: 'close',
      label: 'Close',
      done: closed,
      detail: closed ? `resection ${c.resectionStatus}, signed off` : 'R status, sign-off',
    },
    { id: 'report', label: 'Report', done: closed, detail: closed ? 'ready' : 'view, print, PDF' },
  ];
  return steps.map((step) => ({
    ...step,
    locked: closed && !step.done,
    ...(closed && !step.done ? { detail: `${step.detail} — case closed` } : {}),
  }));
}

/** The first step not done, for the live view's guidance line. */
export function guidance(steps: readonly Step[]): string {
  if (steps.some((step) => step.id === 'close' && step.done))
    return 'Case closed and signed off. The report is ready.';
  const next = steps.find((step) => !step.done);
  switch (next?.id) {
    case 'tracer':
      return 'Record the tracer administration on the case page first.';
    case 'probe':
      return 'Choose the probe on the case page (check its QC).';
    case 'lesions':
    case 'background': {
      const detail = steps.find((s) => s.id === 'background')?.detail ?? '';
      return `Background: at each normal-tissue site press Space, hold the probe still, then press B (${detail}).`;
    }
    case 'in-vivo':
      return 'Survey and lesions in vivo: hold still over a site, press M and choose the lesion.';
    case 'ex-vivo':
      return 'Ex vivo: count each specimen away from the patient, press M → Ex vivo.';
    case 'tumour-bed':
      return 'Tumour bed: check the resection bed for residual activity, press M → Tumour bed.';
    case 'close':
      return 'Measurements done. Close the case with the resection status on the case page.';
    default:
      return 'Case closed. The report is ready.';
  }
}

const DAY_MS = 86_400_000;

export type QcView = { level: 'pass' | 'warn' | 'fail'; text: string };

/** A probe's QC state for today: a passing check on the same calendar day is required to show "pass". */
export function qcView(probe: Probe, now: Date): QcView {
  if (!probe.qcCheckedAt || probe.qcStatus === 'unknown')
    return { level: 'warn', text: 'no QC check on record' };
  const at = new Date(probe.qcCheckedAt);
  const ageMs = now.getTime() - at.getTime();
  const sameDay = at.toDateString() === now.toDateString();
  if (probe.qcStatus === 'fail')
    return { level: 'fail', text: `last QC check FAILED (${at.toLocaleDateString('en-GB')})` };
  if (sameDay && ageMs >= 0) return { level: 'pass', text: 'QC passed today' };
  if (ageMs < DAY_MS) return { level: 'warn', text: 'QC passed yesterday — no check today' };
  return { level: 'warn', text: `no passing QC check today (last ${at.toLocaleDateString('en-GB')})` };
}
