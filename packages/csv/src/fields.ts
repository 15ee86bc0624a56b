// Field schemas for CSV rows: text in, checked values out, with messages that read after "column 'value'".
import { z } from 'zod';

/** A decimal number as people write it: sign, digits, point, exponent. No hex, no blanks, no "Infinity". */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export interface NumberField {
  /** A whole number. */
  integer?: boolean;
  /** Smallest allowed value, inclusive ("must be at least"). */
  min?: number;
  /** Values must be greater than this ("must be greater than"). */
  greaterThan?: number;
}

/** A numeric field; its problems read "is not a number", "must be at least 0", … */
export function numberField(options: NumberField = {}) {
  return z.string().transform((text, ctx) => {
    const problem = numberProblem(text, options);
    if (problem === undefined) return Number(text);
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });
}

function numberProblem(text: string, o: NumberField): string | undefined {
  if (!NUMBER.test(text)) return 'is not a number';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'is not finite';
  if (o.integer === true && !Number.isInteger(value)) return 'is not a whole number';
  if (o.min !== undefined && value < o.min) return `must be at least ${o.min}`;
  if (o.greaterThan !== undefined && !(value > o.greaterThan)) return `must be greater than ${o.greaterThan}`;
  return undefined;
}

/** A text field limited to the given values; its problem reads "is not one of a, b". */
export function oneOfField<T extends string>(values: readonly T[]) {
  return z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    message: `is not one of ${values.join(', ')}`,
  });
}

/** A text field that must not be empty. */
export function nonEmptyField() {
  return z.string().min(1, { message: 'must not be empty' });
}
