// Parser for the NIST XAAMDI tables (Hubbell & Seltzer, SRD 126) as copied in ehsteve/roentgen:
// CSV rows `energy (MeV), mu/rho (cm2/g), mu_en/rho (cm2/g)`, an absorption edge printed as two rows
// with the same energy (below, then above the edge). That copy rounds energies to 4 significant
// digits; `snapEdges` puts each edge back at its NIST energy so the jump is where NIST puts it.
// Build-time only (see scripts/build-data.ts); not part of the public API.

import { csvRows, numberField, readCsvRecords } from '@openrgs/csv';
import { firstIssue } from '@openrgs/outcome';
import { z } from 'zod';

export interface NistRow {
  energyKeV: number;
  massAttenuationCm2PerG: number;
  massEnergyAbsorptionCm2PerG: number;
}

export interface EdgeSpec {
  element: string;
  shell: string;
  energyKeV: number;
}

/** MeV → keV without binary noise (1e-3 * 1000 style). */
function mevToKeV(mev: number): number {
  return Number((mev * 1000).toPrecision(12));
}

const NIST_COLUMNS = ['energyMeV', 'massAttenuationCm2PerG', 'massEnergyAbsorptionCm2PerG'] as const;
const NIST_ROW = z.object({
  energyMeV: numberField({ greaterThan: 0 }),
  massAttenuationCm2PerG: numberField({ greaterThan: 0 }),
  massEnergyAbsorptionCm2PerG: numberField({ greaterThan: 0 }),
});

/** Reads the table with the one CSV reader (@openrgs/csv): no header, `#` comment lines skipped. */
export function parseNistCsv(text: string): NistRow[] {
  const read = readCsvRecords(text, { comments: true });
  if (!read.ok)
    throw new Error(`NIST table: line ${firstIssue(read.issues).line}: ${firstIssue(read.issues).message}`);
  const checked = csvRows(read.value, NIST_COLUMNS, NIST_ROW);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw new Error(`NIST table: line ${first?.line}: ${first?.message}`);
  }
  const rows: NistRow[] = checked.value.map((r) => ({
    energyKeV: mevToKeV(r.energyMeV),
    massAttenuationCm2PerG: r.massAttenuationCm2PerG,
    massEnergyAbsorptionCm2PerG: r.massEnergyAbsorptionCm2PerG,
  }));
  for (let k = 1; k < rows.length; k++) {
    const a = rows[k - 1];
    const b = rows[k];
    if (a && b && b.energyKeV < a.energyKeV)
      throw new Error(`NIST table: energies not sorted at ${b.energyKeV}`);
  }
  return rows;
}

/** Half a unit in the 4th significant digit of `x`: the rounding the source copy applied. */
function roundingHalfWidth(x: number): number {
  return 0.5 * 10 ** (Math.floor(Math.log10(x)) - 3);
}

/**
 * Replaces the rounded energy of every edge pair (two rows with the same energy) by the NIST edge
 * energy from `edges`. Fails if a pair has no matching edge or an edge has no pair: the data must be
 * complete, not guessed.
 */
export function snapEdges(rows: NistRow[], edges: EdgeSpec[]): NistRow[] {
  const out = rows.map((r) => ({ ...r }));
  const used = new Set<EdgeSpec>();
  for (let k = 1; k < out.length; k++) {
    const a = out[k - 1];
    const b = out[k];
    if (!a || !b || a.energyKeV !== b.energyKeV) continue;
    const tol = roundingHalfWidth(a.energyKeV) * 1.0001;
    const match = edges.filter((e) => Math.abs(e.energyKeV - a.energyKeV) <= tol);
    if (match.length !== 1 || !match[0])
      throw new Error(`edge pair at ${a.energyKeV} keV matches ${match.length} listed edges`);
    a.energyKeV = match[0].energyKeV;
    b.energyKeV = match[0].energyKeV;
    used.add(match[0]);
  }
  const unused = edges.filter((e) => !used.has(e));
  if (unused.length > 0)
    throw new Error(
      `listed edges not found in the table: ${unused.map((e) => `${e.element} ${e.shell}`).join(', ')}`,
    );
  for (let k = 1; k < out.length; k++) {
    const a = out[k - 1];
    const b = out[k];
    if (a && b && b.energyKeV < a.energyKeV)
      throw new Error(`snapping the edge at ${b.energyKeV} keV broke the energy order`);
  }
  return out;
}
