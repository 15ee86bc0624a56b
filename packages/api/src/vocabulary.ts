// Coded vocabularies where the record groups (issue 13 point 7): tracers as one canonical id with a
// display name and the spellings met in practice, and lesion sites as a coded list with the registry group
// each belongs to. Free text never decides a group: an unknown tracer spelling is refused with the list,
// and a lesion's free-text location stays a note beside its coded site.
import { z } from 'zod';

export interface TracerCode {
  /** Canonical id (the planning package's preset id where there is one). */
  id: string;
  /** How every screen, report and registry group writes it. */
  display: string;
  /** Nuclide as @openrgs/physics spells it. */
  nuclide: string;
  /** Other spellings met in practice (console, demo data, historic registries, brand names). */
  aliases: readonly string[];
}

/**
 * The radiopharmaceuticals OpenRGS knows. Spellings: the IUPAC-style "99mTc-…" and the "Tc-99m-…" form
 * are the same agent; brand names (Tektrotyd, Octreoscan, NETSPOT, SomaKit TOC) as in their labels.
 */
export const TRACERS: readonly TracerCode[] = [
  {
    id: 'tc99m-hynic-toc',
    display: '99mTc-EDDA/HYNIC-TOC',
    nuclide: 'Tc-99m',
    aliases: ['99mTc-HYNIC-TOC', '99mTc-EDDA-HYNIC-TOC', '99mTc-HYNIC-Tyr3-octreotide', 'Tektrotyd'],
  },
  {
    id: 'in111-pentetreotide',
    display: '111In-pentetreotide',
    nuclide: 'In-111',
    aliases: ['111In-DTPA-octreotide', '111In-DTPA-D-Phe1-octreotide', '111In-octreotide', 'Octreoscan'],
  },
  { id: 'ga68-dotatate', display: '68Ga-DOTATATE', nuclide: 'Ga-68', aliases: ['NETSPOT'] },
  { id: 'ga68-dotatoc', display: '68Ga-DOTATOC', nuclide: 'Ga-68', aliases: ['SomaKit TOC'] },
  { id: 'ga68-dotanoc', display: '68Ga-DOTANOC', nuclide: 'Ga-68', aliases: [] },
  {
    id: 'tc99m-nanocolloid',
    display: '99mTc-nanocolloid',
    nuclide: 'Tc-99m',
    aliases: ['99mTc-nanocolloid (sentinel node)', '99mTc-albumin nanocolloid', 'Nanocoll'],
  },
  { id: 'tc99m-psma', display: '99mTc-PSMA', nuclide: 'Tc-99m', aliases: ['99mTc-PSMA-I&S'] },
];

/** "Tc-99m", "Tc99m", "99m-Tc" → "99mtc": the two ways of writing a nuclide prefix compare equal. */
const NUCLIDE_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/^tc99m/, '99mtc'],
  [/^in111/, '111in'],
  [/^ga68/, '68ga'],
  [/^lu177/, '177lu'],
  [/^f18/, '18f'],
];

/** Case, spaces and punctuation do not distinguish two spellings; the nuclide prefix order does not either. */
export function tracerKey(text: string): string {
  let key = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [form, canonical] of NUCLIDE_FORMS) key = key.replace(form, canonical);
  return key;
}

const BY_KEY = new Map<string, TracerCode>();
for (const tracer of TRACERS) {
  for (const spelling of [tracer.id, tracer.display, ...tracer.aliases])
    BY_KEY.set(tracerKey(spelling), tracer);
}

export function findTracerCode(text: string): TracerCode | undefined {
  return BY_KEY.get(tracerKey(text));
}

/** The sentence an unknown spelling is refused with: it names every allowed tracer. */
export function unknownTracerMessage(text: string): string {
  return `'${text}' is not a known tracer; use one of ${TRACERS.map((t) => `${t.display} (${t.id})`).join(', ')}`;
}

export const TracerId = z.enum(TRACERS.map((t) => t.id) as [string, ...string[]]);

/** Registry groups (issue 9): how lesions are counted together. */
export const LesionSiteGroup = z.enum(['bowel', 'pancreas', 'nodes', 'liver', 'other']);
export type LesionSiteGroup = z.infer<typeof LesionSiteGroup>;

export interface LesionSiteCode {
  code: string;
  display: string;
  group: LesionSiteGroup;
}

/**
 * Where a lesion is, coded: the tissue (a lymph node is a node wherever it lies) and its region, each with
 * the registry group it is counted in. Ordered as a surgeon walks a NET abdomen.
 */
export const LESION_SITES: readonly LesionSiteCode[] = [
  { code: 'small-bowel', display: 'Small bowel (jejunum, ileum)', group: 'bowel' },
  { code: 'duodenum', display: 'Duodenum', group: 'bowel' },
  { code: 'stomach', display: 'Stomach', group: 'bowel' },
  { code: 'appendix', display: 'Appendix', group: 'bowel' },
  { code: 'colon-rectum', display: 'Colon / rectum', group: 'bowel' },
  { code: 'pancreas', display: 'Pancreas', group: 'pancreas' },
  { code: 'liver', display: 'Liver', group: 'liver' },
  { code: 'mesenteric-lymph-node', display: 'Mesentery / lymph node', group: 'nodes' },
  { code: 'peripancreatic-lymph-node', display: 'Peripancreatic / lymph node', group: 'nodes' },
  { code: 'retroperitoneal-lymph-node', display: 'Retroperitoneum / lymph node', group: 'nodes' },
  { code: 'other-lymph-node', display: 'Other lymph node', group: 'nodes' },
  { code: 'mesentery', display: 'Mesentery (soft tissue, not a node)', group: 'other' },
  { code: 'peritoneum', display: 'Peritoneum', group: 'other' },
  { code: 'ovary', display: 'Ovary', group: 'other' },
  { code: 'lung', display: 'Lung', group: 'other' },
  { code: 'bone', display: 'Bone', group: 'other' },
  { code: 'other', display: 'Other site', group: 'other' },
];

export const LesionSite = z.enum(LESION_SITES.map((s) => s.code) as [string, ...string[]]);

export function findLesionSite(code: string): LesionSiteCode | undefined {
  return LESION_SITES.find((s) => s.code === code);
}

/**
 * A coded site for a lesion recorded before sites were coded (migration only): the words of its label
 * and location, a node word winning over the organ it lies in ("Mesenteric node" at "mesentery, SMA root"
 * is a mesenteric lymph node, not bowel). New lesions are coded by the user, never guessed.
 */
export function guessLesionSite(label: string, location: string | null): string {
  const text = `${label} ${location ?? ''}`.toLowerCase();
  const node = /lymph|\bnode|nodal|ganglion/.test(text);
  if (node) {
    if (/mesenter/.test(text)) return 'mesenteric-lymph-node';
    if (/pancrea/.test(text)) return 'peripancreatic-lymph-node';
    if (/retroperiton|para-?aort|aortocav/.test(text)) return 'retroperitoneal-lymph-node';
    return 'other-lymph-node';
  }
  if (/pancrea|uncinate/.test(text)) return 'pancreas';
  if (/liver|hepat/.test(text)) return 'liver';
  if (/duoden/.test(text)) return 'duodenum';
  if (/gastr|stomach/.test(text)) return 'stomach';
  if (/append/.test(text)) return 'appendix';
  if (/colon|rect|caec|cecum/.test(text)) return 'colon-rectum';
  if (/ileum|ileal|jejun|small bowel|bowel|intestin/.test(text)) return 'small-bowel';
  if (/mesenter/.test(text)) return 'mesentery';
  if (/periton/.test(text)) return 'peritoneum';
  return 'other';
}
