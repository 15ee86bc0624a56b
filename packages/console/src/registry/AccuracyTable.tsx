// Sensitivity, specificity, PPV and NPV of the RGS verdict against pathology per tracer and site, each with
// its exact (Clopper–Pearson) 95 % interval and the counts behind it.
import type { Proportion, RegistryGroup } from '../record-api.js';
import { groupKey, siteName, tracerName } from './group-name.js';
import { countText, intervalText, percent } from './registry-format.js';

const MEASURES = [
  { key: 'sensitivity', label: 'Sensitivity' },
  { key: 'specificity', label: 'Specificity' },
  { key: 'positivePredictiveValue', label: 'PPV' },
  { key: 'negativePredictiveValue', label: 'NPV' },
] as const;

function Cell({ p, testId }: { p: Proportion; testId: string }) {
  return (
    <td className="num" data-testid={testId}>
      <span className="estimate">{p.estimate === null ? '—' : percent(p.estimate)}</span>
      <span className="ci small">{intervalText(p)}</span>
      <span className="counts small muted">{countText(p)}</span>
    </td>
  );
}

export function AccuracyTable({ groups }: { groups: readonly RegistryGroup[] }) {
  return (
    <div className="table-scroll">
      <table className="accuracy" data-testid="accuracy-table">
        <caption className="visually-hidden">
          Accuracy of the RGS verdict against pathology, per tracer and site, with exact 95 % intervals
        </caption>
        <thead>
          <tr>
            <th scope="col">Tracer</th>
            <th scope="col">Site</th>
            <th scope="col" className="num">
              Lesions
            </th>
            {MEASURES.map((m) => (
              <th scope="col" className="num" key={m.key}>
                {m.label}
              </th>
            ))}
            <th scope="col" className="num">
              2 × 2 table
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const key = groupKey(g);
            return (
              <tr key={key} className={g.site === 'all' ? 'group-total' : ''} data-group={key}>
                <th scope="row">{tracerName(g.tracer)}</th>
                <td>{siteName(g.site)}</td>
                <td className="num">
                  <span className="estimate" data-testid={`lesions-${key}`}>
                    {g.lesions}
                  </span>
                  <span className="small muted nowrap">{g.withPathology} with pathology</span>
                  <span className="small muted nowrap">{g.undecided} undecided</span>
                </td>
                {MEASURES.map((m) =>
                  g.accuracy ? (
                    <Cell key={m.key} p={g.accuracy[m.key]} testId={`${m.key}-${key}`} />
                  ) : (
                    <td key={m.key} className="num muted" data-testid={`${m.key}-${key}`}>
                      —
                    </td>
                  ),
                )}
                <td className="num mono">
                  {g.accuracy ? (
                    <>
                      <span className="nowrap small">
                        TP {g.accuracy.table.truePositive} · FP {g.accuracy.table.falsePositive}
                      </span>
                      <span className="nowrap small">
                        FN {g.accuracy.table.falseNegative} · TN {g.accuracy.table.trueNegative}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
