// `rgs serve`: the HTTP API, WebSocket live sessions and the console, on SQLite or PostgreSQL.
import { isIP } from 'node:net';
import { STORAGE_OPTIONS, StoreError, storageFromFlags } from '@openrgs/store';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  parseNumber,
  stringFlag,
} from '../command.js';

/** `a.example, b.example:8443, *` → entries; each a host name or host:port. */
export function parseAllowedHosts(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new CliError('--allowed-hosts: give at least one host name (or *)', 2);
  for (const entry of entries) {
    if (entry === '*') continue;
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(entry)) {
      throw new CliError(
        `--allowed-hosts: '${entry}' is not a host name or host:port (no scheme, no path: e.g. rgs.hospital.example)`,
        2,
      );
    }
  }
  return entries;
}

/** `10.0.0.5, 10.1.0.0/16, ::1` → entries; each an IP address or CIDR range. */
export function parseTrustedProxies(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new CliError('--trusted-proxy: give at least one address', 2);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? 0 : Number(prefix);
    const ok =
      family !== 0 &&
      extra === undefined &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)));
    if (!ok) {
      throw new CliError(
        `--trusted-proxy: '${entry}' is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)`,
        2,
      );
    }
  }
  return entries;
}

export const command: Command = {
  name: 'serve',
  summary: 'run the OpenRGS server (API, live WebSocket, console) until Ctrl-C',
  usage:
    '[--port N] [--host H] [--allowed-hosts NAMES] [--trusted-proxy ADDRS] [--data-dir D | --database-url URL] [--simulate SCENARIO] [--spectrometer NUCLIDE] [--probe PROTOCOL:PORT [ogd: --kev-per-channel K --offset-kev K --nuclide N --window-percent P]] [--igtl-connect HOST:PORT [--igtl-transform NAME]] [--igtl-serve PORT]',
  details:
    'Prints `listening on http://HOST:PORT` once ready (with --port 0, the port actually taken).\n' +
    'Binds 127.0.0.1 unless --host says otherwise. Migrates the database at start; refuses a database\n' +
    'newer than this version. DATABASE_URL in the environment selects PostgreSQL when no flag does.\n' +
    'Requests naming another host (a DNS name not in --allowed-hosts) answer 421. With no users yet it\n' +
    'prints a one-time `setup code:` that the first-run setup asks for (RGS_SETUP_TOKEN sets it instead).',
  options: {
    port: { type: 'string', description: 'TCP port, 0–65535 (default 8080; 0 = any free port)' },
    host: { type: 'string', description: 'interface address to bind (default 127.0.0.1; 0.0.0.0 = all)' },
    ...STORAGE_OPTIONS,
    simulate: {
      type: 'string',
      description:
        'attach simulated station(s) running this virtual-patient scenario (rgs simulate --list); poisson:RATE for constant-rate frames; spectrometer:NUCLIDE for simulated spectroscopic probes (spectro-1, …)',
    },
    spectrometer: {
      type: 'string',
      description:
        'attach a simulated spectroscopic probe, station spectro-1: an Open Gamma Detector (NaI, 8 % at 662 keV) read through its driver, windows for this nuclide (Tc-99m, In-111, Ga-68, …); --simulate spectrometer:NUCLIDE does the same on its own',
    },
    'simulated-stations': {
      type: 'string',
      description: 'number of simulated stations with --simulate, 1–100 (default 1), ids sim-1, sim-2, …',
    },
    seed: {
      type: 'string',
      description: 'random seed of the first simulated station, whole number (default 1)',
    },
    probe: {
      type: 'string',
      multiple: true,
      description:
        'attach a real probe as a station: PROTOCOL:PORT (gmc|radpro|openrgs|ogd : /dev/ttyUSB0 | tcp://host:port); repeatable; ogd needs --kev-per-channel --offset-kev --nuclide --window-percent',
    },
    'kev-per-channel': {
      type: 'string',
      description: 'ogd probe: energy calibration gain, keV per ADC channel (from two known peaks)',
    },
    'offset-kev': { type: 'string', description: 'ogd probe: energy calibration offset, keV at channel 0' },
    nuclide: {
      type: 'string',
      description: 'ogd probe: nuclide whose photopeaks are windowed (Tc-99m, In-111, Ga-68, …)',
    },
    'window-percent': {
      type: 'string',
      description: 'ogd probe: full window width, % of each photopeak energy (e.g. 20)',
    },
    'igtl-connect': {
      type: 'string',
      description:
        "tracker's OpenIGTLink server HOST[:PORT] (PlusServer: port 18944): the probe pose of the first station, mapped from the start (a scan until stopped)",
    },
    'igtl-transform': {
      type: 'string',
      description: 'device name of the probe transform (default ProbeToReference, the PlusServer convention)',
    },
    'igtl-serve': {
      type: 'string',
      description:
        'serve the freehand map of each scan (IMAGE OpenRGSMap) and the probe pose (TRANSFORM ProbeToPatient) over OpenIGTLink on this port (3D Slicer)',
    },
    'igtl-calibration': {
      type: 'string',
      description: 'probe calibration JSON from rgs map calibrate --out',
    },
    'map-probe': {
      type: 'string',
      description: 'probe preset of a real probe station for the map (rgs probe list)',
    },
    'map-nuclide': { type: 'string', description: 'nuclide of a real probe station for the map' },
    'trusted-proxy': {
      type: 'string',
      description:
        'reverse proxies whose X-Forwarded-For gives the client address (login throttling), comma-separated addresses or CIDR ranges (default: RGS_TRUSTED_PROXY; none)',
    },
    'allowed-hosts': {
      type: 'string',
      description:
        'host names (or host:port) the server answers to, comma-separated, besides loopback and IP addresses; * = any (default: RGS_ALLOWED_HOSTS)',
    },
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const port = optionalNumber(args, 'port', { min: 0, max: 65535, integer: true }) ?? 8080;
    const host = stringFlag(args, 'host') ?? '127.0.0.1';
    if (host === '') throw new CliError('--host must not be empty', 2);
    const scenario = stringFlag(args, 'simulate');
    const countText = stringFlag(args, 'simulated-stations');
    const seedText = stringFlag(args, 'seed');
    const spectrometerNuclide = stringFlag(args, 'spectrometer');
    if (spectrometerNuclide === '') throw new CliError('--spectrometer needs a nuclide (e.g. Tc-99m)', 2);
    if (scenario === undefined && (countText !== undefined || seedText !== undefined)) {
      throw new CliError('--simulated-stations and --seed need --simulate SCENARIO', 2);
    }
    const stations =
      countText === undefined
        ? 1
        : parseNumber(countText, '--simulated-stations', { min: 1, max: 100, integer: true });
    const firstSeed =
      seedText === undefined
        ? 1
        : parseNumber(seedText, '--seed', { min: 0, max: 2 ** 53 - 1, integer: true });
    let target: ReturnType<typeof storageFromFlags>;
    try {
      target = storageFromFlags(args.values, io.env, io.cwd);
    } catch (error) {
      if (error instanceof StoreError) throw new CliError(error.message, 2);
      throw error;
    }
    const allowedText = stringFlag(args, 'allowed-hosts') ?? io.env.RGS_ALLOWED_HOSTS;
    const allowedHosts = allowedText === undefined ? undefined : parseAllowedHosts(allowedText);
    const proxyText = stringFlag(args, 'trusted-proxy') ?? io.env.RGS_TRUSTED_PROXY;
    const trustedProxies = proxyText === undefined ? undefined : parseTrustedProxies(proxyText);
    const setupToken = io.env.RGS_SETUP_TOKEN;
    if (setupToken !== undefined) {
      const { checkChosenSetupToken } = await import('@openrgs/server');
      const problem = checkChosenSetupToken(setupToken);
      if (problem !== null) throw new CliError(`RGS_SETUP_TOKEN ${problem}`, 2);
    }
    const probes = Array.isArray(args.values.probe) ? args.values.probe.map(String) : undefined;
    const ogd = ogdStationOptions(args, probes ?? []);
    // The server (and everything it imports) loads only when a command actually serves.
    const { ServeError, serveUntilStopped } = await import('@openrgs/server');
    try {
      return await serveUntilStopped(io, {
        target,
        host,
        port,
        simulate: scenario === undefined ? undefined : { scenario, stations, firstSeed },
        spectrometer:
          spectrometerNuclide === undefined ? undefined : { nuclide: spectrometerNuclide, seed: firstSeed },
        probes,
        ogd,
        json: booleanFlag(args, 'json'),
        allowedHosts,
        trustedProxies,
        setupToken,
        igtl: {
          connect: stringFlag(args, 'igtl-connect'),
          transform: stringFlag(args, 'igtl-transform') ?? 'ProbeToReference',
          serve: optionalNumber(args, 'igtl-serve', { min: 0, max: 65535, integer: true }),
          calibrationFile: stringFlag(args, 'igtl-calibration'),
          mapProbe: stringFlag(args, 'map-probe'),
          mapNuclide: stringFlag(args, 'map-nuclide'),
        },
      });
    } catch (error) {
      if (error instanceof ServeError) throw new CliError(error.message);
      throw error;
    }
  },
};

