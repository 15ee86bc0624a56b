// Rebuilds data/nuclides.json and data/attenuation.json from the verbatim sources in data/sources/.
// Run: npx tsx packages/physics/scripts/build-data.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildAttenuationData, buildNuclideData } from '../src/sources/build.js';

const dataDir = fileURLToPath(new URL('../data/', import.meta.url));
const read = (sub: string) => (file: string) => readFileSync(`${dataDir}sources/${sub}/${file}`, 'utf8');

// Arrays of plain numbers on one line, so a table row reads as a row.
const pretty = (value: unknown): string =>
  `${JSON.stringify(value, null, 2).replace(/\[\s*([-+\d.eE,\s]+?)\s*\]/g, (_m, inner: string) => `[${inner.replace(/\s+/g, '')}]`)}\n`;

writeFileSync(`${dataDir}nuclides.json`, pretty(buildNuclideData(read('lara'))));
writeFileSync(`${dataDir}attenuation.json`, pretty(buildAttenuationData(read('nist'))));
console.log('wrote data/nuclides.json and data/attenuation.json');
