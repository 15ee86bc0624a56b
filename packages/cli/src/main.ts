// Entry of the `rgs` command: finds the command module by its words and runs it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError, type CliIo, type Command, parseCommandArgs } from './command.js';

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));
/** `.ts` when run from the sources (tsx), `.js` when run from the build (packages/cli/scripts/build.mjs). */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

function commandFiles(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith(EXT) && !f.endsWith(`.test${EXT}`))
    .map((f) => f.slice(0, -EXT.length))
    .sort();
}

async function load(file: string): Promise<Command> {
  const mod = (await import(`./commands/${file}${EXT}`)) as { command?: Command };
  if (!mod.command) throw new Error(`commands/${file}${EXT} exports no command`);
  return mod.command;
}

export function helpText(command: Command): string {
  const lines = [`usage: rgs ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.details) lines.push('', command.details);
  const names = Object.keys(command.options);
  if (names.length > 0) {
    lines.push('', 'options:');
    const width = Math.max(...names.map((n) => n.length + (command.options[n]?.type === 'string' ? 8 : 0)));
    for (const name of names) {
      const spec = command.options[name];
      if (!spec) continue;
      const flag = `--${name}${spec.type === 'string' ? ' <value>' : ''}`;
      lines.push(`  ${flag.padEnd(width + 4)} ${spec.description}`);
    }
  }
  lines.push(`  ${'--help'.padEnd(Math.max(...names.map((n) => n.length + 8), 6) + 4)} show this help`);
  return lines.join('\n');
}

async function overview(io: CliIo): Promise<void> {
  const commands = await Promise.all(commandFiles().map(load));
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    'rgs — OpenRGS, software for radioguided surgery',
    '',
    'usage: rgs <command> [flags]      (rgs <command> --help for its flags and units)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** Runs `rgs` with the given arguments; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    await overview(io);
    return first === undefined ? 0 : 0;
  }
  const files = new Set(commandFiles());
  const two = argv[1] !== undefined && !argv[1].startsWith('-') ? `${first}-${argv[1]}` : undefined;
  let file: string | undefined;
  let rest: string[];
  if (two !== undefined && files.has(two)) {
    file = two;
    rest = argv.slice(2);
  } else if (files.has(first)) {
    file = first;
    rest = argv.slice(1);
  } else {
    const group = [...files].filter((f) => f.startsWith(`${first}-`));
    if (group.length > 0) {
      const subs = group.map((f) => f.replaceAll('-', ' ')).join(', ');
      io.stderr.write(
        `rgs ${first}: unknown or missing subcommand${argv[1] ? ` '${argv[1]}'` : ''}; one of: ${subs}\n`,
      );
    } else {
      io.stderr.write(`rgs: unknown command '${first}' (rgs --help lists the commands)\n`);
    }
    return 2;
  }
  const command = await load(file);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${helpText(command)}\n`);
    return 0;
  }
  try {
    const args = parseCommandArgs(command, rest);
    return await command.run(io, args);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`rgs ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
