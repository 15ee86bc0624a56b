// `rgs audit verify`: recomputes the audit log's hash chain and names the first row that does not fit.
import { STORAGE_OPTIONS, verifyAuditChain } from '@openrgs/store';
import { booleanFlag, type Command, JSON_OPTION, writeResult } from '../command.js';
import { withStore } from '../with-store.js';

export const command: Command = {
  name: 'audit verify',
  summary: 'check the audit log hash chain; exit 1 naming the first row that was changed or removed',
  usage: '[--data-dir D | --database-url URL] [--json]',
  details:
    'Each audit row stores the SHA-256 of the row before it and its own hash over the previous hash and\n' +
    'its fields. An edit made with the append-only trigger dropped, a removed row or an inserted one\n' +
    'breaks the chain from there on; rows cut off the end leave no trace in the chain itself (compare the\n' +
    'printed head hash with one kept elsewhere, e.g. in the last backup report).',
  options: { ...STORAGE_OPTIONS, json: JSON_OPTION },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const report = await verifyAuditChain(store.db);
      const json = booleanFlag(args, 'json');
      if (report.ok) {
        writeResult(io, json, report, () =>
          report.rows === 0
            ? 'audit log intact: no rows yet'
            : `audit log intact: ${report.rows} rows, head ${report.head}`,
        );
        return 0;
      }
      const b = report.firstBroken;
      writeResult(io, json, report, () =>
        b === undefined
          ? 'audit log broken'
          : `audit log BROKEN at row seq ${b.seq} (id ${b.id}, ${b.at}, ${b.action}): ${b.problem}; ` +
            `${report.rows - 1} rows before it are intact`,
      );
      return 1;
    }),
};
