// Registry statistics across cases (issue 9): per tracer and per site, the T/B distributions, the
// accuracy of the RGS verdict against pathology with exact intervals, the ROC of in vivo T/B with an
// evidence-based cut-off, the lesions RGS found that imaging missed, and R status and recurrence.
import { findTracerCode } from '@openrgs/api';
import type { CaseRecord, LesionRecord, LesionSite, ResectionStatus } from './record.js';
import {
  type ConfusionTable,
  confusionTable,
  type DiagnosticAccuracy,
  diagnosticAccuracy,
} from './stats/accuracy.js';
import { clopperPearson, type Proportion } from './stats/proportion.js';
import { type RocWithIntervals, rocWithBootstrap } from './stats/roc.js';

export interface LesionRow {
  caseId: string;
  caseLabel: string;
  tracer: string;
  site: LesionSite;
  lesion: string;
  imagingStatus: LesionRecord['imagingStatus'];
  /** Highest in vivo T/B measured on the lesion, if any. */
  inVivoRatio: number | null;
  exVivoRatio: number | null;
  rgsResult: LesionRecord['rgsResult'] | null;
  /** Pathology reference: true = NET confirmed; null = no pathology yet. */
  netConfirmed: boolean | null;
  synthetic: boolean;
}

export interface Distribution {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export interface GroupStats {
  tracer: string;
  site: LesionSite | 'all';
  lesions: number;
  withPathology: number;
  inVivoRatio: Distribution;
  exVivoRatio: Distribution;
  /** Verdict against pathology; undecided verdicts are left out of the table and counted here. */
  accuracy: DiagnosticAccuracy | null;
  undecided: number;
  roc: RocWithIntervals | { insufficient: string };
}

export interface RegistryStats {
  /** True when any case in the input is synthetic: then every figure is demonstration only. */
  synthetic: boolean;
  syntheticCases: number;
  cases: number;
  lesions: number;
  groups: GroupStats[];
  foundByRgsNotSeenOnImaging: Array<
    Pick<LesionRow, 'caseLabel' | 'lesion' | 'site' | 'imagingStatus' | 'inVivoRatio'>
  >;
  resection: Record<ResectionStatus, Proportion>;
  recurrence: { withFollowUp: number; recurred: Proportion };
  bootstrap: { replicates: number; seed: number };
}

/** The canonical display name of a known tracer spelling; an unknown one as it was recorded. */
export function canonicalTracerName(text: string): string {
  return findTracerCode(text)?.display ?? text;
}

export function lesionRows(record: CaseRecord): LesionRow[] {
  const specimenLesion = new Map(record.specimens.map((s) => [s.id, s.lesionId]));
  return record.lesions.map((lesion) => {
    let inVivo: number | null = null;
    let exVivo: number | null = null;
    const inVivoVerdicts: string[] = [];
    for (const m of record.measurements) {
      const lesionId =
        m.lesionId ?? (m.specimenId === undefined ? undefined : specimenLesion.get(m.specimenId));
      if (lesionId !== lesion.id) continue;
      if (m.kind === 'in-vivo' && m.verdict !== undefined) inVivoVerdicts.push(m.verdict);
      if (m.ratio === undefined) continue;
      if (m.kind === 'in-vivo') inVivo = inVivo === null ? m.ratio : Math.max(inVivo, m.ratio);
      if (m.kind === 'ex-vivo') exVivo = exVivo === null ? m.ratio : Math.max(exVivo, m.ratio);
    }
    return {
      caseId: record.id,
      caseLabel: record.label,
      tracer: record.tracer?.agent ?? 'unknown',
      site: lesion.site,
      lesion: lesion.label,
      imagingStatus: lesion.imagingStatus,
      inVivoRatio: inVivo,
      exVivoRatio: exVivo,
      // The lesion's own RGS result when the team set it; otherwise what its in vivo counts said.
      rgsResult:
        lesion.rgsResult ??
        (inVivoVerdicts.includes('positive')
          ? 'positive'
          : inVivoVerdicts.length > 0 && inVivoVerdicts.every((v) => v === 'negative')
            ? 'negative'
            : inVivoVerdicts.length > 0
              ? 'undecided'
              : null),
      netConfirmed: lesion.pathology?.netConfirmed ?? null,
      synthetic: record.synthetic === true,
    };
  });
}

/** Quartiles by linear interpolation between order statistics (Hyndman & Fan 1996, type 7). */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { n, min: null, q1: null, median: null, q3: null, max: null };
  const q = (p: number): number => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = sorted[lo] ?? Number.NaN;
    const b = sorted[Math.min(lo + 1, n - 1)] ?? Number.NaN;
    return a + (h - lo) * (b - a);
  };
  return { n, min: sorted[0] ?? null, q1: q(0.25), median: q(0.5), q3: q(0.75), max: sorted[n - 1] ?? null };
}

