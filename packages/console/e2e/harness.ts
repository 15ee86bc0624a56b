// Shared by the E2E tests, the screenshot script and the latency measurement: build the console if needed,
// start the real server (`rgs serve --port 0`), launch Debian's Chromium through playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildConsole, consoleBuildStale } from '../scripts/ensure-built.mjs';

export const consoleDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const repoRoot = resolve(consoleDir, '..', '..');

/** Builds packages/console/dist when it is missing or older than the sources (scripts/ensure-built.mjs). */
export function ensureBuilt(): void {
  if (!consoleBuildStale()) return;
  const result = buildConsole();
  if (result.status !== 0) throw new Error(`console build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s); keeps the data directory. */
  stop(): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

export interface ServerOptions {
  scenario: string;
  /** Reuse a data directory (restart after a stop); a fresh temporary one otherwise. */
  dataDir?: string;
  port?: number;
}

const LISTENING = /listening on (http:\/\/[^\s]+)/;

/** The first-run setup code the spawned server is given (RGS_SETUP_TOKEN); the setup form asks for it. */
export const E2E_SETUP_TOKEN = 'e2e-first-run-setup-code';

/**
 * Starts `rgs serve --simulate SCENARIO` on a free port with its own data directory and resolves once
 * it prints `listening on http://HOST:PORT`. RGS_E2E_SERVER=mock starts the console's dev mock instead
 * (console development only; the suite is meant for the real server).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'openrgs-e2e-'));
  const port = String(options.port ?? 0);
  const args =
    process.env.RGS_E2E_SERVER === 'mock'
      ? ['--import', 'tsx', join(consoleDir, 'dev', 'mock-server.ts'), '--port', port]
      : [
          join(repoRoot, 'packages', 'cli', 'bin', 'rgs.js'),
          'serve',
          '--port',
          port,
          '--host',
          '127.0.0.1',
          '--data-dir',
          dataDir,
          '--simulate',
          options.scenario,
        ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RGS_SETUP_TOKEN: E2E_SETUP_TOKEN },
  });
  let output = '';
  let stopping = false;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // A server that dies under a test leaves only timeouts in the browser: say so, with what it printed.
  void exited.then((code) => {
    if (!stopping)
      process.stderr.write(`e2e: rgs serve exited (code ${code}) during the test:\n${output.slice(-4000)}\n`);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    output: () => output,
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The screen sizes the console is laid out for and checked at (layout test, screenshots). */
export const SCREEN_SIZES = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium with a fresh profile (chromium.launch makes a new temporary user-data dir). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.RGS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Requests the console makes knowing they may fail: the session probe before sign-in. */
const EXPECTED_FAILURES: readonly { status: number; path: RegExp }[] = [
  { status: 401, path: /^\/api\/auth\/me$/ },
];

/** Collects page errors, console errors and failed requests, so a test can fail on them by name. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests are reported below with their address; the browser's own line has none.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const path = new URL(response.url()).pathname;
    const expected = EXPECTED_FAILURES.some((f) => f.status === response.status() && f.path.test(path));
    if (!expected) errors.push(`${response.request().method()} ${path} → ${response.status()}`);
  });
  return { errors };
}

/** JSON from the server's API with a bearer token, for checking what was stored. */
export async function apiGet<T>(server: RunningServer, token: string, path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Logs in through the API (the test's own session, separate from the browser's). */
export async function apiLogin(server: RunningServer, username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login → ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** The simulator scenario the suite runs: RGS_E2E_SCENARIO, else the first one `rgs simulate --list` names. */
export function e2eScenario(): string {
  if (process.env.RGS_E2E_SCENARIO) return process.env.RGS_E2E_SCENARIO;
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'packages', 'cli', 'bin', 'rgs.js'), 'simulate', '--list', '--json'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status === 0) {
    const parsed: unknown = JSON.parse(result.stdout);
    const list = Array.isArray(parsed) ? parsed : (parsed as { scenarios?: unknown }).scenarios;
    if (Array.isArray(list)) {
      const first: unknown = list[0];
      if (typeof first === 'string') return first;
      if (first && typeof first === 'object' && typeof (first as { name?: unknown }).name === 'string') {
        return (first as { name: string }).name;
      }
    }
  }
  throw new Error(
    `cannot list simulator scenarios (rgs simulate --list --json): ${result.stderr || result.stdout}`,
  );
}
