#!/usr/bin/env node
// Regenerates docs/screenshots/*.png of the console's main screens (real server, headless Chromium).
// Usage: node scripts/screenshots.mjs   — see packages/console/scripts/screenshots.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../packages/console/scripts/screenshots.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
process.exit(result.status ?? 1);
