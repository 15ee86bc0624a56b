// The one-time first-run setup code (issue 14 point 15): while no user exists, POST /api/setup needs
// the code `rgs serve` printed on its console, so a page that reaches the server (DNS rebinding, a
// colleague's browser on the LAN) cannot claim the administrator on a fresh install. 20 characters of
// Crockford base32 (100 bits), shown in groups of five; compared without case, dashes or spaces, with
// the look-alikes O → 0 and I, L → 1. Forgotten once the administrator exists.
import { randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newSetupToken(): string {
  const bytes = randomBytes(20);
  let text = '';
  for (const byte of bytes) text += ALPHABET[byte & 31];
  return text.match(/.{5}/g)!.join('-');
}

export function normaliseSetupToken(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** An operator-chosen code (RGS_SETUP_TOKEN): long enough not to be guessed. */
export function checkChosenSetupToken(text: string): string | null {
  return normaliseSetupToken(text).length >= 16
    ? null
    : 'must be at least 16 characters (dashes and spaces not counted)';
}

export class SetupGate {
  private token: string | null;

  constructor(token: string | null) {
    this.token = token;
  }

  /** The code to print, or null once setup is done (or was never needed). */
  get code(): string | null {
    return this.token;
  }

  matches(candidate: string): boolean {
    if (this.token === null) return false;
    const a = Buffer.from(normaliseSetupToken(this.token));
    const b = Buffer.from(normaliseSetupToken(candidate));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Setup is done: the code is spent. */
  spend(): void {
    this.token = null;
  }
}
