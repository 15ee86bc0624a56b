// `rgs probe read`: frames from a real probe as CSV on stdout (status and issues on stderr).
import { resolve } from 'node:path';
import { messagesOf } from '@openrgs/outcome';
import { photopeakWindows } from '@openrgs/physics';
import {
  type CodecIssue,
  FRAMES_CSV_HEADER,
  frameCsvLine,
  openProbe,
  PROTOCOLS,
  type ProbeFrame,
  type ProbeStatus,
  type ProtocolName,
} from '@openrgs/probe';
import {
  booleanFlag,
  CliError,
  type CliIo,
  type Command,
  JSON_OPTION,
  optionalNumber,
  requireString,
  stringFlag,
} from '../command.js';

export function requireProtocol(value: string): ProtocolName {
  if (!PROTOCOLS.includes(value as ProtocolName)) {
    throw new CliError(`--protocol: '${value}' is not one of ${PROTOCOLS.join(', ')}`, 2);
  }
  return value as ProtocolName;
}

export function statusLine(status: ProbeStatus): string {
  switch (status.kind) {
    case 'connecting':
      return `status connecting (attempt ${status.attempt})`;
    case 'connected':
      return `status connected ${status.transport}`;
    case 'silent':
      return `status SILENT: no frame for ${Math.round(status.silentForMs)} ms`;
    case 'receiving':
      return 'status receiving';
    case 'disconnected':
      return `status DISCONNECTED: ${status.reason}${status.retryInMs === null ? '' : ` (retry in ${Math.round(status.retryInMs)} ms)`}`;
    case 'low-battery':
      return `status LOW BATTERY${status.batteryVolts !== undefined ? ` ${status.batteryVolts} V` : ''}${status.batteryPercent !== undefined ? ` ${status.batteryPercent} %` : ''}`;
    case 'error':
      return `status ERROR: ${status.reason}`;
    case 'stopped':
      return 'status stopped';
  }
}

export function issueLine(issue: CodecIssue): string {
  return `issue ${issue.code} at ${(issue.hostMs / 1000).toFixed(3)} s: ${issue.message}`;
}

