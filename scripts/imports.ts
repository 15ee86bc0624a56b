// Reads every import of every workspace's source with a real parser (oxc-parser), for the architecture
// test (scripts/architecture.test.ts). Run directly to print the package graph:
//   node --import tsx scripts/imports.ts
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage']);
/** Folders whose files are development tools or tests, never shipped code. */
const DEV_DIRS = new Set(['test', 'e2e', 'bench', 'dev', 'scripts']);
const DEV_FILE = /(\.test\.(ts|tsx|mts|mjs|js)|^vite\.config\.ts)$/;

export interface Workspace {
  /** npm name, e.g. `@openrgs/counting`. */
  name: string;
  /** Folder relative to the repository root, e.g. `packages/counting`; '' for the root. */
  dir: string;
  dependencies: Set<string>;
  devDependencies: Set<string>;
}

export interface ImportUse {
  /** File relative to the repository root. */
  file: string;
  line: number;
  specifier: string;
  /** The package the specifier names (`@scope/name` or `name`). */
  packageName: string;
  /** Only types are imported (erased at run time). */
  typeOnly: boolean;
  /** The file is a test or a development tool (bench, script, dev server, e2e), not shipped code. */
  devOnly: boolean;
}

function depNames(json: Record<string, unknown>, ...fields: string[]): Set<string> {
  const out = new Set<string>();
  for (const field of fields) {
    const deps = json[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) out.add(name);
  }
  return out;
}

function readWorkspace(dir: string): Workspace {
  const json = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (typeof json.name !== 'string') throw new Error(`${join(dir, 'package.json')} has no name`);
  return {
    name: json.name,
    dir,
    dependencies: depNames(json, 'dependencies', 'peerDependencies', 'optionalDependencies'),
    devDependencies: depNames(json, 'devDependencies'),
  };
}

/** The root package (its own scripts/) and every workspace under packages/. */
export function workspaces(): Workspace[] {
  const packages = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join('packages', e.name))
    .sort();
  return [readWorkspace(''), ...packages.map(readWorkspace)];
}

function sourceFiles(dir: string, devFolder: boolean, out: Array<{ path: string; devOnly: boolean }>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, devFolder || DEV_DIRS.has(entry.name), out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push({ path, devOnly: devFolder || DEV_FILE.test(entry.name) });
    }
  }
}

/** The files of a workspace: for the root only scripts/ (the packages are workspaces of their own). */
export function filesOf(ws: Workspace): Array<{ path: string; devOnly: boolean }> {
  const out: Array<{ path: string; devOnly: boolean }> = [];
  if (ws.dir === '') sourceFiles(join(ROOT, 'scripts'), true, out);
  else sourceFiles(join(ROOT, ws.dir), false, out);
  return out;
}

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names, or null for relative paths and Node's built-in modules. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  if (
    specifier.startsWith('node:') ||
    BUILTINS.has(specifier) ||
    BUILTINS.has(specifier.split('/')[0] ?? '')
  ) {
    return null;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

function lineAt(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i += 1) if (code.charCodeAt(i) === 10) line += 1;
  return line;
}

/** The literal text of a dynamic import's argument, or null when it is computed (`./commands/${f}.ts`). */
function literal(text: string): string | null {
  const m = /^(['"`])([^'"`$]*)\1$/.exec(text.trim());
  return m ? (m[2] ?? null) : null;
}

/**
 * Every import of one file: static imports (type-only when every name is a type), re-exports and dynamic
 * imports with a literal specifier. Computed dynamic specifiers cannot be checked; the code base uses them
 * only for its own relative files.
 */
export function importsOf(path: string, devOnly: boolean, code = readFileSync(path, 'utf8')): ImportUse[] {
  const parsed = parseSync(path, code);
  if (parsed.errors.length > 0) {
    throw new Error(`${relative(ROOT, path)}: cannot parse: ${parsed.errors[0]?.message ?? 'unknown error'}`);
  }
  const file = relative(ROOT, path);
  const found: Array<{ specifier: string; start: number; typeOnly: boolean }> = [];
  for (const imp of parsed.module.staticImports) {
    const typeOnly = imp.entries.length > 0 && imp.entries.every((e) => e.isType);
    // `import type X from 'x'` marks the whole statement; oxc gives isType on each entry either way.
    found.push({ specifier: imp.moduleRequest.value, start: imp.start, typeOnly });
  }
  for (const exp of parsed.module.staticExports) {
    for (const entry of exp.entries) {
      if (entry.moduleRequest) {
        found.push({ specifier: entry.moduleRequest.value, start: entry.start, typeOnly: entry.isType });
      }
    }
  }
  for (const dyn of parsed.module.dynamicImports) {
    const text = literal(code.slice(dyn.moduleRequest.start, dyn.moduleRequest.end));
    if (text !== null) found.push({ specifier: text, start: dyn.start, typeOnly: false });
  }
  const out: ImportUse[] = [];
  for (const f of found) {
    const packageName = packageOf(f.specifier);
    if (packageName === null) continue;
    out.push({
      file,
      line: lineAt(code, f.start),
      specifier: f.specifier,
      packageName,
      typeOnly: f.typeOnly,
      devOnly,
    });
  }
  return out;
}

/** Every bare import of every workspace. */
export function allImports(): Array<{ workspace: Workspace; uses: ImportUse[] }> {
  return workspaces().map((workspace) => ({
    workspace,
    uses: filesOf(workspace).flatMap((f) => importsOf(f.path, f.devOnly)),
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { workspace, uses } of allImports()) {
    const byPackage = new Map<string, { value: number; type: number; dev: number }>();
    for (const u of uses) {
      const entry = byPackage.get(u.packageName) ?? { value: 0, type: 0, dev: 0 };
      if (u.devOnly) entry.dev += 1;
      else if (u.typeOnly) entry.type += 1;
      else entry.value += 1;
      byPackage.set(u.packageName, entry);
    }
    console.log(`${workspace.name} (${workspace.dir || '.'})`);
    for (const [name, n] of [...byPackage].sort()) {
      console.log(`  ${name.padEnd(44)} value ${n.value}  type-only ${n.type}  dev ${n.dev}`);
    }
  }
}
