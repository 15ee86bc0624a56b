// Stored registry entries (imported historic rows, synthetic demo rows) back into the report package's
// registry input. Each entry holds `{ lesion: LesionRow, outcome: CaseOutcome }` as the import stored it.

import type { Outcome } from '@openrgs/outcome';
import {
  type CaseOutcome,
  type CaseRecord,
  type CsvIssue,
  type LesionRow,
  mergeRegistryInputs,
  parseHistoricCsv,
  type RegistryInput,
  registryInputFromCases,
} from '@openrgs/report';
import type { Actor, ImportResult, RegistryEntry, Store } from '@openrgs/store';
import { loadCaseRecord } from './case-record.js';

/** Seed of the registry's bootstrap: the same data give the same intervals on every screen and run. */
export const REGISTRY_SEED = 20261126;

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

/** Everything the registry counts: signed-off cases in the record, plus imported (and synthetic) rows. */
export async function loadRegistryInput(
  store: Store,
  options: { includeSynthetic: boolean },
): Promise<RegistryInput> {
  const records: CaseRecord[] = [];
  for (const c of await store.cases.list(500)) {
    if (c.signOff === null) continue;
    const record = await loadCaseRecord(store, c.id);
    if (record) records.push(record);
  }
  const entries = await store.registry.entries(options);
  return mergeRegistryInputs(registryInputFromCases(records), registryInputFromEntries(entries));
}

/** Validates a historic-case CSV and stores its rows idempotently; nothing is stored when any row is bad. */
export async function importHistoricCsv(
  store: Store,
  actor: Actor,
  source: string,
  csv: string,
): Promise<Outcome<ImportResult, CsvIssue>> {
  const parsed = parseHistoricCsv(csv, source);
  if (!parsed.ok) return parsed;
  const outcomes = new Map(parsed.value.cases.map((c) => [c.caseId, c]));
  const rows = parsed.value.lesions.map((l) => ({
    caseLabel: l.caseLabel,
    lesion: l.lesion,
    row: { lesion: l, outcome: outcomes.get(l.caseId) },
  }));
  return { ok: true, value: await store.registry.importRows(actor, source, false, rows) };
}
