// ROC of in vivo T/B and the evidence-based cut-off: a group picker, the curve of the chosen group with its
// figures, and an overview of every group (AUC and cut-off with their bootstrap intervals, or why not).
import { useState } from 'react';
import type { RegistryGroup, Roc } from '../record-api.js';
import { borrowedClass } from './BoxPlot.js';
import { groupKey, groupName } from './group-name.js';
import { RocChart, type RocMarker, rocMarkers } from './RocChart.js';
import { percent } from './registry-format.js';

const ratio = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const hasRoc = (g: RegistryGroup): g is RegistryGroup & { roc: Roc } => !('insufficient' in g.roc);

export function RocSection({ groups }: { groups: readonly RegistryGroup[] }) {
  const withRoc = groups.filter(hasRoc);
  const [chosen, setChosen] = useState<string | null>(null);
  const group = withRoc.find((g) => groupKey(g) === chosen) ?? withRoc[0];
  return (
    <div className="stack">
      {group ? (
        <>
          <label className="inline-select">
            Group
            <select
              value={groupKey(group)}
              onChange={(event) => setChosen(event.target.value)}
              data-testid="roc-group"
            >
              {withRoc.map((g) => (
                <option key={groupKey(g)} value={groupKey(g)}>
                  {groupName(g)}
                </option>
              ))}
            </select>
          </label>
          <div className="roc-layout">
            <RocChart roc={group.roc} title={groupName(group)} />
            <RocFigures roc={group.roc} />
          </div>
        </>
      ) : (
        <p className="muted">
          No group has both tumour and normal tissue with in vivo T/B and pathology yet: the ROC needs both.
        </p>
      )}
      <RocOverview groups={groups} />
    </div>
  );
}

function RocFigures({ roc }: { roc: Roc }) {
  const best = roc.bestThreshold;
  return (
    <div className="stack roc-figures">
      <dl className="facts">
        <dt>AUC</dt>
        <dd data-testid="roc-auc">
          <strong>{roc.auc.toFixed(2)}</strong> ({roc.aucInterval.low.toFixed(2)}–
          {roc.aucInterval.high.toFixed(2)})
        </dd>
        <dt>Evidence-based cut-off</dt>
        <dd data-testid="roc-cut-off">
          <strong>T/B ≥ {best.threshold === null ? '—' : ratio(best.threshold)}</strong> (
          {ratio(roc.thresholdInterval.low)}–{ratio(roc.thresholdInterval.high)})
        </dd>
        <dt>Youden's J</dt>
        <dd>{best.youdenJ.toFixed(2)}</dd>
        <dt>Lesions</dt>
        <dd>
          {roc.positives} tumour · {roc.negatives} normal (pathology)
        </dd>
      </dl>
      <table className="compact">
        <caption className="visually-hidden">Operating points on the ROC curve</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col" className="num">
              Sensitivity
            </th>
            <th scope="col" className="num">
              Specificity
            </th>
          </tr>
        </thead>
        <tbody>
          {rocMarkers(roc).map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <MarkerKey marker={m} /> {m.id === 'best' ? `T/B ≥ ${ratio(m.threshold)} (cut-off)` : m.label}
              </th>
              <td className="num">{percent(m.sensitivity)}</td>
              <td className="num">{percent(m.specificity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        Cut-off: the T/B that maximises sensitivity + specificity − 1 (Youden's J) in this registry; intervals
        are {Math.round(roc.bootstrap.confidence * 100)} % percentile bootstrap ({roc.bootstrap.replicates}{' '}
        replicates, stratified, seed {roc.bootstrap.seed}). T/B 1.5 and 2 are cut-offs borrowed from the
        literature, shown at their operating points on this curve.
      </p>
    </div>
  );
}

function MarkerKey({ marker }: { marker: RocMarker }) {
  const { shape } = marker;
  const className = `roc-marker ${marker.id === 'best' ? 'roc-best' : borrowedClass(marker.threshold)}`;
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="marker-key">
      {shape === 'circle' && <circle className={className} cx="8" cy="8" r="6" />}
      {shape === 'square' && <rect className={className} x="2" y="2" width="12" height="12" />}
      {shape === 'triangle' && <path className={className} d="M 8 1 L 15 14 L 1 14 Z" />}
    </svg>
  );
}

function RocOverview({ groups }: { groups: readonly RegistryGroup[] }) {
  return (
    <div className="table-scroll">
      <table data-testid="roc-overview">
        <caption className="visually-hidden">ROC summary of every tracer and site</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              AUC (95 % CI)
            </th>
            <th scope="col" className="num">
              Cut-off T/B (95 % CI)
            </th>
            <th scope="col" className="num">
              Sens. · spec. at cut-off
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={groupKey(g)} data-testid={`roc-row-${groupKey(g)}`}>
              <th scope="row">{groupName(g)}</th>
              <RocCells roc={g.roc} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RocCells({ roc }: { roc: RegistryGroup['roc'] }) {
  if ('insufficient' in roc) {
    return (
      <td colSpan={3} className="muted">
        {roc.insufficient}
      </td>
    );
  }
  const best = roc.bestThreshold;
  return (
    <>
      <td className="num">
        {roc.auc.toFixed(2)} ({roc.aucInterval.low.toFixed(2)}–{roc.aucInterval.high.toFixed(2)})
      </td>
      <td className="num">
        {best.threshold === null ? '—' : ratio(best.threshold)} ({ratio(roc.thresholdInterval.low)}–
        {ratio(roc.thresholdInterval.high)})
      </td>
      <td className="num">
        {percent(best.sensitivity)} · {percent(best.specificity)}
      </td>
    </>
  );
}
