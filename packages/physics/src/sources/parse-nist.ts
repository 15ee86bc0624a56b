// Parser for the NIST XAAMDI tables (Hubbell & Seltzer, SRD 126) as copied in ehsteve/roentgen:
// CSV rows `energy (MeV), mu/rho (cm2/g), mu_en/rho (cm2/g)`, an absorption edge printed as two rows
// with the same energy (below, then above the edge). That copy rounds energies to 4 significant
// digits; `snapEdges` puts each edge back at its NIST energy so the jump is where NIST puts it.
// Build-time only (see scripts/build-data.ts); not part of the public API.

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

export function parseNistCsv(text: string): NistRow[] {
  const rows: NistRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(',').map((p) => Number(p.trim()));
    const [e, mu, muEn] = parts;
    if (parts.length !== 3 || e === undefined || mu === undefined || muEn === undefined)
      throw new Error(`NIST table: malformed row '${raw}'`);
    if (![e, mu, muEn].every((v) => Number.isFinite(v) && v > 0))
      throw new Error(`NIST table: non-positive or non-numeric value in '${raw}'`);
    rows.push({ energyKeV: mevToKeV(e), massAttenuationCm2PerG: mu, massEnergyAbsorptionCm2PerG: muEn });
  }
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
