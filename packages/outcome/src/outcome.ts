// The one shape of an expected failure in OpenRGS's domain packages (STYLE.md "Errors"), after medplum's
// OperationOutcome (packages/core/src/outcomes.ts): a computation returns an Outcome — its value, or the
// issues that stopped it — and throws only on a broken invariant. Each issue says what kind of problem it
// is (the coarse kind decides the HTTP status in the server's one mapping, packages/server/src/errors.ts),
// why in a machine-readable code, what in words a clinician, physicist or integrator can act on, and where
// (a field path, a file's line and column). Nothing here knows HTTP.

/**
 * The kind of problem (FHIR IssueType's spirit, fewer values):
 * - `invalid`: the input is wrong (a value out of its domain, a malformed file, a missing figure);
 * - `not-found`: something named does not exist;
 * - `conflict`: the input is valid but contradicts the state it meets (already signed off, taken);
 * - `unavailable`: a resource the computation needs cannot be reached now (retry may help);
 * - `internal`: the computation could not finish on valid input (a defect; report it).
 */
export type IssueKind = 'invalid' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

export interface Issue {
  kind: IssueKind;
  /** Machine-readable reason within its package, e.g. `crossing-not-found`, `bad-geometry`. */
  code: string;
  /** What was wrong, in words the reader can act on. */
  message: string;
  /** Which field, as a dotted path from the input's root (`sensitivity.sourceActivityMBq`). */
  path?: string;
  /** 1-based line in the source file, when the input came from a file. */
  line?: number;
  /** The column (header name) in that line. */
  column?: string;
}

/** A value, or the issues that stopped it; `I` narrows the issues (e.g. a file's issues always name a line). */
export type Outcome<T, I extends Issue = Issue> = { ok: true; value: T } | { ok: false; issues: I[] };

/** Where an issue sits: a field path, a file line, a column (undefined: not known, left out of the issue). */
export interface IssueAt {
  path?: string | undefined;
  line?: number | undefined;
  column?: string | undefined;
}

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** An issue of the given kind; `at` fields that are undefined are left out (exact optional properties). */
export function issue(kind: IssueKind, code: string, message: string, at: IssueAt = {}): Issue {
  return {
    kind,
    code,
    message,
    ...(at.path !== undefined ? { path: at.path } : {}),
    ...(at.line !== undefined ? { line: at.line } : {}),
    ...(at.column !== undefined ? { column: at.column } : {}),
  };
}

/** A failed outcome with these issues (at least one). */
export function failure<T = never>(first: Issue, ...more: Issue[]): Outcome<T> {
  return { ok: false, issues: [first, ...more] };
}

/** The shortest failure: one `invalid` issue (the common case of a pure computation refusing its input). */
export function invalid<T = never>(code: string, message: string, at: IssueAt = {}): Outcome<T> {
  return failure(issue('invalid', code, message, at));
}

/** A failed outcome thrown: for the throwing variants of a computation (`getNuclide` beside `findNuclide`). */
export class OutcomeError<I extends Issue = Issue> extends Error {
  constructor(readonly issues: readonly I[]) {
    super(messagesOf(issues));
    this.name = 'OutcomeError';
  }
}

/** The value, or a thrown OutcomeError carrying the issues. */
export function unwrap<T, I extends Issue>(outcome: Outcome<T, I>): T {
  if (outcome.ok) return outcome.value;
  throw new OutcomeError(outcome.issues);
}

/** The first issue of a failed outcome (a failure always has one; none is a defect, thrown). */
export function firstIssue<I extends Issue>(issues: readonly I[]): I {
  const first = issues[0];
  if (first === undefined) throw new Error('a failed outcome without an issue (a defect)');
  return first;
}

/** The issues' messages in one line, as the CLI and the server print them: `first; second`. */
export function messagesOf(issues: readonly Pick<Issue, 'message'>[]): string {
  return issues.map((i) => i.message).join('; ');
}