function groupStats(
  tracer: string,
  site: GroupStats['site'],
  rows: LesionRow[],
  boot: RegistryStats['bootstrap'],
): GroupStats {
  const withPathology = rows.filter((r) => r.netConfirmed !== null);
  const decided = withPathology.filter((r) => r.rgsResult === 'positive' || r.rgsResult === 'negative');
  const table: ConfusionTable = confusionTable(
    decided.map((r) => ({
      testPositive: r.rgsResult === 'positive',
      referencePositive: r.netConfirmed === true,
    })),
  );
  const rocInput = withPathology
    .filter((r) => r.inVivoRatio !== null)
    .map((r) => ({ marker: r.inVivoRatio ?? Number.NaN, diseased: r.netConfirmed === true }));
  return {
    tracer,
    site,
    lesions: rows.length,
    withPathology: withPathology.length,
    inVivoRatio: distribution(rows.flatMap((r) => (r.inVivoRatio === null ? [] : [r.inVivoRatio]))),
    exVivoRatio: distribution(rows.flatMap((r) => (r.exVivoRatio === null ? [] : [r.exVivoRatio]))),
    accuracy: decided.length === 0 ? null : diagnosticAccuracy(table),
    undecided: withPathology.length - decided.length,
    roc: rocWithBootstrap(rocInput, boot),
  };
}

/** What the registry needs of a case beyond its lesions (historic imports carry only this). */
export interface CaseOutcome {
  caseId: string;
  caseLabel: string;
  tracer: string;
  resectionStatus: ResectionStatus;
  followUps: Array<{ date: string; recurrence: boolean }>;
  synthetic: boolean;
}

export interface RegistryInput {
  cases: CaseOutcome[];
  lesions: LesionRow[];
}

export function registryInputFromCases(records: readonly CaseRecord[]): RegistryInput {
  return {
    cases: records.map((r) => ({
      caseId: r.id,
      caseLabel: r.label,
      tracer: r.tracer?.agent ?? 'unknown',
      resectionStatus: r.resectionStatus,
      followUps: r.followUps.map((f) => ({ date: f.date, recurrence: f.recurrence })),
      synthetic: r.synthetic === true,
    })),
    lesions: records.flatMap(lesionRows),
  };
}

export function mergeRegistryInputs(...inputs: RegistryInput[]): RegistryInput {
  return { cases: inputs.flatMap((i) => i.cases), lesions: inputs.flatMap((i) => i.lesions) };
}

export function registryStats(
  input: RegistryInput,
  options: { bootstrapReplicates: number; seed: number },
): RegistryStats {
  const boot = { replicates: options.bootstrapReplicates, seed: options.seed };
  // One agent is one group however a source spelled it (coded vocabulary, @openrgs/api TRACERS).
  const rows = input.lesions.map((r) => ({ ...r, tracer: canonicalTracerName(r.tracer) }));
  const cases = input.cases;
  const groups: GroupStats[] = [];
  const tracers = [...new Set(rows.map((r) => r.tracer))].sort();
  for (const tracer of tracers) {
    const ofTracer = rows.filter((r) => r.tracer === tracer);
    groups.push(groupStats(tracer, 'all', ofTracer, boot));
    const sites = [...new Set(ofTracer.map((r) => r.site))].sort();
    for (const site of sites)
      groups.push(
        groupStats(
          tracer,
          site,
          ofTracer.filter((r) => r.site === site),
          boot,
        ),
      );
  }
  if (tracers.length > 1) groups.unshift(groupStats('all', 'all', rows, boot));

  const closed = cases.filter((c) => c.resectionStatus !== 'pending');
  const resection = {} as Record<ResectionStatus, Proportion>;
  for (const status of ['R0', 'R1', 'R2', 'pending'] as const) {
    const total = status === 'pending' ? cases.length : closed.length;
    resection[status] = clopperPearson(cases.filter((c) => c.resectionStatus === status).length, total);
  }
  const followed = cases.filter((c) => c.followUps.length > 0);
  const syntheticCases = cases.filter((c) => c.synthetic).length;
  return {
    synthetic: syntheticCases > 0,
    syntheticCases,
    cases: cases.length,
    lesions: rows.length,
    groups,
    foundByRgsNotSeenOnImaging: rows
      .filter((r) => r.rgsResult === 'positive' && r.imagingStatus !== 'seen')
      .map(({ caseLabel, lesion, site, imagingStatus, inVivoRatio }) => ({
        caseLabel,
        lesion,
        site,
        imagingStatus,
        inVivoRatio,
      })),
    resection,
    recurrence: {
      withFollowUp: followed.length,
      recurred: clopperPearson(
        followed.filter((c) => c.followUps.some((f) => f.recurrence)).length,
        followed.length,
      ),
    },
    bootstrap: boot,
  };
}
