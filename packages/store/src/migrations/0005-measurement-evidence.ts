// Issue 13: a measurement keeps the evidence the screen showed — T/B with its 95 % interval, the verdict's
// confidence, when it was reached, whether it was provisional and the warnings shown with it (the
// background model, with its rule, stays in background_model_json). Existing rows keep null: their
// interval was never stored, and inventing one now would put figures in the record nobody saw.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const columns: Array<[string, 'double precision' | 'integer' | 'text']> = [
      ['ratio_low', 'double precision'],
      ['ratio_high', 'double precision'],
      ['confidence_percent', 'double precision'],
      ['decision_seconds', 'double precision'],
      ['provisional', 'integer'],
      ['warnings_json', 'text'],
    ];
    for (const [name, type] of columns) {
      await db.schema.alterTable('measurements').addColumn(name, type).execute();
    }
  },
};
