// Which new passwords are refused (issue 14 point 14), after NIST SP 800-63B §5.1.1.2 and OWASP ASVS
// v4 2.1: at least PASSWORD_MIN_LENGTH characters (the zod schema at the edge says so first), and not
// one that attackers try first — a password from the list of common/breached passwords shipped by
// @zxcvbn-ts/language-common (49 233 passwords from breach corpora, maintained with zxcvbn-ts), one
// that is such a password with digits or symbols around it ("password1234", "!!dragon2024"), one
// character (or a pattern of up to four) repeated, whitespace only, or the user name / the name of
// this software. No composition rules (NIST: none required). Every refusal says which rule.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@openrgs/api';
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Common words shorter than this are not looked for inside a padded password (`abc` + digits is fine). */
const MIN_CORE_LENGTH = 5;

/** Why the password is refused, or null when it may be used. */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  for (let unit = 1; unit <= 4; unit += 1) {
    const head = chars.slice(0, unit).join('');
    if (chars.length >= unit * 3 && head.repeat(Math.ceil(chars.length / unit)).startsWith(password)) {
      return unit === 1
        ? 'must not be one character repeated'
        : `must not be a short pattern repeated ('${head}' …)`;
    }
  }
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower))
    return 'is one of the most common passwords (a list of leaked passwords); choose another';
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (core.length >= MIN_CORE_LENGTH && core !== lower && list.has(core)) {
    return `is a common password ('${core}') with digits or symbols added; choose another`;
  }
  const squeezed = lower.replace(/[\s\W_]+/gu, '');
  for (const name of ['openrgs', context.username?.toLowerCase()]) {
    const word = name?.replace(/[\s\W_]+/gu, '');
    if (word === undefined || word.length < 3) continue;
    if (squeezed.includes(word) && squeezed.length - word.length < 6) {
      return word === 'openrgs'
        ? "must not be built on the name of this software ('openrgs')"
        : 'must not be the user name (or the user name with a few characters added)';
    }
  }
  return null;
}
