// `rgs registry stats [--json]`: the institution's evidence across cases.
import { type GroupStats, type Proportion, registryStats } from '@openrgs/report';
import { loadRegistryInput, REGISTRY_SEED } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
import { booleanFlag, type Command, JSON_OPTION, optionalNumber, writeResult } from '../command.js';
import { withStore } from '../with-store.js';

const pct = (p: Proportion): string =>
  p.estimate === null
    ? '—'
    : `${(p.estimate * 100).toFixed(0)} % (${((p.low ?? 0) * 100).toFixed(0)}–${((p.high ?? 0) * 100).toFixed(0)}) ${p.successes}/${p.total}`;

function groupLines(g: GroupStats): string[] {
  const lines = [`${g.tracer} — ${g.site}: ${g.lesions} lesions, ${g.withPathology} with pathology`];
  const d = g.inVivoRatio;
  if (d.n > 0)
    lines.push(
      `  in vivo T/B: median ${d.median?.toFixed(2)} (IQR ${d.q1?.toFixed(2)}–${d.q3?.toFixed(2)}), n=${d.n}`,
    );
  const e = g.exVivoRatio;
  if (e.n > 0)
    lines.push(
      `  ex vivo T/B: median ${e.median?.toFixed(2)} (IQR ${e.q1?.toFixed(2)}–${e.q3?.toFixed(2)}), n=${e.n}`,
    );
  if (g.accuracy) {
    lines.push(`  sensitivity ${pct(g.accuracy.sensitivity)}; specificity ${pct(g.accuracy.specificity)}`);
    lines.push(
      `  PPV ${pct(g.accuracy.positivePredictiveValue)}; NPV ${pct(g.accuracy.negativePredictiveValue)}`,
    );
  }
  if ('insufficient' in g.roc) lines.push(`  ROC: ${g.roc.insufficient}`);
  else {
    lines.push(
      `  ROC AUC ${g.roc.auc.toFixed(2)} (${g.roc.aucInterval.low.toFixed(2)}–${g.roc.aucInterval.high.toFixed(2)}); ` +
        `best in vivo T/B cut-off ${g.roc.bestThreshold.threshold.toFixed(2)} ` +
        `(${g.roc.thresholdInterval.low.toFixed(2)}–${g.roc.thresholdInterval.high.toFixed(2)}, bootstrap 95 %)`,
    );
  }
  return lines;
}

export const command: Command = {
  name: 'registry stats',
  summary: 'registry statistics across cases: T/B, accuracy against pathology, ROC cut-off, R status',
  usage: '[--json] [--no-synthetic] [--replicates N] [--data-dir D | --database-url URL]',
  details:
    'Counts signed-off cases in the record and imported historic cases (rgs registry import). The demo\n' +
    'registry generated from the simulator is synthetic and flagged as such; --no-synthetic leaves it out.',
  options: {
    'no-synthetic': { type: 'boolean', description: 'leave the synthetic demo registry out' },
    replicates: {
      type: 'string',
      description: 'bootstrap replicates for the intervals (100–10000, default 1000)',
    },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const replicates = optionalNumber(args, 'replicates', { min: 100, max: 10000, integer: true }) ?? 1000;
      const input = await loadRegistryInput(store, { includeSynthetic: !booleanFlag(args, 'no-synthetic') });
      const stats = registryStats(input, { bootstrapReplicates: replicates, seed: REGISTRY_SEED });
      writeResult(io, booleanFlag(args, 'json'), stats, () => {
        const lines: string[] = [];
        if (stats.synthetic)
          lines.push(`NOTE: ${stats.syntheticCases} of ${stats.cases} cases are SYNTHETIC demo data.`);
        lines.push(`${stats.cases} cases, ${stats.lesions} lesions`);
        for (const g of stats.groups) lines.push(...groupLines(g));
        lines.push(
          `found by RGS, not seen or indeterminate on imaging: ${stats.foundByRgsNotSeenOnImaging.length}`,
        );
        for (const l of stats.foundByRgsNotSeenOnImaging)
          lines.push(`  ${l.caseLabel} / ${l.lesion} (${l.site}, ${l.imagingStatus})`);
        lines.push(
          `R0 ${pct(stats.resection.R0)}; R1 ${pct(stats.resection.R1)}; R2 ${pct(stats.resection.R2)}; pending ${stats.resection.pending.successes}`,
        );
        lines.push(
          `recurrence ${pct(stats.recurrence.recurred)} of ${stats.recurrence.withFollowUp} cases with follow-up`,
        );
        return lines.join('\n');
      });
      return 0;
    }),
};
