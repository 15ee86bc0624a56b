// Mixture rule for compounds NIST does not tabulate: (μ/ρ)mix = Σ wᵢ (μ/ρ)ᵢ with mass fractions wᵢ
// (Hubbell & Seltzer, NISTIR 5632, §2; exact for μ/ρ, an approximation for μen/ρ because it ignores
// where the fluorescence of one element is absorbed by the other). The energy grid is the union of
// the elements' grids; where any element has an edge, two rows are written (every element's
// below-edge value, then every element's above-edge value), so edges stay exact.
import { interpolateLogLog } from '../interpolate.js';
import type { NistRow } from './parse-nist.js';

export interface MixtureComponent {
  rows: NistRow[];
  massFraction: number;
}

function valuesAt(rows: NistRow[], energyKeV: number): { below: NistRow; above: NistRow; edge: boolean } {
  const exact = rows.filter((r) => r.energyKeV === energyKeV);
  const first = exact[0];
  const last = exact[exact.length - 1];
  if (first && last) return { below: first, above: last, edge: exact.length > 1 };
  const xs = rows.map((r) => r.energyKeV);
  const mu = interpolateLogLog(
    xs,
    rows.map((r) => r.massAttenuationCm2PerG),
    energyKeV,
  );
  const muEn = interpolateLogLog(
    xs,
    rows.map((r) => r.massEnergyAbsorptionCm2PerG),
    energyKeV,
  );
  if (mu === undefined || muEn === undefined)
    throw new Error(`mixture: ${energyKeV} keV outside a component table`);
  const row = { energyKeV, massAttenuationCm2PerG: mu, massEnergyAbsorptionCm2PerG: muEn };
  return { below: row, above: row, edge: false };
}

const round = (x: number): number => Number(x.toPrecision(6));

export function mixTables(components: MixtureComponent[]): NistRow[] {
  const total = components.reduce((s, c) => s + c.massFraction, 0);
  if (Math.abs(total - 1) > 1e-6) throw new Error(`mixture: mass fractions sum to ${total}, not 1`);
  const energies = [...new Set(components.flatMap((c) => c.rows.map((r) => r.energyKeV)))].sort(
    (a, b) => a - b,
  );
  const out: NistRow[] = [];
  for (const energyKeV of energies) {
    const parts = components.map((c) => ({ w: c.massFraction, ...valuesAt(c.rows, energyKeV) }));
    const sum = (pick: (p: (typeof parts)[number]) => NistRow) => ({
      energyKeV,
      massAttenuationCm2PerG: round(parts.reduce((s, p) => s + p.w * pick(p).massAttenuationCm2PerG, 0)),
      massEnergyAbsorptionCm2PerG: round(
        parts.reduce((s, p) => s + p.w * pick(p).massEnergyAbsorptionCm2PerG, 0),
      ),
    });
    if (parts.some((p) => p.edge))
      out.push(
        sum((p) => p.below),
        sum((p) => p.above),
      );
    else out.push(sum((p) => p.below));
  }
  return out;
}
