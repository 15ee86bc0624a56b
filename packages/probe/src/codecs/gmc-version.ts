// Parsing a GMC `<GETVER>>` reply as tolerantly as the devices are.
// Sources:
//  - GQ-RFC1201 Ver 1.40 (bernardn/python-libgqe doc/GQ-RFC1201.txt): "GMC-300Re 2.10", 14 bytes.
//  - GQ-RFC1801 Ver 1.00: "GMC-600+Re 1.14", variable length.
//  - pygmc (Wikilicious/pygmc) tests/data/data_gmcse.py line 6: a GMC-SE answers "GMC-SE Re 1.05";
//    pygmc's discovery test data lists "GMC-800Re1.08" (no space).
//  - A GMC-320+ V5 answers "GMC-320+V5\0RRe 5.73" (a NUL inside the reply), as reported in issue 15.
//  - GeigerLog (gdev_gmc.py) accepts any version reply that starts with "GMC".
//  - Rad Pro firmware on a GMC-800 answers <GETVER>> with "GMC-800Re RADP" (Gissio/radpro
//    platform.io/src/peripherals/comm.c, `#if defined(GMC800)` branch of updateComm): that device speaks
//    the Rad Pro protocol, not GQ's.

export interface GmcVersion {
  /** e.g. `GMC-320+V5`, `GMC-SE`, `GMC-600+`. */
  model: string;
  /** e.g. `Re 5.73`; undefined when the reply names no revision. */
  firmware: string | undefined;
  /**
   * The heartbeat width the model number suggests (RFC1801 models ≥ 500: 32 bits, else 14), or
   * undefined when the model says nothing. Only a guess: GeigerLog records 2-byte readings from the
   * GMC-500 (no "+") and GMC-600+ below firmware 2.4. The driver learns the width from `<GETCPM>>`.
   */
  guessedCountBits: 14 | 32 | undefined;
  /** The reply came from Rad Pro firmware (use the `radpro` protocol). */
  radPro: boolean;
}

/** Returns the parsed version, or undefined when the reply does not contain a reply starting "GMC". */
export function parseGmcVersion(raw: string): GmcVersion | undefined {
  const start = raw.indexOf('GMC');
  if (start < 0) return undefined;
  // Anything that is not printable ASCII (a NUL in GMC-320+ V5 replies) separates words.
  const text = raw
    .slice(start)
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim();
  const revision = /Re\s?(\d{1,2}\.\d{1,3}|RADP)\b/.exec(text);
  const beforeRevision = revision ? text.slice(0, revision.index) : text;
  const model = /^GMC[^\s]*/.exec(beforeRevision.trim())?.[0] ?? 'GMC';
  const series = /^GMC-(\d{3})/.exec(model)?.[1];
  let guessedCountBits: 14 | 32 | undefined;
  if (series !== undefined) guessedCountBits = Number(series) >= 500 ? 32 : 14;
  else if (/^GMC-SE\b/.test(model)) guessedCountBits = 14; // pygmc drives the GMC-SE with its RFC1201 class
  const radPro = revision?.[1] === 'RADP';
  return {
    model,
    firmware: revision?.[1] === undefined || radPro ? (radPro ? 'RADP' : undefined) : `Re ${revision[1]}`,
    guessedCountBits,
    radPro,
  };
}
