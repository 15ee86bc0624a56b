// `rgs map export`: the reconstructed map as a file for offline use (3D Slicer reads NRRD).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encodeNrrd } from '@openrgs/map';
import { booleanFlag, CliError, type Command, JSON_OPTION, requireString, writeResult } from '../command.js';
import { MAP_INPUT_OPTIONS, mapSummary, runReconstruction } from '../map-input.js';

export const command: Command = {
  name: 'map export',
  summary: 'reconstruct and write the 3D map as NRRD (activity per voxel, MBq; LPS, mm) for 3D Slicer',
  usage:
    '--format nrrd --out MAP.nrrd --frames FRAMES.csv --path PATH.csv --probe PRESET --nuclide N [map options] [--json]',
  options: {
    format: { type: 'string', description: 'file format: nrrd' },
    out: { type: 'string', description: 'file to write' },
    ...MAP_INPUT_OPTIONS,
    json: JSON_OPTION,
  },
  run(io, args) {
    const format = requireString(args, 'format');
    if (format !== 'nrrd') throw new CliError(`--format: '${format}' is not supported (formats: nrrd)`, 2);
    const out = requireString(args, 'out');
    const run = runReconstruction(io, args);
    const bytes = encodeNrrd(
      run.result.grid,
      run.result.activityMBq,
      `OpenRGS freehand map, activity per voxel in MBq, ${run.result.framesUsed} frames`,
    );
    try {
      writeFileSync(resolve(io.cwd, out), bytes);
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
      throw new CliError(`--out: cannot write '${out}' (${reason})`);
    }
    const data = { ...mapSummary(run), out, format, bytes: bytes.length };
    writeResult(
      io,
      booleanFlag(args, 'json'),
      data,
      () => `${out}: NRRD ${run.result.grid.dims.join(' × ')} float, ${bytes.length} bytes`,
    );
    return 0;
  },
};
