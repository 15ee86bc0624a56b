// Writes packages/qc/examples/*.csv from src/example-data.ts (deterministic).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_FILES } from '../src/example-data.js';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
for (const [name, make] of Object.entries(EXAMPLE_FILES)) writeFileSync(`${dir}${name}`, make());
console.log(`wrote ${Object.keys(EXAMPLE_FILES).length} files to ${dir}`);
