// Issue 17 (display, part 3): a lesion's position from pre-operative imaging, so the console's 3D map can
// show it as a marker beside the hotspots. Three coordinates in cm in the patient frame the map uses (the
// tracker's reference frame; @openrgs/api PreopPositionCm says how the imaging coordinate is entered).
// All three or none (the repository writes them together); existing lesions have none: nobody entered one,
// and guessing a position from a free-text location would put a point on the screen nobody measured.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const name of ['preop_position_cm_x', 'preop_position_cm_y', 'preop_position_cm_z']) {
      await db.schema.alterTable('lesions').addColumn(name, 'double precision').execute();
    }
  },
};
