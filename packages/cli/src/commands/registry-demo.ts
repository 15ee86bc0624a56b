// `rgs registry demo`: (re)generate the synthetic demo registry from the simulator.
import { generateSyntheticRegistry, SYNTHETIC_SOURCE } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
import { booleanFlag, type Command, JSON_OPTION, optionalNumber, writeResult } from '../command.js';
import { withStore } from '../with-store.js';

export const command: Command = {
  name: 'registry demo',
  summary: 'generate the SYNTHETIC demo registry from the simulator (flagged synthetic everywhere)',
  usage: '[--cases-per-scenario N] [--seed N] [--json] [--data-dir D | --database-url URL]',
  details:
    'Rows are keyed (source synthetic-demo, case, lesion): the same seed twice changes nothing. The\n' +
    'registry page and `rgs registry stats` mark every figure that includes them; --no-synthetic there\n' +
    'leaves them out. How rows are made: packages/server/src/domain/synthetic-registry.ts.',
  options: {
    'cases-per-scenario': {
      type: 'string',
      description: 'synthetic cases per NET scenario (1–200, default 20)',
    },
    seed: { type: 'string', description: 'random seed, a whole number (default 1)' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const casesPerScenario =
        optionalNumber(args, 'cases-per-scenario', { min: 1, max: 200, integer: true }) ?? 20;
      const seed = optionalNumber(args, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }) ?? 1;
      const rows = generateSyntheticRegistry({ casesPerScenario, seed });
      const result = await store.registry.importRows(
        { userId: null, username: 'rgs registry demo' },
        SYNTHETIC_SOURCE,
        true,
        rows,
      );
      writeResult(
        io,
        booleanFlag(args, 'json'),
        result,
        () =>
          `synthetic demo registry: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged lesion rows (SYNTHETIC)`,
      );
      return 0;
    }),
};
