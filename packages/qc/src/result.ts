// Expected failures of the QC computations are values, not exceptions (STYLE.md "Errors"): the one shape of
// @openrgs/outcome, every issue of kind `invalid` (the input — a table, a figure, an option — is wrong).
import { type Issue, invalid, type Outcome, ok as outcomeOk } from '@openrgs/outcome';

/** A QC issue: `code` the reason (`crossing-not-found`), `line` the 1-based line of the source file. */
export type QcIssue = Issue;

export type QcResult<T> = Outcome<T>;

export function ok<T>(value: T): QcResult<T> {
  return outcomeOk(value);
}

export function fail<T = never>(code: string, message: string, line?: number): QcResult<T> {
  return invalid(code, message, { line });
}

/** pass < warn < fail: the worst of several verdicts wins. */
export type QcVerdict = 'pass' | 'warn' | 'fail';

const RANK: Record<QcVerdict, number> = { pass: 0, warn: 1, fail: 2 };

export function worstVerdict(verdicts: readonly QcVerdict[]): QcVerdict {
  let worst: QcVerdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
