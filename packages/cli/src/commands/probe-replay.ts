// `rgs probe replay`: decode a recorded byte stream exactly as the live driver did.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { messagesOf } from '@openrgs/outcome';
import {
  FRAMES_CSV_HEADER,
  frameCsvLine,
  type ProbeFrame,
  parseRecording,
  replayRecording,
} from '@openrgs/probe';
import { booleanFlag, CliError, type Command, JSON_OPTION, requireString } from '../command.js';
import { csvFields, issueLine, requireProtocol, statusLine, summarise } from './probe-read.js';

export const command: Command = {
  name: 'probe replay',
  summary: 'replay a recorded probe byte stream (rgs probe read --record) into frames CSV',
  usage: '--protocol openrgs|gmc|radpro --input FILE [--json]',
  details: [
    `Prints ${FRAMES_CSV_HEADER} on stdout (seconds since the recording started; whole counts) and every`,
    'issue and status change on stderr. Exit 0 when the file was readable, even if some frames were',
    'rejected; exit 1 (with the line that is wrong) when it is not a readable recording.',
  ].join('\n'),
  options: {
    protocol: { type: 'string', description: 'protocol the recording was made with: openrgs | gmc | radpro' },
    input: { type: 'string', description: 'recording file (JSON lines, see packages/probe/README.md)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const protocol = requireProtocol(requireString(args, 'protocol'));
    const input = requireString(args, 'input');
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, input), 'utf8');
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new CliError(`--input: cannot read '${input}' (${reason})`);
    }
    const parsed = parseRecording(text);
    if (!parsed.ok) throw new CliError(`--input: ${input}: ${messagesOf(parsed.issues)}`);
    const recorded = parsed.value.header.protocol;
    if (recorded !== protocol)
      throw new CliError(`--protocol: ${input} was recorded with ${recorded}, not ${protocol}`, 2);
    const events = replayRecording(parsed.value);
    const frames: ProbeFrame[] = [];
    const issues: Record<string, number> = {};
    const json = booleanFlag(args, 'json');
    if (!json) io.stdout.write(`${FRAMES_CSV_HEADER}\n`);
    for (const e of events) {
      if (e.type === 'frame') {
        frames.push(e.frame);
        if (!json) io.stdout.write(`${frameCsvLine(e.frame)}\n`);
      } else if (e.type === 'issue') {
        issues[e.issue.code] = (issues[e.issue.code] ?? 0) + 1;
        io.stderr.write(`${issueLine(e.issue)}\n`);
      } else if (e.type === 'status') io.stderr.write(`${statusLine(e.status)}\n`);
    }
    if (json) {
      const identity = events.find((e) => e.type === 'identity');
      io.stdout.write(
        `${JSON.stringify(
          {
            protocol,
            startedAt: parsed.value.header.startedAt,
            identity: identity?.type === 'identity' ? identity.identity : null,
            frames: frames.map(csvFields),
            issues: events.flatMap((e) => (e.type === 'issue' ? [e.issue] : [])),
            issueCounts: issues,
          },
          null,
          2,
        )}\n`,
      );
    }
    io.stderr.write(`${frames.length} frames, ${summarise(issues)}\n`);
    return 0;
  },
};
