// Registry records (issue 9): follow-up entries of cases, and imported or synthetic lesion rows of
// historic cases. Rows are stored as the validated JSON the report package parsed; the key
// (source, caseLabel, lesion) makes imports idempotent: an identical row is left alone, a changed row
// is updated (both audited), a new row inserted.
import type { Kysely, Transaction } from 'kysely';
import { type Actor, appendAudit, newId, notFound, nowIso, type StoreContext } from '../context.js';
import type { Database } from '../schema.js';

export interface FollowUpsTable {
  id: string;
  caseId: string;
  date: string;
  recurrence: number;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

export interface RegistryEntriesTable {
  id: string;
  source: string;
  caseLabel: string;
  lesion: string;
  synthetic: number;
  rowJson: string;
  importedAt: string;
  importedBy: string;
}

type RegistryDatabase = Database & { followUps: FollowUpsTable; registryEntries: RegistryEntriesTable };

export interface FollowUp {
  id: string;
  caseId: string;
  date: string;
  recurrence: boolean;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

export interface RegistryRowInput {
  caseLabel: string;
  lesion: string;
  /** The validated row (any JSON-serialisable object); stored verbatim. */
  row: object;
}

export interface ImportResult {
  source: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RegistryEntry {
  source: string;
  caseLabel: string;
  lesion: string;
  synthetic: boolean;
  row: unknown;
  importedAt: string;
}

export class RegistryRepo {
  private readonly db: Kysely<RegistryDatabase>;

  constructor(private readonly ctx: StoreContext) {
    this.db = ctx.db as unknown as Kysely<RegistryDatabase>;
  }

  async addFollowUp(
    actor: Actor,
    caseId: string,
    input: { date: string; recurrence: boolean; note?: string | null },
  ): Promise<FollowUp> {
    return this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
      if (!exists) throw notFound('case', caseId, ['id']);
      const row: FollowUpsTable = {
        id: newId(),
        caseId,
        date: input.date,
        recurrence: input.recurrence ? 1 : 0,
        note: input.note ?? null,
        createdAt: nowIso(this.ctx),
        createdBy: actor.userId ?? actor.username,
      };
      await trx.insertInto('followUps').values(row).execute();
      const followUp = toFollowUp(row);
      await appendAudit(trx as unknown as Transaction<Database>, this.ctx, actor, {
        action: 'follow-up.create',
        entityType: 'follow-up',
        entityId: row.id,
        caseId,
        after: followUp,
      });
      return followUp;
    });
  }

  async followUps(caseId: string): Promise<FollowUp[]> {
    const rows = await this.db
      .selectFrom('followUps')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('date')
      .execute();
    return rows.map(toFollowUp);
  }

  async importRows(
    actor: Actor,
    source: string,
    synthetic: boolean,
    rows: RegistryRowInput[],
  ): Promise<ImportResult> {
    return this.db.transaction().execute(async (trx) => {
      const result: ImportResult = { source, inserted: 0, updated: 0, unchanged: 0 };
      const at = nowIso(this.ctx);
      for (const r of rows) {
        const json = JSON.stringify(r.row);
        const existing = await trx
          .selectFrom('registryEntries')
          .selectAll()
          .where('source', '=', source)
          .where('caseLabel', '=', r.caseLabel)
          .where('lesion', '=', r.lesion)
          .executeTakeFirst();
        if (existing && existing.rowJson === json && existing.synthetic === (synthetic ? 1 : 0)) {
          result.unchanged++;
          continue;
        }
        if (existing) {
          await trx
            .updateTable('registryEntries')
            .set({ rowJson: json, synthetic: synthetic ? 1 : 0, importedAt: at, importedBy: actor.username })
            .where('id', '=', existing.id)
            .execute();
          result.updated++;
        } else {
          await trx
            .insertInto('registryEntries')
            .values({
              id: newId(),
              source,
              caseLabel: r.caseLabel,
              lesion: r.lesion,
              synthetic: synthetic ? 1 : 0,
              rowJson: json,
              importedAt: at,
              importedBy: actor.username,
            })
            .execute();
          result.inserted++;
        }
      }
      if (result.inserted + result.updated > 0) {
        await appendAudit(trx as unknown as Transaction<Database>, this.ctx, actor, {
          action: synthetic ? 'registry.generate-synthetic' : 'registry.import',
          entityType: 'registry',
          entityId: source,
          after: result,
        });
      }
      return result;
    });
  }

  async entries(options: { includeSynthetic: boolean }): Promise<RegistryEntry[]> {
    let q = this.db
      .selectFrom('registryEntries')
      .selectAll()
      .orderBy('source')
      .orderBy('caseLabel')
      .orderBy('lesion');
    if (!options.includeSynthetic) q = q.where('synthetic', '=', 0);
    const rows = await q.execute();
    return rows.map((r) => ({
      source: r.source,
      caseLabel: r.caseLabel,
      lesion: r.lesion,
      synthetic: r.synthetic === 1,
      row: JSON.parse(r.rowJson) as unknown,
      importedAt: r.importedAt,
    }));
  }

  async count(): Promise<{ total: number; synthetic: number }> {
    const rows = await this.db.selectFrom('registryEntries').select(['synthetic']).execute();
    return { total: rows.length, synthetic: rows.filter((r) => r.synthetic === 1).length };
  }
}

function toFollowUp(row: FollowUpsTable): FollowUp {
  return { ...row, recurrence: row.recurrence === 1 };
}
