// Expected failures of the QC computations are values, not exceptions (STYLE.md "Errors").

export interface QcIssue {
  /** Machine-readable reason, e.g. `crossing-not-found`. */
  code: string;
  /** Words a physicist can act on. */
  message: string;
  /** 1-based line in the source file, when the input came from a file. */
  line?: number;
}

export type QcResult<T> = { ok: true; value: T } | { ok: false; issues: QcIssue[] };

export function ok<T>(value: T): QcResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, line?: number): QcResult<T> {
  return { ok: false, issues: [line === undefined ? { code, message } : { code, message, line }] };
}

/** pass < warn < fail: the worst of several verdicts wins. */
export type QcVerdict = 'pass' | 'warn' | 'fail';

const RANK: Record<QcVerdict, number> = { pass: 0, warn: 1, fail: 2 };

export function worstVerdict(verdicts: readonly QcVerdict[]): QcVerdict {
  let worst: QcVerdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
