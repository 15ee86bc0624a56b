// The shape every `rgs` command has, and the helpers that parse its flags at the boundary.
// A command lives in src/commands/<words-joined-by-dashes>.ts and exports `command`.
// `rgs probe list` → commands/probe-list.ts; `rgs nuclide` → commands/nuclide.ts.
import { parseArgs } from 'node:util';

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the flag means, with its unit (shown by --help). */
  description: string;
  multiple?: boolean;
  short?: string;
}

export interface Command {
  /** Words after `rgs`, e.g. `probe list`. */
  name: string;
  /** One line for `rgs --help`. */
  summary: string;
  /** Usage line after `rgs <name>`, e.g. `--nuclide N --activity-mbq A`. */
  usage: string;
  /** Longer help text (optional). */
  details?: string;
  options: Record<string, OptionSpec>;
  /** Whether positional arguments are accepted (e.g. `rgs nuclide Tc-99m`). */
  positionals?: boolean;
  run(io: CliIo, args: ParsedArgs): Promise<number> | number;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** An error the user can act on: printed as `rgs <cmd>: <message>`, exit code 2 for usage, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  // `--activity-mbq -3`: node's parseArgs refuses a value that starts with '-' ("ambiguous"), so the
  // user would never hear that -3 is the problem. Glue a negative number to its string flag
  // (`--activity-mbq=-3`) and let the command's own bounds check name the value.
  const glued: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const flag = arg.startsWith('--') && !arg.includes('=') ? command.options[arg.slice(2)] : undefined;
    if (flag?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      glued.push(`${arg}=${next}`);
      i++;
    } else {
      glued.push(arg);
    }
  }
  try {
    const parsed = parseArgs({
      args: glued,
      options,
      strict: true,
      allowPositionals: command.positionals === true,
    });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CliError(`--${name} takes a value`, 2);
  return value;
}

export function requireString(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value === '') throw new CliError(`--${name} is required`, 2);
  return value;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export interface NumberBounds {
  /** Smallest allowed value (inclusive unless `exclusiveMin`). */
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** Parses a number strictly: `12`, `1.5e3`; never `12abc`, `''`, `NaN`, `Infinity`. */
export function parseNumber(text: string, label: string, bounds: NumberBounds = {}): number {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new CliError(`${label}: '${text}' is not a number`);
  }
  const value = Number(trimmed);
  if (bounds.integer === true && !Number.isInteger(value))
    throw new CliError(`${label}: '${text}' must be a whole number`);
  if (bounds.min !== undefined) {
    if (bounds.exclusiveMin === true ? value <= bounds.min : value < bounds.min) {
      throw new CliError(
        `${label}: '${text}' must be ${bounds.exclusiveMin === true ? 'greater than' : 'at least'} ${bounds.min}`,
      );
    }
  }
  if (bounds.max !== undefined && value > bounds.max)
    throw new CliError(`${label}: '${text}' must be at most ${bounds.max}`);
  return value;
}

export function requireNumber(args: ParsedArgs, name: string, bounds: NumberBounds = {}): number {
  return parseNumber(requireString(args, name), `--${name}`, bounds);
}

export function optionalNumber(
  args: ParsedArgs,
  name: string,
  bounds: NumberBounds = {},
): number | undefined {
  const text = stringFlag(args, name);
  return text === undefined ? undefined : parseNumber(text, `--${name}`, bounds);
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`); returns epoch milliseconds. */
export function parseIsoInstant(text: string, label: string): number {
  if (!ISO_WITH_ZONE.test(text)) {
    throw new CliError(
      `${label}: '${text}' is not an ISO-8601 time with a zone (e.g. 2026-11-26T08:30:00+01:00)`,
    );
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`${label}: '${text}' is not a valid date`);
  return ms;
}

export function requireIso(args: ParsedArgs, name: string): number {
  return parseIsoInstant(requireString(args, name), `--${name}`);
}

/** Writes one JSON document (with --json) or the human text. */
export function writeResult(io: CliIo, json: boolean, data: unknown, text: () => string): void {
  if (json) io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else io.stdout.write(`${text()}\n`);
}

export const JSON_OPTION: OptionSpec = {
  type: 'boolean',
  description: 'print one JSON document instead of text',
};
