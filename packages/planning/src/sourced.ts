// A physical or biological parameter with its best value, plausible range and where it comes from.
// Every kinetic parameter in this package is one of these, so the docs table and the PDF can show
// value, uncertainty and source side by side, and a user override can be told apart from a preset.

export type Basis =
  /** Read from a primary source (label, paper, standard) as printed. */
  | 'published'
  /** Calculated from published numbers; `source` says how. */
  | 'derived'
  /** Chosen so the model reproduces a published statement; `source` names the statement. */
  | 'fitted'
  /** No primary number found; a stated judgement with a deliberately wide range. */
  | 'estimated'
  /** Set by the user in PLAN.json. */
  | 'override';

export interface SourcedValue {
  value: number;
  /** Lower end of the plausible range (same unit). */
  low: number;
  /** Upper end of the plausible range (same unit). */
  high: number;
  unit: string;
  basis: Basis;
  source: string;
}

export function sourced(
  value: number,
  range: [number, number],
  unit: string,
  basis: Basis,
  source: string,
): SourcedValue {
  const [low, high] = range;
  if (!(low <= value && value <= high)) {
    throw new Error(`parameter value ${value} ${unit} outside its own range [${low}, ${high}] (${source})`);
  }
  return { value, low, high, unit, basis, source };
}

/** A user override keeps the unit and records that the preset was replaced. */
export function overridden(preset: SourcedValue, value: number): SourcedValue {
  return {
    value,
    low: value,
    high: value,
    unit: preset.unit,
    basis: 'override',
    source: `PLAN.json override (preset ${preset.value} ${preset.unit}: ${preset.source})`,
  };
}
