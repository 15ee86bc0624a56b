// Frame-arrival-to-screen latency of the OR live view, measured in the browser on loopback.
// The server stamps each LiveState with receivedAtMs (host clock when the frame came from the probe or
// simulator); the page records, in the requestAnimationFrame callback after React committed that frame,
// the host clock again (packages/console/src/live/latency.ts). Both are performance.timeOrigin + now()
// on the same machine. Reports p50/p95/p99/max and frames the page never painted.
//   node --import tsx packages/console/scripts/measure-latency.ts [--seconds 30] [--json]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { firstRunSetup } from '../e2e/flows.js';
import { e2eScenario, ensureBuilt, launchBrowser, removeDir, startServer } from '../e2e/harness.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) {
  process.stderr.write(`--seconds must be a number of seconds from 1 to 600 (got "${values.seconds}")\n`);
  process.exit(2);
}

interface LatencyWindow {
  __openrgsLatency?: {
    samples: { seq: number; latencyMs: number; arrivalMs: number | null }[];
    clear: () => void;
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

ensureBuilt();
const server = await startServer({ scenario: e2eScenario() });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await firstRunSetup(page, server.url);
  await page.goto(`${server.url}/#/live`);
  await page.getByTestId('probe-status').filter({ hasText: 'PROBE CONNECTED' }).waitFor({ timeout: 30_000 });
  // Warm-up (first frames carry JIT and layout costs), then measure.
  await page.waitForTimeout(2000);
  await page.evaluate(() => (window as unknown as LatencyWindow).__openrgsLatency?.clear());
  await page.waitForTimeout(seconds * 1000);
  const samples = await page.evaluate(() => [
    ...((window as unknown as LatencyWindow).__openrgsLatency?.samples ?? []),
  ]);
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const arrivals = samples
    .map((s) => s.arrivalMs)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const seqs = samples.map((s) => s.seq);
  const firstSeq = Math.min(...seqs);
  const lastSeq = Math.max(...seqs);
  const framesSent = lastSeq - firstSeq + 1;
  const result = {
    seconds,
    framesPainted: samples.length,
    framesSent,
    // Frames that arrived but were superseded before a paint (React batches) or never arrived.
    framesNotPainted: framesSent - new Set(seqs).size,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    // The share of it before the page handles the message: server engine, WebSocket, browser networking.
    arrivalP50Ms: quantile(arrivals, 0.5),
    arrivalP95Ms: quantile(arrivals, 0.95),
    loadAverage1m: os.loadavg()[0] ?? Number.NaN,
    cpus: os.cpus().length,
    chromium: browser.version(),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const f = (v: number) => v.toFixed(1);
    process.stdout.write(
      `frame arrival → paint over ${seconds} s: ${result.framesPainted} frames painted of ${framesSent} sent ` +
        `(${result.framesNotPainted} not painted)\n` +
        `p50 ${f(result.p50Ms)} ms · p95 ${f(result.p95Ms)} ms · p99 ${f(result.p99Ms)} ms · max ${f(result.maxMs)} ms ` +
        `(Chromium ${result.chromium}, headless, loopback)\n` +
        `of which server → page handler: p50 ${f(result.arrivalP50Ms)} ms · p95 ${f(result.arrivalP95Ms)} ms; ` +
        `load average ${result.loadAverage1m.toFixed(1)} on ${result.cpus} CPUs\n`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
  removeDir(server.dataDir);
}
