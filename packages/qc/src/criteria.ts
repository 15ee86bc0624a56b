// Comparison of measured performance with purchaser criteria, the probe's own baseline (acceptance
// test) and the manufacturer's figures.
//
// Purchaser criteria: Wengenmair et al., Klinikum Augsburg, as quoted by Crystal Photonics,
// "Criteria for Gamma Probe Systems" (shared/domain/devices.md; research-notes §3.2 source S31):
// sensitivity > 5,000 cps/MBq, angular resolution < 40° FWHM, spatial resolution < 25 mm FWHM
// (at 1 cm; < 15 mm asked for close nodes in the head and neck), side shielding > 99.9 %.
export type CriterionQuantity =
  | 'sensitivityCpsPerMBq'
  | 'angularFwhmDeg'
  | 'spatialFwhmMm'
  | 'sideShieldingPercent'
  | 'backShieldingPercent'
  | 'energyResolutionPercent'
  | 'rateAt20PercentLossCps';

export interface Criterion {
  quantity: CriterionQuantity;
  /** `min`: the value must exceed the limit; `max`: it must stay below. */
  kind: 'min' | 'max';
  limit: number;
  unit: string;
  condition?: string;
  source: string;
}

const AUGSBURG =
  'Wengenmair et al., Klinikum Augsburg, quoted by Crystal Photonics "Criteria for Gamma Probe Systems"';

export const PURCHASER_CRITERIA: readonly Criterion[] = [
  { quantity: 'sensitivityCpsPerMBq', kind: 'min', limit: 5000, unit: 'cps/MBq', source: AUGSBURG },
  { quantity: 'angularFwhmDeg', kind: 'max', limit: 40, unit: '°', source: AUGSBURG },
  { quantity: 'spatialFwhmMm', kind: 'max', limit: 25, unit: 'mm', condition: 'at 1 cm', source: AUGSBURG },
  { quantity: 'sideShieldingPercent', kind: 'min', limit: 99.9, unit: '%', source: AUGSBURG },
];

/** Whether smaller is better for a quantity (drives "better/worse than baseline"). */
const SMALLER_IS_BETTER: Record<CriterionQuantity, boolean> = {
  sensitivityCpsPerMBq: false,
  angularFwhmDeg: true,
  spatialFwhmMm: true,
  sideShieldingPercent: false,
  backShieldingPercent: false,
  energyResolutionPercent: true,
  rateAt20PercentLossCps: false,
};

export type Measured = Partial<Record<CriterionQuantity, number>>;

export interface ComparisonRow {
  quantity: CriterionQuantity;
  measured: number;
  criterion: Criterion | null;
  meetsCriterion: boolean | null;
  baseline: number | null;
  /** 100 · (measured / baseline − 1). */
  changeFromBaselinePercent: number | null;
  /** True when the change is towards worse performance. */
  worseThanBaseline: boolean | null;
  manufacturer: number | null;
  meetsManufacturer: boolean | null;
}

function meets(kind: 'min' | 'max', value: number, limit: number): boolean {
  return kind === 'min' ? value > limit : value < limit;
}

export function compareWithReferences(opts: {
  measured: Measured;
  criteria?: readonly Criterion[];
  baseline?: Measured;
  manufacturer?: Measured;
}): ComparisonRow[] {
  const criteria = opts.criteria ?? PURCHASER_CRITERIA;
  const rows: ComparisonRow[] = [];
  for (const [q, value] of Object.entries(opts.measured) as [CriterionQuantity, number | undefined][]) {
    if (value === undefined) continue;
    const criterion = criteria.find((c) => c.quantity === q) ?? null;
    const baseline = opts.baseline?.[q] ?? null;
    const manufacturer = opts.manufacturer?.[q] ?? null;
    const change = baseline === null || baseline === 0 ? null : 100 * (value / baseline - 1);
    const smaller = SMALLER_IS_BETTER[q];
    rows.push({
      quantity: q,
      measured: value,
      criterion,
      meetsCriterion: criterion ? meets(criterion.kind, value, criterion.limit) : null,
      baseline,
      changeFromBaselinePercent: change,
      worseThanBaseline: change === null ? null : smaller ? change > 0 : change < 0,
      manufacturer,
      // The manufacturer's figure is a claim of at least this good.
      meetsManufacturer:
        manufacturer === null ? null : smaller ? value <= manufacturer : value >= manufacturer,
    });
  }
  return rows;
}
