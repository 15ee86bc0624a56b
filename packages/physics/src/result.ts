// Expected failures are values: `{ ok: false, issue }` with a stable `code` and a message that names
// the bad value. `PhysicsError` carries the same issue for the throwing variants (`get…`).

export type PhysicsIssueCode =
  | 'unknown_nuclide'
  | 'unknown_material'
  | 'energy_out_of_range'
  | 'invalid_number'
  | 'invalid_time'
  | 'no_dose_rate_constant';

export interface PhysicsIssue {
  code: PhysicsIssueCode;
  message: string;
}

export type PhysicsResult<T> = { ok: true; value: T } | { ok: false; issue: PhysicsIssue };

export class PhysicsError extends Error {
  constructor(readonly issue: PhysicsIssue) {
    super(issue.message);
    this.name = 'PhysicsError';
  }
}

export function success<T>(value: T): PhysicsResult<T> {
  return { ok: true, value };
}

export function failure<T>(code: PhysicsIssueCode, message: string): PhysicsResult<T> {
  return { ok: false, issue: { code, message } };
}

/** The value, or a thrown PhysicsError carrying the issue. */
export function unwrap<T>(result: PhysicsResult<T>): T {
  if (result.ok) return result.value;
  throw new PhysicsError(result.issue);
}

/** Guards for the numeric inputs of pure functions: a NaN here is a caller's bug, not user input. */
export function assertFinite(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

export function assertPositive(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be > 0, got ${value}`);
}

export function assertNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}
