// Background sites (issue 12): the team's decisions on sites the outlier check flagged (keep: it is normal
// tissue after all and counts; drop: it never counts), and the department's past background sites per
// tracer (and tissue, where sites are linked to a lesion with a coded site) from which the between-site
// spread is learnt (empirical Bayes, @openrgs/counting spread-prior.ts).
import type { Kysely } from 'kysely';
import {
  type Actor,
  appendAudit,
  type Executor,
  newId,
  notFound,
  nowIso,
  type StoreContext,
} from '../context.js';
import type { Database } from '../schema.js';
import { caseForChange } from './case-guard.js';

export interface BackgroundSiteDecisionsTable {
  id: string;
  caseId: string;
  siteLabel: string;
  action: 'keep' | 'drop';
  reason: string | null;
  decidedAt: string;
  decidedBy: string;
}

type DecisionsDatabase = Database & { backgroundSiteDecisions: BackgroundSiteDecisionsTable };

export interface BackgroundSiteDecision {
  siteLabel: string;
  action: 'keep' | 'drop';
  reason: string | null;
  decidedAt: string;
  decidedBy: string;
}

export interface PastBackgroundSite {
  siteLabel: string;
  counts: number;
  durationSeconds: number;
}

export interface PastBackgroundCase {
  caseId: string;
  /** Coded tissue of the lesion these sites were linked to; null for sites linked to no lesion. */
  tissue: string | null;
  sites: PastBackgroundSite[];
}

/** Past cases read for the spread prior: the most recent ones (a registry of years stays bounded). */
export const PAST_CASES_LIMIT = 2000;

/** Latest decision per site label, from the rows of one case (oldest first). */
function latestPerLabel(rows: BackgroundSiteDecisionsTable[]): BackgroundSiteDecision[] {
  const latest = new Map<string, BackgroundSiteDecision>();
  for (const r of rows) {
    latest.set(r.siteLabel, {
      siteLabel: r.siteLabel,
      action: r.action,
      reason: r.reason,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy,
    });
  }
  return [...latest.values()];
}

/** The decisions in force in a case (the latest per site label). */
export async function loadBackgroundDecisions(
  db: Executor,
  caseId: string,
): Promise<BackgroundSiteDecision[]> {
  const rows = await (db as unknown as Kysely<DecisionsDatabase>)
    .selectFrom('backgroundSiteDecisions')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('decidedAt')
    .orderBy('id')
    .execute();
  return latestPerLabel(rows);
}

export class BackgroundSitesRepo {
  private readonly db: Kysely<DecisionsDatabase>;

  constructor(private readonly ctx: StoreContext) {
    this.db = ctx.db as unknown as Kysely<DecisionsDatabase>;
  }

  /**
   * Keeps or drops a background site of a case (it must have a background measurement with that label).
   * A new row each time, audited with the decision it replaces; not after sign-off.
   */
  async decide(
    actor: Actor,
    caseId: string,
    siteLabel: string,
    action: 'keep' | 'drop',
    reason: string | null,
  ): Promise<BackgroundSiteDecision> {
    return this.db.transaction().execute(async (trx) => {
      await caseForChange(trx as unknown as Executor, caseId);
      const site = await trx
        .selectFrom('measurements')
        .select('id')
        .where('caseId', '=', caseId)
        .where('kind', '=', 'background')
        .where('siteLabel', '=', siteLabel)
        .executeTakeFirst();
      if (!site) throw notFound('background site of this case', siteLabel, ['siteLabel']);
      const before = (await loadBackgroundDecisions(trx as unknown as Executor, caseId)).find(
        (d) => d.siteLabel === siteLabel,
      );
      const row: BackgroundSiteDecisionsTable = {
        id: newId(),
        caseId,
        siteLabel,
        action,
        reason,
        decidedAt: nowIso(this.ctx),
        decidedBy: actor.userId ?? actor.username,
      };
      await trx.insertInto('backgroundSiteDecisions').values(row).execute();
      const decision: BackgroundSiteDecision = {
        siteLabel,
        action,
        reason,
        decidedAt: row.decidedAt,
        decidedBy: row.decidedBy,
      };
      await appendAudit(trx as unknown as Executor, this.ctx, actor, {
        action: `background-site.${action}`,
        entityType: 'background-site',
        entityId: row.id,
        caseId,
        before: before ?? null,
        after: decision,
      });
      return decision;
    });
  }

  /** The decisions in force in a case (the latest per site label). */
  async decisions(caseId: string): Promise<BackgroundSiteDecision[]> {
    return loadBackgroundDecisions(this.ctx.db, caseId);
  }

  /**
   * Background sites of the department's past cases given `tracerId` (other than `excludeCaseId`), one
   * group per case and tissue (the coded site of the lesion a background measurement is linked to; null
   * when it is linked to none). Sites the team dropped in their own case are left out.
   */
  async pastSites(tracerId: string, excludeCaseId: string | null): Promise<PastBackgroundCase[]> {
    const caseRows = await this.db
      .selectFrom('tracerAdministrations')
      .select('caseId')
      .where('tracerId', '=', tracerId)
      .groupBy('caseId')
      .orderBy(({ fn }) => fn.max('administeredAt'), 'desc')
      .limit(PAST_CASES_LIMIT)
      .execute();
    const caseIds = caseRows.map((r) => r.caseId).filter((id) => id !== excludeCaseId);
    if (caseIds.length === 0) return [];
    const groups = new Map<string, PastBackgroundCase>();
    // Chunks keep the parameter count well under either engine's limit.
    for (let i = 0; i < caseIds.length; i += 500) {
      const chunk = caseIds.slice(i, i + 500);
      const sites = await this.db
        .selectFrom('measurements')
        .leftJoin('lesions', 'lesions.id', 'measurements.lesionId')
        .select([
          'measurements.caseId as caseId',
          'measurements.siteLabel as siteLabel',
          'measurements.counts as counts',
          'measurements.durationSeconds as durationSeconds',
          'lesions.siteCode as tissue',
        ])
        .where('measurements.kind', '=', 'background')
        .where('measurements.caseId', 'in', chunk)
        .orderBy('measurements.measuredAt')
        .execute();
      const drops = await this.db
        .selectFrom('backgroundSiteDecisions')
        .selectAll()
        .where('caseId', 'in', chunk)
        .orderBy('decidedAt')
        .orderBy('id')
        .execute();
      const dropped = new Set<string>();
      const byCase = new Map<string, BackgroundSiteDecisionsTable[]>();
      for (const d of drops) byCase.set(d.caseId, [...(byCase.get(d.caseId) ?? []), d]);
      for (const [caseId, rows] of byCase) {
        for (const d of latestPerLabel(rows))
          if (d.action === 'drop') dropped.add(`${caseId}\u0000${d.siteLabel}`);
      }
      for (const s of sites) {
        if (dropped.has(`${s.caseId}\u0000${s.siteLabel}`)) continue;
        const tissue = s.tissue ?? null;
        const key = `${s.caseId}\u0000${tissue ?? ''}`;
        const group = groups.get(key) ?? { caseId: s.caseId, tissue, sites: [] };
        group.sites.push({
          siteLabel: s.siteLabel,
          counts: Number(s.counts),
          durationSeconds: Number(s.durationSeconds),
        });
        groups.set(key, group);
      }
    }
    return [...groups.values()];
  }
}
