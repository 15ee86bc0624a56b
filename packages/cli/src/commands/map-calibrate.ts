// `rgs map calibrate`: pivot calibration of the tracked probe from recorded tool poses.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvRows, numberField, readCsvRecords } from '@openrgs/csv';
import { firstIssue, messagesOf } from '@openrgs/outcome';
import { pivotCalibration, type RigidTransform } from '@openrgs/probe';
import { z } from 'zod';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';
import { parseVector } from './simulate.js';

export const POSES_HEADER = 'r11,r12,r13,r21,r22,r23,r31,r32,r33,txMm,tyMm,tzMm';

const POSE_COLUMNS = POSES_HEADER.split(',');
const POSE_ROW = z.object(Object.fromEntries(POSE_COLUMNS.map((name) => [name, numberField()])));

/** Reads the poses CSV with the one CSV reader (@openrgs/csv); errors name the line (and column). */
export function parsePosesCsv(text: string): RigidTransform[] {
  const read = readCsvRecords(text);
  if (!read.ok)
    throw new CliError(`--poses: line ${firstIssue(read.issues).line}: ${firstIssue(read.issues).message}`);
  const [header, ...body] = read.value;
  const headerText = header?.fields.join(',') ?? '';
  if (header === undefined || header.line !== 1 || headerText !== POSES_HEADER)
    throw new CliError(`--poses: line 1 must be the header '${POSES_HEADER}', got '${headerText}'`);
  const checked = csvRows(body, POSE_COLUMNS, POSE_ROW);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw new CliError(`--poses: line ${first?.line}: ${first?.message}`);
  }
  const out: RigidTransform[] = [];
  for (const row of checked.value) {
    const v = POSE_COLUMNS.map((name) => row[name] as number);
    const r = v.slice(0, 9) as RigidTransform['rotation'];
    // A rotation: orthonormal rows within 1e-3 (a tracker's float32 matrix).
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const d =
          (r[a * 3] as number) * (r[b * 3] as number) +
          (r[a * 3 + 1] as number) * (r[b * 3 + 1] as number) +
          (r[a * 3 + 2] as number) * (r[b * 3 + 2] as number);
        if (Math.abs(d - (a === b ? 1 : 0)) > 1e-3)
          throw new CliError(`--poses: line ${row.line}: the 3×3 part is not a rotation`);
      }
    out.push({ rotation: r, translationMm: [v[9] as number, v[10] as number, v[11] as number] });
  }
  return out;
}

export const command: Command = {
  name: 'map calibrate',
  summary: 'pivot calibration of the tracked probe: tip offset in the tool frame and RMS error',
  usage: '--poses POSES.csv --axis dx,dy,dz [--out CALIBRATION.json] [--json]',
  details: [
    `Poses CSV (${POSES_HEADER}): the tool's transform to the tracker reference (rotation row-major, translation`,
    'mm), recorded while the probe tip rests in a divot and the probe is rotated about it. Solves R·tip + t = pivot',
    'in least squares and reports the RMS residual. --axis is the direction the probe looks in the tool frame',
    '(from the tool definition). --out writes {tipMm, axis, rmsErrorMm} for rgs serve --igtl-calibration.',
  ].join('\n'),
  options: {
    poses: { type: 'string', description: `recorded tool poses CSV (${POSES_HEADER})` },
    axis: { type: 'string', description: 'viewing direction of the probe in the tool frame, dx,dy,dz' },
    out: { type: 'string', description: 'calibration JSON to write' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const file = requireString(args, 'poses');
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new CliError(`--poses: cannot read '${file}' (${reason})`);
    }
    const axis = parseVector(requireString(args, 'axis'), 'axis');
    if (Math.hypot(...axis) === 0) throw new CliError('--axis: must not be the zero vector', 2);
    const result = pivotCalibration(parsePosesCsv(text));
    if (!result.ok) throw new CliError(`--poses: ${messagesOf(result.issues)}`);
    const calibration = {
      tipMm: result.value.tipMm,
      axis,
      rmsErrorMm: result.value.rmsErrorMm,
      poses: result.value.poses,
    };
    const out = stringFlag(args, 'out');
    if (out !== undefined) writeFileSync(resolve(io.cwd, out), `${JSON.stringify(calibration, null, 2)}\n`);
    writeResult(io, booleanFlag(args, 'json'), { ...calibration, pivotMm: result.value.pivotMm }, () =>
      [
        `tip in the tool frame: [${result.value.tipMm.map((v) => v.toFixed(2)).join(', ')}] mm; pivot [${result.value.pivotMm.map((v) => v.toFixed(2)).join(', ')}] mm`,
        `RMS error ${result.value.rmsErrorMm.toFixed(3)} mm over ${result.value.poses} poses${out ? `; written to ${out}` : ''}`,
      ].join('\n'),
    );
    return 0;
  },
};
