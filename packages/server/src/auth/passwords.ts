// Password hashing: argon2id with the OWASP Password Storage Cheat Sheet minimum
// (m = 19 MiB, t = 2, p = 1). The PHC string keeps its parameters, so they can be raised later.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ApiError } from '../errors.js';
import { type PasswordContext, passwordProblem } from './password-policy.js';

export { type PasswordContext, passwordProblem } from './password-policy.js';

const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Hashes a NEW password — every new password passes here (setup, user create and change, password
 * change, rgs user add), so none is stored that the policy refuses (auth/password-policy.ts):
 * a refused one throws a 400 naming `path` and the rule.
 */
export async function hashPassword(
  password: string,
  options: { path?: string } & PasswordContext = {},
): Promise<string> {
  // The user's own words (user name, display name) are context-specific words (NIST SP 800-63B).
  const problem = passwordProblem(password, { username: options.username, displayName: options.displayName });
  if (problem !== null) {
    const path = options.path ?? 'body.password';
    throw new ApiError('validation', `${path}: the password ${problem}`, path);
  }
  return hash(password, OPTIONS);
}

/** A hash of a random password, verified against for unknown usernames (same time as a real check). */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined) {
    dummyHash ??= hash(`dummy-${Math.random()}`, OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed check, never an open door.
    return false;
  }
}