/** The calibration and windows of `--probe ogd:PORT`: all four flags, and only with an ogd probe. */
function ogdStationOptions(
  args: Parameters<Command['run']>[1],
  probes: readonly string[],
): { keVPerChannel: number; offsetKeV: number; nuclide: string; windowPercent: number } | undefined {
  const keVPerChannel = optionalNumber(args, 'kev-per-channel', { min: 0, exclusiveMin: true });
  const offsetKeV = optionalNumber(args, 'offset-kev', {});
  const nuclide = stringFlag(args, 'nuclide');
  const windowPercent = optionalNumber(args, 'window-percent', { min: 0, exclusiveMin: true, max: 100 });
  const given = [keVPerChannel, offsetKeV, nuclide, windowPercent].some((v) => v !== undefined);
  const hasOgd = probes.some((p) => p.startsWith('ogd:'));
  if (!hasOgd) {
    if (given)
      throw new CliError(
        '--kev-per-channel, --offset-kev, --nuclide, --window-percent apply to --probe ogd:PORT',
        2,
      );
    return undefined;
  }
  if (keVPerChannel === undefined || offsetKeV === undefined)
    throw new CliError(
      '--probe ogd:… needs --kev-per-channel and --offset-kev: the Open Gamma Detector needs an energy calibration',
      2,
    );
  if (nuclide === undefined || windowPercent === undefined)
    throw new CliError(
      '--probe ogd:… needs --nuclide and --window-percent: the energy windows to count in',
      2,
    );
  return { keVPerChannel, offsetKeV, nuclide, windowPercent };
}
