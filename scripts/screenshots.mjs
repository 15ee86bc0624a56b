#!/usr/bin/env node
// Regenerates docs/screenshots/*.png of the console's main screens (real server, headless Chromium).
// Usage: node scripts/screenshots.mjs   — see packages/console/scripts/screenshots.ts; then the 3D map's
// pictures (docs/screenshots/map-3d.png, map-3d-compact.png) from its browser test, which writes them only
// when RGS_SCREENSHOTS=1.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../packages/console/scripts/screenshots.ts', import.meta.url));
const screens = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
if (screens.status !== 0) process.exit(screens.status ?? 1);
const mapTest = fileURLToPath(new URL('../packages/console/e2e/map-3d.int.test.ts', import.meta.url));
const map = spawnSync(process.execPath, ['--import', 'tsx', '--test', mapTest], {
  stdio: 'inherit',
  env: { ...process.env, RGS_SCREENSHOTS: '1' },
});
process.exit(map.status ?? 1);
