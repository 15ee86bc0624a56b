// Diagnostic accuracy of a binary test (the RGS verdict) against a reference (pathology), with exact
// intervals. Definitions: Altman DG, Bland JM. BMJ 1994;308:1552 (sensitivity and specificity) and
// BMJ 1994;309:102 (predictive values).
import { clopperPearson, type Proportion } from './proportion.js';

export interface ConfusionTable {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

export interface DiagnosticAccuracy {
  table: ConfusionTable;
  sensitivity: Proportion;
  specificity: Proportion;
  positivePredictiveValue: Proportion;
  negativePredictiveValue: Proportion;
}

export function diagnosticAccuracy(table: ConfusionTable, confidence = 0.95): DiagnosticAccuracy {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn } = table;
  return {
    table,
    sensitivity: clopperPearson(tp, tp + fn, confidence),
    specificity: clopperPearson(tn, tn + fp, confidence),
    positivePredictiveValue: clopperPearson(tp, tp + fp, confidence),
    negativePredictiveValue: clopperPearson(tn, tn + fn, confidence),
  };
}

/** Tallies paired (test positive?, reference positive?) outcomes. */
export function confusionTable(
  pairs: Iterable<{ testPositive: boolean; referencePositive: boolean }>,
): ConfusionTable {
  const table: ConfusionTable = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  for (const { testPositive, referencePositive } of pairs) {
    if (testPositive && referencePositive) table.truePositive++;
    else if (testPositive) table.falsePositive++;
    else if (referencePositive) table.falseNegative++;
    else table.trueNegative++;
  }
  return table;
}
