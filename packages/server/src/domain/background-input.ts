// The normal-tissue model's input for a case, the same for the live stations and for posted counts: the
// case's plausible background sites, the team's keep/drop decisions on flagged sites, and the spread prior
// learnt from the department's own past cases (empirical Bayes: Smyth 2004, @openrgs/counting
// spread-prior.ts) for the case's tracer — per tissue where the sites are linked to lesions of one coded
// site and enough past cases of that tissue exist, else over all tissues of that tracer; none (the sites'
// own spread, today's rule) when the department has too few past cases.
import { findLesionSite, TRACERS } from '@openrgs/api';
import {
  type BackgroundInput,
  type BackgroundSite,
  estimateSpreadPrior,
  type SpreadPrior,
} from '@openrgs/counting';
import type { BackgroundSiteDecision, Measurement, PastBackgroundCase, Store } from '@openrgs/store';
import { usableBackground } from './plausible.js';

export interface SpreadPriorChoice {
  prior: SpreadPrior | null;
  /** Why this prior (or none), in words. */
  note: string;
}

/** Keep and drop lists from the decisions in force, for the sites the case has. */
export function decisionLists(
  decisions: BackgroundSiteDecision[],
  siteLabels: string[],
): { keepSites: string[]; dropSites: string[] } {
  const present = new Set(siteLabels);
  const live = decisions.filter((d) => present.has(d.siteLabel));
  return {
    keepSites: live.filter((d) => d.action === 'keep').map((d) => d.siteLabel),
    dropSites: live.filter((d) => d.action === 'drop').map((d) => d.siteLabel),
  };
}

/** The model input from plausible background rows, decisions and a prior; null without any site. */
export function backgroundInputOf(
  rows: Array<Pick<Measurement, 'siteLabel' | 'counts' | 'durationSeconds'>>,
  decisions: BackgroundSiteDecision[],
  prior: SpreadPrior | null,
): { input: BackgroundInput | null; warnings: string[] } {
  const { sites, warnings } = usableBackground(rows);
  if (sites.length === 0) return { input: null, warnings };
  const lists = decisionLists(
    decisions,
    sites.map((s) => s.siteLabel),
  );
  return {
    input: {
      kind: 'sites',
      sites: sites.map((m) => ({
        siteLabel: m.siteLabel,
        counts: m.counts,
        durationSeconds: m.durationSeconds,
      })),
      ...lists,
      prior,
    },
    warnings,
  };
}

/** The case's tracer (latest administration with a coded tracer) and the tissue of its background sites. */
async function caseTracerAndTissue(
  store: Store,
  caseId: string,
  background: Measurement[],
): Promise<{ tracerId: string | null; tissue: string | null }> {
  const detail = await store.cases.get(caseId);
  if (!detail) return { tracerId: null, tissue: null };
  const coded = detail.tracerAdministrations.filter((t) => t.tracerId !== null);
  const tracerId = coded[coded.length - 1]?.tracerId ?? null;
  const lesionSite = new Map(detail.lesions.map((l) => [l.id, l.siteCode ?? null]));
  const tissues = new Set(
    background.map((m) => (m.lesionId === null ? null : (lesionSite.get(m.lesionId) ?? null))),
  );
  const only = tissues.size === 1 ? [...tissues][0] : null;
  return { tracerId, tissue: only ?? null };
}

function estimate(groups: PastBackgroundCase[], source: string): SpreadPrior | null {
  const result = estimateSpreadPrior(
    groups.map((g) => g.sites as BackgroundSite[]),
    source,
  );
  return result.ok ? result.value : null;
}

/**
 * The spread prior for a case from the department's past cases of the same tracer (the case itself left
 * out). Tissue first (sites linked to lesions of one coded site), then all tissues merged per case.
 */
export async function spreadPriorForCase(
  store: Store,
  caseId: string,
  background?: Measurement[],
): Promise<SpreadPriorChoice> {
  const rows = background ?? (await store.measurements.list(caseId)).filter((m) => m.kind === 'background');
  const { tracerId, tissue } = await caseTracerAndTissue(store, caseId, rows);
  if (tracerId === null) {
    return { prior: null, note: 'no spread prior: the case has no coded tracer administration' };
  }
  const tracer = TRACERS.find((t) => t.id === tracerId)?.display ?? tracerId;
  const past = await store.backgroundSites.pastSites(tracerId, caseId);
  if (tissue !== null) {
    const sameTissue = past.filter((g) => g.tissue === tissue);
    const name = findLesionSite(tissue)?.display ?? tissue;
    const prior = estimate(sameTissue, `${tracer}, ${name}: past cases of this department`);
    if (prior !== null) return { prior, note: prior.source };
  }
  return allTissuesPrior(
    past,
    tracer,
    `no spread prior: too few past ${tracer} cases with two or more background sites; the sites' own spread is used`,
  );
}

/** The prior from the tracer's past cases with every tissue merged per case, or `noPrior` when too few. */
function allTissuesPrior(
  past: readonly PastBackgroundCase[],
  tracer: string,
  noPrior: string,
): SpreadPriorChoice {
  const merged = new Map<string, PastBackgroundCase>();
  for (const g of past) {
    const m = merged.get(g.caseId) ?? { caseId: g.caseId, tissue: null, sites: [] };
    m.sites.push(...g.sites);
    merged.set(g.caseId, m);
  }
  const prior = estimate([...merged.values()], `${tracer}, all tissues: past cases of this department`);
  return prior !== null ? { prior, note: prior.source } : { prior: null, note: noPrior };
}

/**
 * The spread prior for planning a new operation with this tracer: the department's past cases of the
 * tracer, all tissues merged per case (a plan has no sites yet, so no tissue to choose by).
 */
export async function spreadPriorForTracer(store: Store, tracerId: string): Promise<SpreadPriorChoice> {
  const tracer = TRACERS.find((t) => t.id === tracerId)?.display ?? tracerId;
  return allTissuesPrior(
    await store.backgroundSites.pastSites(tracerId, null),
    tracer,
    `no spread prior: too few past ${tracer} cases of this department with two or more background sites; the planned sites' own spread is used`,
  );
}

/** Everything the model of a case needs, read from the store. */
export async function caseBackgroundInput(
  store: Store,
  caseId: string,
): Promise<{ input: BackgroundInput | null; warnings: string[]; prior: SpreadPriorChoice }> {
  const background = (await store.measurements.list(caseId)).filter((m) => m.kind === 'background');
  const [decisions, prior] = await Promise.all([
    store.backgroundSites.decisions(caseId),
    spreadPriorForCase(store, caseId, background),
  ]);
  return { ...backgroundInputOf(background, decisions, prior.prior), prior };
}
