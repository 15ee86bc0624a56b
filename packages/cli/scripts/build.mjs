#!/usr/bin/env node
// Builds the packages the `rgs` command runs (every workspace but the console) to JavaScript: each
// packages/<p>/src/**/*.ts → packages/<p>/dist/**/*.js, file by file with esbuild (the repo is
// isolatedModules + verbatimModuleSyntax, so a per-file transpile keeps TypeScript's meaning), at the same
// depth as src so every `new URL('…', import.meta.url)` still finds its file. `@openrgs/<p>[/sub]` imports
// are rewritten to the dist file the package's exports name; worker .mjs files are copied without the tsx
// loader. Usage: node packages/cli/scripts/build.mjs [--quiet]
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const packagesDir = join(root, 'packages');
export const STAMP = join(packagesDir, 'cli', 'dist', '.built');

function packages() {
  return readdirSync(packagesDir)
    .filter((p) => p !== 'console' && existsSync(join(packagesDir, p, 'package.json')))
    .map((p) => ({
      dir: join(packagesDir, p),
      json: JSON.parse(readFileSync(join(packagesDir, p, 'package.json'), 'utf8')),
    }));
}

function files(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else out.push(path);
  }
  return out;
}

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** Whether the built JavaScript is missing or older than a source file or package.json. */
export function cliBuildStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  for (const p of packages()) {
    if (statSync(join(p.dir, 'package.json')).mtimeMs > built) return true;
    if (existsSync(join(p.dir, 'src')) && newestMtimeMs(join(p.dir, 'src')) > built) return true;
  }
  return false;
}

/**
 * `@openrgs/<p>[/sub]` → the relative path of the dist file its package's exports name; `./x.ts` → `./x.js`
 * (static imports, re-exports and dynamic imports with a literal specifier).
 */
function rewriteSpecifiers(code, fromDir, exportsOf) {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g,
    (whole, lead, quote, spec) => {
      const m = /^(@openrgs\/[^/]+)(\/.*)?$/.exec(spec);
      if (m) {
        const target = exportsOf.get(m[1]);
        const file = target?.exports[m[2] ? `.${m[2]}` : '.'];
        if (typeof file !== 'string') throw new Error(`build: ${spec} is not in ${m[1]}'s exports`);
        let rel = relative(
          fromDir,
          join(target.dir, file.replace(/^\.\/src\//, 'dist/').replace(/\.ts$/, '.js')),
        );
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return `${lead}${quote}${rel}${quote}`;
      }
      if (spec.startsWith('.') && spec.endsWith('.ts'))
        return `${lead}${quote}${spec.slice(0, -3)}.js${quote}`;
      return whole;
    },
  );
}

const isTest = (f) => /\.test\.(ts|mjs)$/.test(f) || f.endsWith('test-support.ts');

export async function buildCli() {
  const esbuild = await import('esbuild');
  const all = packages();
  const exportsOf = new Map(all.map((p) => [p.json.name, { dir: p.dir, exports: p.json.exports ?? {} }]));
  for (const p of all) {
    const src = join(p.dir, 'src');
    if (!existsSync(src)) continue;
    const dist = join(p.dir, 'dist');
    rmSync(dist, { recursive: true, force: true });
    const sources = files(src).filter((f) => !isTest(f));
    const entries = sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    for (const f of entries) {
      const out = join(dist, relative(src, f)).replace(/\.ts$/, '.js');
      const { code } = await esbuild.transform(readFileSync(f, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'esnext',
        sourcefile: f,
        sourcemap: 'inline',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, rewriteSpecifiers(code, dirname(out), exportsOf));
    }
    for (const f of sources.filter((s) => /\.(mjs|js)$/.test(s))) {
      const target = join(dist, relative(src, f));
      mkdirSync(dirname(target), { recursive: true });
      if (f.endsWith('.mjs')) {
        const text = readFileSync(f, 'utf8')
          .replace(/^import \{ register \} from 'tsx\/esm\/api';\n/m, '')
          .replace(/^register\(\);\n/m, '')
          .replace(/(import\(\s*'\.[^']*)\.ts'/g, "$1.js'")
          .replace(/(from '\.[^']*)\.ts'/g, "$1.js'");
        writeFileSync(target, rewriteSpecifiers(text, dirname(target), exportsOf));
      } else copyFileSync(f, target);
    }
  }
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
  if (!process.argv.includes('--quiet')) process.stdout.write('rgs: built packages/*/dist\n');
}
