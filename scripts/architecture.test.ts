// The architecture as written in docs/architecture.md, checked against every import of every package:
// (a) each package declares in its own package.json what it imports (npm's hoisting must not be what makes
//     an import work), (b) no package imports what the "may import" table forbids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  allImports,
  filesOf,
  type ImportUse,
  importsOf,
  packageOf,
  ROOT,
  type Workspace,
  workspaces,
} from './imports.js';

const SCOPE = '@openrgs/';

interface Row {
  /** Short name as the table spells it, e.g. `counting`. */
  name: string;
  /** null: every package in the rows above ("all"). */
  allowed: Map<string, 'any' | 'types'> | null;
}

/** The "may import" table of docs/architecture.md, rows in order (bottom layer first). */
export function layeringTable(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | `name` | holds | may import |
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!name || cells.length !== 5) continue;
    const cell = cells[3] ?? '';
    if (cell === 'all') {
      rows.push({ name, allowed: null });
      continue;
    }
    const allowed = new Map<string, 'any' | 'types'>();
    if (cell !== 'nothing of ours') {
      for (const item of cell.split(',').map((s) => s.trim())) {
        const m = /^`([a-z-]+)`( \(types\))?$/.exec(item);
        if (!m?.[1]) throw new Error(`docs/architecture.md, row ${name}: cannot read "${item}" in "${cell}"`);
        allowed.set(m[1], m[2] ? 'types' : 'any');
      }
    }
    rows.push({ name, allowed });
  }
  return rows;
}

