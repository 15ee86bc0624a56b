// What `rgs serve` and `rgs start` do once their flags are parsed: start the server, announce it,
// run until SIGINT/SIGTERM (or `until` resolves, in tests), then shut down cleanly.
import { describeTarget, type StorageTarget, StoreError } from '@openrgs/store';
import type { IgtlOptions, IgtlRuntime } from './live/igtl-setup.js';
import { loadSimulatedSources } from './live/load-simulator.js';
import type { OgdStationOptions } from './live/probe-source.js';
import type { StationSource } from './live/station-source.js';
import { type RunningServer, startServer } from './server.js';

export interface Printer {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface ServeCliOptions {
  target: StorageTarget;
  host: string;
  port: number;
  simulate?: { scenario: string; stations: number; firstSeed: number } | undefined;
  /** A simulated spectroscopic probe (Open Gamma Detector through its driver) as station spectro-1. */
  spectrometer?: { nuclide: string; seed: number } | undefined;
  /** Real probes as stations: `PROTOCOL:PORT` each (ids probe-1, probe-2, …). */
  probes?: string[] | undefined;
  /** Energy calibration and windows of the `ogd:` probes. */
  ogd?: OgdStationOptions | undefined;
  json: boolean;
  /** OpenIGTLink: tracked pose in (--igtl-connect), map and pose out (--igtl-serve). */
  igtl?: IgtlOptions | undefined;
  /** Host names the server answers to besides loopback and IP literals (--allowed-hosts). */
  allowedHosts?: readonly string[] | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (--trusted-proxy). */
  trustedProxies?: readonly string[] | undefined;
  /** First-run setup code chosen by the operator (RGS_SETUP_TOKEN); else a random one. */
  setupToken?: string | undefined;
  /** When the port is taken, take any free one and say so (rgs start) instead of failing. */
  fallbackToFreePort?: boolean;
  /** Resolves when the server should stop (tests); default: SIGINT or SIGTERM. */
  until?: Promise<unknown>;
  /** Receives the running server as soon as it listens (tests). */
  onListening?: (server: RunningServer) => void;
}

/** A failure the user can act on; the CLI prints it and exits non-zero. */
export class ServeError extends Error {}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

function explain(error: unknown, options: ServeCliOptions, port: number): ServeError {
  if (error instanceof StoreError) return new ServeError(error.message);
  const e = error as { code?: string; message?: string; name?: string };
  if (e?.code === 'EADDRINUSE') {
    return new ServeError(
      `port ${port} on ${options.host} is in use (choose another with --port N, or --port 0 for any free port)`,
    );
  }
  if (e?.code === 'EADDRNOTAVAIL' || e?.code === 'ENOTFOUND') {
    return new ServeError(`--host '${options.host}' is not an address of this machine`);
  }
  if (e?.code === 'EACCES')
    return new ServeError(`not allowed to listen on port ${port} (ports below 1024 need privileges)`);
  if (e?.code === 'ECONNREFUSED' || e?.code === '28P01' || e?.code === '3D000') {
    return new ServeError(`cannot reach the database (${describeTarget(options.target)}): ${e.message}`);
  }
  if (e?.name === 'SimulationError') return new ServeError(`--simulate: ${e.message}`);
  return new ServeError(e?.message ?? String(error));
}

export async function serveUntilStopped(io: Printer, options: ServeCliOptions): Promise<number> {
  let sources: StationSource[] = [];
  try {
    if (options.simulate) {
      sources = await loadSimulatedSources(
        options.simulate.scenario,
        options.simulate.stations,
        options.simulate.firstSeed,
      );
      // Simulated stations can run tracked freehand scans: a map worker thread each, started with the
      // first four stations, else at the first scan.
      const { withFreehandMaps } = await import('./live/tracked-map.js');
      sources = withFreehandMaps(sources, (line) => io.stderr.write(`${line}\n`));
    }
    if (options.spectrometer) {
      if (options.simulate?.scenario.startsWith('spectrometer:'))
        throw new ServeError(
          '--spectrometer: --simulate already attaches spectrometer stations; use one of the two',
        );
      sources.push(
        ...(await loadSimulatedSources(
          `spectrometer:${options.spectrometer.nuclide}`,
          1,
          options.spectrometer.seed,
        )),
      );
    }
  } catch (error) {
    await Promise.all(sources.map((s) => s.stop()));
    if (error instanceof ServeError) throw error;
    throw explain(error, options, options.port);
  }
  if (options.probes !== undefined && options.probes.length > 0) {
    // Loaded only when asked for: the serial-port binding is native code.
    const { ProbeStationSource, parseProbeSpec } = await import('./live/probe-source.js');
    for (const [i, spec] of options.probes.entries()) {
      try {
        const parsed = parseProbeSpec(spec, `probe-${i + 1}`);
        sources.push(
          new ProbeStationSource(
            parsed.protocol === 'ogd' && options.ogd !== undefined ? { ...parsed, ogd: options.ogd } : parsed,
          ),
        );
      } catch (error) {
        await Promise.all(sources.map((s) => s.stop()));
        throw new ServeError(`--probe: ${(error as Error).message}`);
      }
    }
  }
  let igtl: IgtlRuntime | null = null;
  if (options.igtl && (options.igtl.connect !== undefined || options.igtl.serve !== undefined)) {
    const { setupIgtl } = await import('./live/igtl-setup.js');
    try {
      igtl = await setupIgtl(sources, options.igtl, (line) => io.stderr.write(`${line}\n`));
    } catch (error) {
      await Promise.all(sources.map((s) => s.stop()));
      throw new ServeError((error as Error).message);
    }
  }
  const common = {
    target: options.target,
    host: options.host,
    sources,
    ...(options.allowedHosts !== undefined ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.setupToken !== undefined ? { setupToken: options.setupToken } : {}),
    ...(options.trustedProxies !== undefined ? { trustedProxies: options.trustedProxies } : {}),
  };
  let server: RunningServer;
  let movedFrom: number | null = null;
  try {
    server = await startServer({ ...common, port: options.port });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE' && options.fallbackToFreePort) {
      movedFrom = options.port;
      try {
        server = await startServer({ ...common, port: 0 });
      } catch (again) {
        throw explain(again, options, 0);
      }
    } else {
      await Promise.all(sources.map((s) => s.stop()));
      throw explain(error, options, options.port);
    }
  }
  const setupToken = server.setupToken;
  const setupNeeded = setupToken !== null && (await server.store.users.count()) === 0;
  const stations = server.stations.list().map((s) => s.info());
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        url: server.url,
        host: server.host,
        port: server.port,
        storage: server.store.describe(),
        engine: server.store.engine,
        schemaVersion: server.store.schemaVersion,
        stations: stations.map((s) => ({ id: s.id, kind: s.kind, scenario: s.scenario })),
        setupNeeded,
        ...(setupNeeded ? { setupToken } : {}),
        ...(movedFrom !== null ? { portInUse: movedFrom } : {}),
      })}\n`,
    );
  } else {
    io.stdout.write(`listening on ${server.url}\n`);
    if (movedFrom !== null)
      io.stdout.write(`port ${movedFrom} was in use, so OpenRGS took ${server.port} instead\n`);
    io.stdout.write(`storage: ${server.store.describe()} (schema version ${server.store.schemaVersion})\n`);
    for (const s of stations) io.stdout.write(`station ${s.id}: ${s.name}\n`);
    if (setupNeeded) {
      // On the console only (stdout of this process), never in a log file or the audit log.
      io.stdout.write(
        `first-run setup: no users yet — open ${server.url}/ in a browser to create the administrator ` +
          `(or run: rgs user add --username NAME --role admin --password-stdin)\n` +
          `setup code: ${setupToken} (asked for by the setup page; valid until the administrator exists)\n`,
      );
    }
  }
  if (igtl) {
    const { readCaseMarkers } = await import('./live/lesion-markers.js');
    const running = server;
    igtl.watchCaseMarkers((id) => readCaseMarkers({ stations: running.stations, store: running.store }, id));
  }
  options.onListening?.(server);
  const signal = await (options.until ?? untilSignal());
  // The OpenIGTLink side first: its case-marker reads need the store the server closes.
  await igtl?.stop();
  await server.close();
  if (!options.json) io.stderr.write(`stopped${typeof signal === 'string' ? ` (${signal})` : ''}\n`);
  return 0;
}
