// Which new passwords are refused (issue 14 point 14), after NIST SP 800-63B §5.1.1.2 and OWASP ASVS
// v4 2.1: at least PASSWORD_MIN_LENGTH characters (the zod schema at the edge says so first), and not
// one that attackers try first — a password from the list of common/breached passwords shipped by
// @zxcvbn-ts/language-common (49 233 passwords from breach corpora, maintained with zxcvbn-ts), one
// that is such a password with digits or symbols around it ("password1234", "!!dragon2024"), one
// character (or a pattern of up to four) repeated, whitespace only, or one built on a context-specific
// word (NIST §5.1.1.2: "the username, and derivatives thereof"; the service's name): a password that
// contains the user name or the user's display name, or a part of the display name (a given or family
// name), compared without case, accents, spaces or punctuation; a user name or name of 3
// letters only when the password is little more than it (else "ana" would forbid "bananas …").
// No composition rules (NIST: none required). Every refusal says which rule.
// (@zxcvbn-ts is used for its list of common passwords only, not its strength score: the context words
// are matched here, so the rule and its message stay ours.)
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@openrgs/api';
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/** Common words shorter than this are not looked for inside a padded password (`abc` + digits is fine). */
const MIN_CORE_LENGTH = 5;

/** Context words are compared in this form: NFKC, lower case, no accents, no spaces or punctuation. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\p{P}\p{S}_]/gu, '');
}

/** The user's own words a password must not be built on. */
export interface PasswordContext {
  username?: string | undefined;
  displayName?: string | null | undefined;
}

/** Why the password is refused, or null when it may be used. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  // A password here has at least 12 characters, so a pattern of up to four is seen at least 3 times.
  for (let unit = 1; unit <= 4; unit += 1) {
    const head = chars.slice(0, unit).join('');
    if (head.repeat(chars.length).startsWith(password)) {
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
  // (core === lower is the whole password, refused above when listed.)
  if (core.length >= MIN_CORE_LENGTH && list.has(core)) {
    return `is a common password ('${core}') with digits or symbols added; choose another`;
  }
  const squeezed = fold(password);
  const words: { word: string; why: string }[] = [
    { word: 'openrgs', why: "must not be built on the name of this software ('openrgs')" },
  ];
  if (context.username !== undefined) {
    words.push({ word: fold(context.username), why: 'must not contain the user name' });
  }
  if (context.displayName) {
    words.push({ word: fold(context.displayName), why: "must not contain the user's display name" });
    // Parts shorter than 3 letters (and the empty ones between two separators) are skipped below.
    for (const part of context.displayName.split(/[\s\p{P}\p{S}_]/u)) {
      words.push({ word: fold(part), why: `must not contain a part of the user's display name ('${part}')` });
    }
  }
  for (const { word, why } of words) {
    if (word.length < 3 || !squeezed.includes(word)) continue;
    // A 3-letter word only when the password is little more than it.
    if (word.length >= 4 || squeezed.length - word.length < 6) return why;
  }
  return null;
}
