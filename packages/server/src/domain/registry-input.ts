// Stored registry entries (imported historic rows, synthetic demo rows) back into the report package's
// registry input. Each entry holds `{ lesion: LesionRow, outcome: CaseOutcome }` as the import stored it.
import type { CaseOutcome, LesionRow, RegistryInput } from '@openrgs/report';
import type { RegistryEntry } from '@openrgs/store';

interface StoredRow {
  lesion: LesionRow;
  outcome: CaseOutcome;
}

function isStoredRow(row: unknown): row is StoredRow {
  return typeof row === 'object' && row !== null && 'lesion' in row && 'outcome' in row;
}

export function registryInputFromEntries(entries: readonly RegistryEntry[]): RegistryInput {
  const cases = new Map<string, CaseOutcome>();
  const lesions: LesionRow[] = [];
  for (const entry of entries) {
    if (!isStoredRow(entry.row)) continue;
    const caseId = `${entry.source}:${entry.caseLabel}`;
    lesions.push({ ...entry.row.lesion, caseId, synthetic: entry.synthetic });
    if (!cases.has(caseId)) cases.set(caseId, { ...entry.row.outcome, caseId, synthetic: entry.synthetic });
  }
  return { cases: [...cases.values()], lesions };
}