const table = layeringTable(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8'));
const scanned = allImports();
const unique = (lines: string[]) => [...new Set(lines)];
const where = (u: ImportUse) => `${u.file}:${u.line} imports '${u.specifier}'`;

describe('docs/architecture.md "may import" table', () => {
  test('has one row for every workspace package and none for a package that does not exist', () => {
    const ours = scanned
      .map((s) => s.workspace.name)
      .filter((n) => n.startsWith(SCOPE))
      .map((n) => n.slice(SCOPE.length))
      .sort();
    assert.deepEqual(table.map((r) => r.name).sort(), ours);
  });

  test('is layered: each row names only packages in rows above it', () => {
    const above = new Set<string>();
    for (const row of table) {
      for (const name of row.allowed?.keys() ?? []) {
        assert.ok(above.has(name), `row ${row.name} may import ${name}, which is not in a row above it`);
      }
      above.add(row.name);
    }
  });
});

function allowedImports(row: Row): Map<string, 'any' | 'types'> {
  if (row.allowed) return row.allowed;
  const index = table.indexOf(row);
  return new Map(table.slice(0, index).map((r) => [r.name, 'any'] as const));
}

describe('every package imports only what the table allows', () => {
  for (const { workspace, uses } of scanned) {
    if (!workspace.name.startsWith(SCOPE)) continue;
    const short = workspace.name.slice(SCOPE.length);
    test(short, () => {
      const row = table.find((r) => r.name === short);
      assert.ok(row, `docs/architecture.md has no row for ${short}`);
      const allowed = allowedImports(row);
      const bad: string[] = [];
      for (const u of uses) {
        if (!u.packageName.startsWith(SCOPE) || u.packageName === workspace.name) continue;
        const target = u.packageName.slice(SCOPE.length);
        const rule = allowed.get(target);
        if (rule === undefined) bad.push(`${where(u)}: ${short} may not import ${target}`);
        else if (rule === 'types' && !u.typeOnly)
          bad.push(`${where(u)}: ${short} may import only types of ${target}`);
      }
      assert.equal(bad.length, 0, `\n${unique(bad).join('\n')}`);
    });
  }
});

/** Why an import is not covered by the package's own package.json, or null when it is. */
function undeclared(ws: Workspace, u: ImportUse): string | null {
  if (u.packageName === ws.name) return null; // self-reference through the package's exports
  if (ws.dependencies.has(u.packageName)) return null;
  const devEnough = u.devOnly || (u.typeOnly && !u.packageName.startsWith(SCOPE));
  if (ws.devDependencies.has(u.packageName)) {
    return devEnough
      ? null
      : `${where(u)}: shipped code needs ${u.packageName} in dependencies, not devDependencies`;
  }
  return `${where(u)}: ${u.packageName} is not in ${join(ws.dir, 'package.json')} (${devEnough ? 'devDependencies' : 'dependencies'})`;
}

describe('every package declares what it imports in its own package.json', () => {
  for (const { workspace, uses } of scanned) {
    test(workspace.name, () => {
      const missing = uses.map((u) => undeclared(workspace, u)).filter((m): m is string => m !== null);
      assert.equal(missing.length, 0, `\n${unique(missing).join('\n')}`);
    });
  }
});

// Issue 16, "one of each": the random-number generator, its samplers and the special functions live in
// @openrgs/numeric only, the CSV reader in @openrgs/csv. A second PRNG, Poisson sampler, log-gamma, beta
// quantile or CSV parser elsewhere is the duplication these tests exist to stop: import the one instead.

const ONE_OF_EACH: Array<[RegExp, string]> = [
  [
    /\bfunction\s+(seeded(Random|Uniform|Rng)|createRandom|splitmix\w*|sfc32|xoshiro\w*|mulberry\w*)\b|class\s+Xoshiro/i,
    'a PRNG',
  ],
  [/\bfunction\s+(sample)?poisson(Knuth|Ptrs|Sample|Deviate)?\s*\(/i, 'a Poisson sampler'],
  [/\bfunction\s+(logGamma|lnGamma|logFactorial|loggam|gammaln)\s*\(/i, 'a log-gamma'],
  [/\bfunction\s+(beta\w*(Quantile|Inverse)|betaincinv)\s*\(/i, 'a beta quantile'],
];

describe('one of each (issue 16)', () => {
  test('no package but numeric defines a PRNG, a Poisson sampler, a log-gamma or a beta quantile', () => {
    const found: string[] = [];
    for (const ws of workspaces()) {
      if (ws.name === '@openrgs/numeric') continue;
      for (const { path } of filesOf(ws)) {
        if (path === fileURLToPath(import.meta.url)) continue; // its own examples below
        const lines = readFileSync(path, 'utf8').split('\n');
        lines.forEach((text, i) => {
          for (const [pattern, what] of ONE_OF_EACH)
            if (pattern.test(text)) found.push(`${path.slice(ROOT.length + 1)}:${i + 1} defines ${what}`);
        });
      }
    }
    assert.deepEqual(found, []);
  });

  test('only @openrgs/csv reads CSV with csv-parse (tests may use it as an independent reader)', () => {
    const elsewhere = scanned
      .filter(({ workspace }) => workspace.name !== '@openrgs/csv')
      .flatMap(({ uses }) => uses.filter((u) => u.packageName === 'csv-parse' && !u.devOnly).map(where));
    assert.deepEqual(elsewhere, []);
  });

  test('the pattern finds what it is meant to find', () => {
    const hits = (line: string) => ONE_OF_EACH.filter(([p]) => p.test(line)).map(([, w]) => w);
    assert.deepEqual(hits('export function seededRandom(seed: number): Random {'), ['a PRNG']);
    assert.deepEqual(hits('export function seededUniform(seed: number): () => number {'), ['a PRNG']);
    assert.deepEqual(hits('function poissonKnuth(random: RandomSource, mean: number): number {'), [
      'a Poisson sampler',
    ]);
    assert.deepEqual(hits('export function samplePoisson(random, mean) {'), ['a Poisson sampler']);
    assert.deepEqual(hits('function logFactorial(k: number): number {'), ['a log-gamma']);
    assert.deepEqual(hits('export function betaIncompleteInverse(p, a, b) {'), ['a beta quantile']);
    assert.deepEqual(hits('const x = samplePoisson(random, 3);'), []);
  });
});

// Issue 16, "one wire contract": every request and response schema lives in @openrgs/api; the server's
// routes and the console's HTTP calls import them. A zod schema built where the wire is used (a route's
// `z.strictObject({ id: z.uuid() })`, an answer's `z.array(Record)`, an api schema re-shaped with
// `.extend(…)`) is a second contract that drifts from the first: declare it in packages/api instead.

/** Where the wire is used, not declared: these files may only import the contract's schemas. */
const WIRE_USERS = [join('packages', 'server', 'src', 'routes'), join('packages', 'console', 'src')];
const ROUTES = WIRE_USERS[0] as string;
const CONSOLE = WIRE_USERS[1] as string;

/** Building a zod schema (`z.object(`, `z.uuid(`) or deriving one from another (`.extend(`, `.pick(`). */
const SCHEMA_BUILT = /\bz\s*\.\s*[A-Za-z]+\s*\(|\.(extend|safeExtend|pick|omit|partial|merge|strict)\s*\(/;

/** The lines of a source text that build a zod schema, outside comments. */
export function schemaLines(text: string): number[] {
  const found: number[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
    if (SCHEMA_BUILT.test(code)) found.push(i + 1);
  });
  return found;
}

describe('one wire contract (issue 16)', () => {
  const wireFiles = () =>
    workspaces()
      .flatMap((ws) => filesOf(ws))
      .filter(({ path, devOnly }) => !devOnly && WIRE_USERS.some((dir) => path.startsWith(join(ROOT, dir))));

  const builtIn = (dir: string) =>
    wireFiles()
      .filter(({ path }) => path.startsWith(join(ROOT, dir)))
      .flatMap(({ path }) =>
        schemaLines(readFileSync(path, 'utf8')).map((line) => `${path.slice(ROOT.length + 1)}:${line}`),
      );

  test('the server’s routes declare no zod schema of their own (every one comes from @openrgs/api)', () => {
    const routes = wireFiles().filter(({ path }) => path.startsWith(join(ROOT, ROUTES)));
    assert.ok(routes.length >= 10, `found only ${routes.length} route files under ${ROUTES}`);
    assert.deepEqual(builtIn(ROUTES), []);
  });

  test('the console declares no zod schema of its own (it parses answers with @openrgs/api’s)', () => {
    assert.deepEqual(builtIn(CONSOLE), []);
  });

  test('the server’s routes and the console import zod for nothing but types', () => {
    const users = scanned.flatMap(({ uses }) =>
      uses.filter((u) => WIRE_USERS.some((dir) => u.file.startsWith(dir)) && !u.devOnly),
    );
    assert.deepEqual(users.filter((u) => u.packageName === 'zod' && !u.typeOnly).map(where), []);
  });

  test('the console reads the server’s error body in one place (api-error.ts), and every call uses it', () => {
    const reader = join(ROOT, CONSOLE, 'api-error.ts');
    const elsewhere: string[] = [];
    for (const { path } of wireFiles().filter(({ path }) => path.startsWith(join(ROOT, CONSOLE)))) {
      if (path === reader) continue;
      const text = readFileSync(path, 'utf8');
      const file = path.slice(ROOT.length + 1);
      if (/\bErrorBody\b/.test(text)) elsewhere.push(`${file} reads ErrorBody itself`);
      if (/\bfetch\(/.test(text) && !/\breadError\(/.test(text))
        elsewhere.push(`${file} calls fetch without the one error reader (readError)`);
      if (/\berror\?\s*:\s*\{/.test(text)) elsewhere.push(`${file} types the error body by hand`);
    }
    assert.ok(readFileSync(reader, 'utf8').includes('ErrorBody.safeParse'), 'api-error.ts parses ErrorBody');
    assert.deepEqual(elsewhere, []);
  });

  test('the pattern finds what it is meant to find', () => {
    const sample = [
      "const CaseParams = z.strictObject({ id: z.uuid({ message: 'must be a case id (UUID)' }) });",
      '      response: z.array(CaseSummaryRecord),',
      '      body: z.unknown(),',
      'const Patch = CasePatch.extend({ reason: Reason });',
      '// a comment naming z.object( is not a schema',
      ' * nor is a doc line with z.array(',
      '      params: CaseParams,',
      '      response: CaseSummaryList,',
      'const Picked = LesionRecord.pick({ id: true });',
    ].join('\n');
    assert.deepEqual(schemaLines(sample), [1, 2, 3, 4, 9]);
  });
});

describe('the import reader', () => {
  test('finds static, type-only, re-exported and dynamic imports, and names their packages', () => {
    const sample = [
      '// a comment: import x from "not-an-import";',
      "import { thing } from './relative.js';",
      "import type { CountFrame } from '@openrgs/counting';",
      "import { z } from 'zod';",
      "import { type Bundle, type Patient } from '@medplum/fhirtypes';",
      "import { readFileSync } from 'node:fs';",
      "import 'side-effect-only';",
      "export { nuclides } from '@openrgs/physics/data';",
      'const text = "import y from \'in-a-string\'";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a computed import
      'const mod = await import(`./commands/${text}.ts`);',
      "const api = await import('tsx/esm/api');",
    ].join('\n');
    const uses = importsOf(join(ROOT, 'sample.ts'), false, sample);
    assert.deepEqual(
      uses.map((u) => [u.specifier, u.packageName, u.typeOnly, u.line]),
      [
        ['@openrgs/counting', '@openrgs/counting', true, 3],
        ['zod', 'zod', false, 4],
        ['@medplum/fhirtypes', '@medplum/fhirtypes', true, 5],
        ['side-effect-only', 'side-effect-only', false, 7],
        ['@openrgs/physics/data', '@openrgs/physics', false, 8],
        ['tsx/esm/api', 'tsx', false, 11],
      ],
    );
  });

  test('leaves out relative paths and Node built-ins', () => {
    assert.equal(packageOf('./x.js'), null);
    assert.equal(packageOf('node:fs'), null);
    assert.equal(packageOf('fs/promises'), null);
    assert.equal(packageOf('@scope/name/sub/path.js'), '@scope/name');
    assert.equal(packageOf('name/sub'), 'name');
  });
});
