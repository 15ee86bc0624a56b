// Parser for the LNHB/DDEP "Laraweb" text format (one nuclide per file, `;`-separated fields).
// Used only to build data/nuclides.json from data/sources/lara/*.lara.txt and to test that the
// committed JSON still matches those files. Not part of the package's public API.

export type LaraEmissionType = 'gamma' | 'x-ray' | 'annihilation';

export interface LaraEmission {
  energyKeV: number;
  energyUncertaintyKeV: number | null;
  /** Photons per 100 decays, as printed. */
  intensityPercent: number;
  intensityUncertaintyPercent: number | null;
  /** The file's own label: g, g511, XKa1, XKa2, XK'b1, XK'b2, XL. */
  line: string;
  type: LaraEmissionType;
  /** Nucleus or atom that emits it, as printed (e.g. Tc-99, Ba). */
  origin: string;
}

export interface LaraDecayMode {
  mode: string;
  daughter: string;
  branchPercent: number;
}

export interface LaraRecord {
  nuclide: string;
  element: string;
  atomicNumber: number;
  decayModes: LaraDecayMode[];
  halfLife: { value: number; uncertainty: number; unit: string };
  halfLifeSecondsPrinted: { value: number; uncertainty: number };
  reference: string;
  emissions: LaraEmission[];
}

const LINE_TYPES: Record<string, LaraEmissionType> = { g: 'gamma', g511: 'annihilation' };

function emissionType(line: string): LaraEmissionType {
  const known = LINE_TYPES[line];
  if (known) return known;
  if (line.startsWith('X')) return 'x-ray';
  throw new Error(`unknown LARA emission type '${line}'`);
}

function num(text: string | undefined, what: string): number {
  const t = (text ?? '').trim();
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) throw new Error(`LARA: ${what}: '${text}' is not a number`);
  return v;
}

function optionalNum(text: string | undefined): number | null {
  const t = (text ?? '').trim();
  return t === '' ? null : num(t, 'uncertainty');
}

export function parseLara(text: string): LaraRecord {
  const lines = text.split(/\r?\n/);
  const header = new Map<string, string[]>();
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('Emissions')) break;
    const parts = line.split(';').map((p) => p.trim());
    const key = parts[0];
    if (key) header.set(key, parts.slice(1));
  }
  const field = (key: string): string[] => {
    const v = header.get(key);
    if (!v) throw new Error(`LARA: missing header '${key}'`);
    return v;
  };
  const halfLifeKey = [...header.keys()].find((k) => /^Half-life \((?!s\))/.test(k));
  if (!halfLifeKey) throw new Error('LARA: no half-life in a unit other than seconds');
  const unit = /^Half-life \((.+)\)$/.exec(halfLifeKey)?.[1] ?? '';
  const hl = field(halfLifeKey);
  const hls = field('Half-life (s)');
  const daughters = field('Daughter(s)');
  const decayModes: LaraDecayMode[] = [];
  for (let k = 0; k + 2 < daughters.length; k += 3) {
    decayModes.push({
      mode: (daughters[k] ?? '').replace(/[()]/g, ''),
      daughter: daughters[k + 1] ?? '',
      branchPercent: num(daughters[k + 2], 'branch'),
    });
  }
  const emissions: LaraEmission[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!/^\d/.test(line)) continue;
    const p = line.split(';').map((s) => s.trim());
    const label = p[4] ?? '';
    emissions.push({
      energyKeV: num(p[0], 'energy'),
      energyUncertaintyKeV: optionalNum(p[1]),
      intensityPercent: num(p[2], 'intensity'),
      intensityUncertaintyPercent: optionalNum(p[3]),
      line: label,
      type: emissionType(label),
      origin: p[5] ?? '',
    });
  }
  return {
    nuclide: field('Nuclide')[0] ?? '',
    element: field('Element')[0] ?? '',
    atomicNumber: num(field('Z')[0], 'Z'),
    decayModes,
    halfLife: { value: num(hl[0], 'half-life'), uncertainty: num(hl[1], 'half-life uncertainty'), unit },
    halfLifeSecondsPrinted: { value: num(hls[0], 'half-life (s)'), uncertainty: num(hls[1], 'unc') },
    reference: field('Reference')[0] ?? '',
    emissions,
  };
}
