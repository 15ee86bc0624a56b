// The registry's plain tables: T/B distribution numbers, lesions found by RGS that imaging missed or left
// indeterminate, and R status and recurrence rates with exact intervals.
import type { Distribution, Proportion, RegistryGroup, RegistryStats } from '../record-api.js';
import { groupKey, groupName, siteName } from './group-name.js';
import { countText, proportionText } from './registry-format.js';

const ratio = (v: number | null) => (v === null ? '—' : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function DistributionCells({ d }: { d: Distribution }) {
  return (
    <>
      <td className="num">{d.n}</td>
      <td className="num">{ratio(d.min)}</td>
      <td className="num">{ratio(d.q1)}</td>
      <td className="num">{ratio(d.median)}</td>
      <td className="num">{ratio(d.q3)}</td>
      <td className="num">{ratio(d.max)}</td>
    </>
  );
}

export function DistributionTable({ groups }: { groups: readonly RegistryGroup[] }) {
  return (
    <div className="table-scroll">
      <table className="compact" data-testid="distribution-table">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">T/B</th>
            {['n', 'min', 'q1', 'median', 'q3', 'max'].map((h) => (
              <th scope="col" className="num" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.flatMap((g) => [
            <tr key={`${groupKey(g)}-in`}>
              <th scope="row" rowSpan={2}>
                {groupName(g)}
              </th>
              <td>in vivo</td>
              <DistributionCells d={g.inVivoRatio} />
            </tr>,
            <tr key={`${groupKey(g)}-ex`}>
              <td>ex vivo</td>
              <DistributionCells d={g.exVivoRatio} />
            </tr>,
          ])}
        </tbody>
      </table>
    </div>
  );
}

const IMAGING: Record<string, string> = {
  'not-seen': 'not seen',
  indeterminate: 'indeterminate',
  seen: 'seen',
};

export function FoundByRgs({ lesions }: { lesions: RegistryStats['foundByRgsNotSeenOnImaging'] }) {
  if (lesions.length === 0)
    return <p className="muted">None: every lesion RGS called positive had been seen on pre-op imaging.</p>;
  return (
    // Focusable so the list scrolls by keyboard too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-scroll tall" tabIndex={0} aria-label="Lesions found by RGS">
      <table className="compact" data-testid="found-table">
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Lesion</th>
            <th scope="col">Site</th>
            <th scope="col">Pre-op imaging</th>
            <th scope="col" className="num">
              In vivo T/B
            </th>
          </tr>
        </thead>
        <tbody>
          {lesions.map((l) => (
            <tr key={`${l.caseLabel}|${l.lesion}`}>
              <td className="found-case">{l.caseLabel}</td>
              <td>{l.lesion}</td>
              <td>{siteName(l.site)}</td>
              <td>
                <span className={`tag ${l.imagingStatus === 'not-seen' ? 'fail' : 'warn'}`}>
                  {IMAGING[l.imagingStatus] ?? l.imagingStatus}
                </span>
              </td>
              <td className="num">{ratio(l.inVivoRatio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Row({ label, p, testId, of }: { label: string; p: Proportion; testId: string; of: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num" data-testid={testId}>
        {proportionText(p)}
      </td>
      <td className="num">{countText(p)}</td>
      <td className="muted">{of}</td>
    </tr>
  );
}

export function OutcomeTable({ stats }: { stats: RegistryStats }) {
  const { resection, recurrence } = stats;
  return (
    <table className="compact" data-testid="outcome-table">
      <thead>
        <tr>
          <th scope="col">Outcome</th>
          <th scope="col" className="num">
            Rate (95 % CI)
          </th>
          <th scope="col" className="num">
            n/N
          </th>
          <th scope="col">Of</th>
        </tr>
      </thead>
      <tbody>
        <Row
          label="R0 — no residual tumour"
          p={resection.R0}
          testId="rate-R0"
          of="cases with a final R status"
        />
        <Row
          label="R1 — microscopic residual"
          p={resection.R1}
          testId="rate-R1"
          of="cases with a final R status"
        />
        <Row
          label="R2 — macroscopic residual"
          p={resection.R2}
          testId="rate-R2"
          of="cases with a final R status"
        />
        <Row label="R status pending" p={resection.pending} testId="rate-pending" of="all cases" />
        <Row
          label="Recurrence"
          p={recurrence.recurred}
          testId="rate-recurrence"
          of={`cases with follow-up (${recurrence.withFollowUp})`}
        />
      </tbody>
    </table>
  );
}