export const command: Command = {
  name: 'probe read',
  summary: 'read count frames from a probe (serial port or tcp://) as CSV',
  usage:
    '--port PATH|tcp://HOST:PORT --protocol openrgs|gmc|radpro|ogd [--record FILE] [--baud N] [--word-bytes 2|4] [--connect-attempts N] [ogd: --kev-per-channel K --offset-kev K --nuclide N --window-percent P] [--seconds S] [--max-frames N] [--json]',
  details: [
    `Prints ${FRAMES_CSV_HEADER} (the CSV rgs detect reads): seconds since the read started on the`,
    "host's monotonic clock, device time aligned to it; whole counts. Status changes (connected, SILENT,",
    'DISCONNECTED, LOW BATTERY, ERROR) and skipped bytes (issues) go to stderr. Runs until --seconds,',
    '--max-frames or Ctrl-C; reconnects by itself if the probe goes away. GMC: the baud rate is detected',
    'unless --baud is given; the heartbeat word width is learnt from the <GETCPM>> reply unless',
    '--word-bytes is given. The first connection is tried --connect-attempts times (default 4) with',
    'back-off before giving up. --record writes every byte in and out to a new file for rgs probe replay.',
  ].join('\n'),
  options: {
    port: { type: 'string', description: 'serial device (/dev/ttyUSB0, COM3) or tcp://host:port' },
    protocol: { type: 'string', description: `protocol: ${PROTOCOLS.join(' | ')}` },
    record: { type: 'string', description: 'record the raw byte stream to this new file (JSON lines)' },
    baud: {
      type: 'string',
      description: 'serial line rate, bits per second (default 115200; GMC: detected)',
    },
    'word-bytes': {
      type: 'string',
      description: 'GMC only: force the heartbeat word width, 2 (GQ-RFC1201) or 4 (GQ-RFC1801) bytes',
    },
    'kev-per-channel': { type: 'string', description: 'ogd: energy calibration gain, keV per ADC channel' },
    'offset-kev': { type: 'string', description: 'ogd: energy calibration offset, keV at channel 0' },
    nuclide: {
      type: 'string',
      description: 'ogd: nuclide whose photopeaks are windowed (Tc-99m, In-111, Ga-68, …)',
    },
    'window-percent': {
      type: 'string',
      description: 'ogd: full window width, % of the photopeak energy (e.g. 20)',
    },
    'connect-attempts': {
      type: 'string',
      description: 'tries of the first connection, with back-off, before giving up (default 4)',
    },
    seconds: { type: 'string', description: 'stop after this many seconds of wall time (> 0)' },
    'max-frames': { type: 'string', description: 'stop after this many frames (whole number > 0)' },
    json: JSON_OPTION,
  },
  async run(io, args) {
    const protocol = requireProtocol(requireString(args, 'protocol'));
    const port = requireString(args, 'port');
    const baudRate = optionalNumber(args, 'baud', { min: 1, integer: true });
    if (baudRate !== undefined && port.startsWith('tcp://'))
      throw new CliError('--baud: a tcp:// port has no baud rate', 2);
    const seconds = optionalNumber(args, 'seconds', { min: 0, exclusiveMin: true });
    const maxFrames = optionalNumber(args, 'max-frames', { min: 1, integer: true });
    const recordPath = stringFlag(args, 'record');
    const json = booleanFlag(args, 'json');
    const wordBytes = optionalNumber(args, 'word-bytes', { min: 2, integer: true });
    if (wordBytes !== undefined && wordBytes !== 2 && wordBytes !== 4)
      throw new CliError(`--word-bytes: ${wordBytes} is not 2 or 4`, 2);
    if (wordBytes !== undefined && protocol !== 'gmc')
      throw new CliError('--word-bytes: only the gmc protocol has binary words', 2);
    const connectAttempts = optionalNumber(args, 'connect-attempts', { min: 1, integer: true }) ?? 4;
    const spectroscopy = protocol === 'ogd' ? ogdOptions(args) : undefined;
    return read(io, {
      protocol,
      port,
      baudRate,
      seconds,
      maxFrames,
      recordPath,
      json,
      connectAttempts,
      ...(spectroscopy !== undefined ? { spectroscopy } : {}),
      ...(wordBytes !== undefined ? { countBits: wordBytes === 4 ? (32 as const) : (14 as const) } : {}),
    });
  },
};

interface ReadOptions {
  protocol: ProtocolName;
  port: string;
  baudRate: number | undefined;
  seconds: number | undefined;
  maxFrames: number | undefined;
  recordPath: string | undefined;
  json: boolean;
  connectAttempts: number;
  countBits?: 14 | 32;
  spectroscopy?: { ogdKeVPerChannel: number; ogdOffsetKeV: number; ogdWindowsKeV: string };
}

/** The Open Gamma Detector's calibration and windows (windows from the physics package's line data). */
function ogdOptions(args: Parameters<Command['run']>[1]): {
  ogdKeVPerChannel: number;
  ogdOffsetKeV: number;
  ogdWindowsKeV: string;
} {
  const gain = optionalNumber(args, 'kev-per-channel', { min: 0, exclusiveMin: true });
  const offset = optionalNumber(args, 'offset-kev', {});
  const nuclide = stringFlag(args, 'nuclide');
  const widthPercent = optionalNumber(args, 'window-percent', { min: 0, exclusiveMin: true });
  if (gain === undefined || offset === undefined)
    throw new CliError(
      '--kev-per-channel and --offset-kev: the Open Gamma Detector needs an energy calibration',
      2,
    );
  if (nuclide === undefined || widthPercent === undefined)
    throw new CliError('--nuclide and --window-percent: the energy windows to count in', 2);
  const windows = photopeakWindows(nuclide, { widthPercent });
  if (!windows.ok) throw new CliError(`--nuclide: ${messagesOf(windows.issues)}`, 2);
  return {
    ogdKeVPerChannel: gain,
    ogdOffsetKeV: offset,
    ogdWindowsKeV: windows.value.map((w) => `${w.lowKeV.toFixed(3)}-${w.highKeV.toFixed(3)}`).join(','),
  };
}

async function read(io: CliIo, o: ReadOptions): Promise<number> {
  let driver: ReturnType<typeof openProbe>;
  try {
    driver = openProbe({
      protocol: o.protocol,
      port: o.port,
      ...(o.baudRate !== undefined ? { baudRate: o.baudRate } : {}),
      ...(o.recordPath !== undefined ? { recordFile: resolve(io.cwd, o.recordPath) } : {}),
      ...(o.countBits !== undefined ? { codecOptions: { countBits: o.countBits } } : {}),
      ...(o.spectroscopy !== undefined ? { codecOptions: o.spectroscopy } : {}),
      onBaudDetected: (baud) => io.stderr.write(`GMC answered at ${baud} baud\n`),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = o.recordPath !== undefined && /EEXIST|ENOENT|EACCES/.test(message) ? '--record' : '--port';
    throw new CliError(`${flag}: ${message}`);
  }
  const frames: ProbeFrame[] = [];
  const issues: CodecIssue[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  // Nothing on stdout and no status noise until the first connection works (a failed open is one error).
  let connected = false;
  let headerWritten = false;
  const header = () => {
    if (!o.json && !headerWritten) io.stdout.write(`${FRAMES_CSV_HEADER}\n`);
    headerWritten = true;
  };
  driver.subscribe((event) => {
    if (event.type === 'status' && event.status.kind === 'connected') connected = true;
    if (!connected) return;
    if (event.type === 'frame') {
      frames.push(event.frame);
      header();
      if (!o.json) io.stdout.write(`${frameCsvLine(event.frame)}\n`);
      if (o.maxFrames !== undefined && frames.length >= o.maxFrames) finish();
    } else if (event.type === 'issue') {
      issues.push(event.issue);
      io.stderr.write(`${issueLine(event.issue)}\n`);
    } else if (event.type === 'status') io.stderr.write(`${statusLine(event.status)}\n`);
    else if (event.type === 'identity') {
      const i = event.identity;
      io.stderr.write(
        `device ${i.model}${i.firmware ? ` ${i.firmware}` : ''}${i.deviceId ? ` id ${i.deviceId}` : ''}\n`,
      );
    }
  });
  // The first connection is retried with the driver's back-off (a counter just plugged in, a bridge
  // still booting); after connectAttempts failures the last reason is the error.
  let failures = 0;
  let lastFailure = '';
  let settleFirst: (ok: boolean) => void = () => undefined;
  const firstOutcome = new Promise<boolean>((r) => {
    settleFirst = r;
  });
  const offFirst = driver.subscribe((event) => {
    if (event.type !== 'status') return;
    if (event.status.kind === 'connected') settleFirst(true);
    else if (event.status.kind === 'disconnected' && !connected) {
      failures++;
      lastFailure = event.status.reason;
      if (failures >= o.connectAttempts) settleFirst(false);
      else io.stderr.write(`${statusLine(event.status)}\n`);
    }
  });
  const first = await driver.connect();
  const ok = first.ok || (await firstOutcome);
  offFirst();
  if (!ok) {
    await driver.disconnect();
    throw new CliError(`--port: ${lastFailure}`);
  }
  header();
  const timer = o.seconds === undefined ? undefined : setTimeout(finish, o.seconds * 1000);
  const onSignal = () => finish();
  process.once('SIGINT', onSignal);
  await finished;
  if (timer !== undefined) clearTimeout(timer);
  process.removeListener('SIGINT', onSignal);
  await driver.disconnect();
  const stats = driver.stats();
  if (o.json) {
    io.stdout.write(
      `${JSON.stringify({ protocol: o.protocol, identity: driver.identity() ?? null, frames: frames.map(csvFields), issues, stats }, null, 2)}\n`,
    );
  }
  io.stderr.write(`${stats.frames} frames, ${summarise(stats.issues)}\n`);
  return 0;
}

export function csvFields(f: ProbeFrame): { startSeconds: number; durationSeconds: number; counts: number } {
  return { startSeconds: f.startSeconds, durationSeconds: f.durationSeconds, counts: f.counts };
}

export function summarise(issues: Record<string, number>): string {
  const entries = Object.entries(issues);
  if (entries.length === 0) return 'no issues';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `${total} issues (${entries.map(([code, n]) => `${code} ${n}`).join(', ')})`;
}
