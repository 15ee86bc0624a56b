// `rgs map reconstruct`: the 3D map of the tracer from count frames and tracked probe poses.
import { booleanFlag, type Command, JSON_OPTION, writeResult } from '../command.js';
import { MAP_INPUT_OPTIONS, mapSummary, runReconstruction } from '../map-input.js';

export const command: Command = {
  name: 'map reconstruct',
  summary: 'freehand SPECT: reconstruct the tracer in 3D from frames and probe poses, print the hotspots',
  usage:
    '--frames FRAMES.csv --path PATH.csv --probe PRESET --nuclide N [--voxel-mm V] [--depth-cm D] [--surface-z-cm Z] [--latency-seconds L] [--estimate-latency] [--json]',
  details: [
    'Pairs each frame with the pose at its midpoint (interpolated; frames outside the tracked time are left out),',
    "reconstructs the activity on a voxel grid under the scanned region with the probe's response model (MLEM",
    'with ordered subsets, stopped when a pass gains < 0.5 in log-likelihood), then fits each map peak as a point',
    'source to the frames and keeps those that pass a likelihood-ratio test (under tissue also against a finer',
    'body in their place); a hotspot whose counts a uniform sphere explains better is reported as one.',
    "Hotspots by decreasing activity: position (patient frame, cm; a sphere's centre), relative activity,",
    'activity, 1σ position uncertainty, diameter (0: a point), and where each lies',
    "from the path's last pose. Without --surface-z-cm the sources are taken to be in air (the JSON says so).",
  ].join('\n'),
  options: { ...MAP_INPUT_OPTIONS, json: JSON_OPTION },
  run(io, args) {
    const run = runReconstruction(io, args);
    const data = mapSummary(run);
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [
        `${data.framesUsed} frames${data.framesWithoutPose > 0 ? ` (${data.framesWithoutPose} without a pose, left out)` : ''}, ` +
          `${data.grid.dims.join(' × ')} voxels of ${data.voxelSizeMm} mm, ${data.iterations} iterations, ` +
          `${data.reconstructionSeconds.toFixed(2)} s; medium: ${run.medium.kind === 'air' ? 'air (no --surface-z-cm)' : `tissue below z = ${run.medium.surfaceZCm} cm`}`,
        data.hotspots.length === 0 ? 'no hotspot' : 'hotspots (patient frame, cm; from the last pose):',
        ...(data.latencyEstimate
          ? [
              `tracker latency estimate: ${data.latencyEstimate.latencySeconds} s ± ${data.latencyEstimate.uncertaintySeconds} s (95 %: ${data.latencyEstimate.intervalSeconds.join(' to ')} s)${data.latencyEstimate.reliable ? '' : `; unreliable: ${data.latencyEstimate.reason}`}`,
            ]
          : []),
        ...data.hotspots.map(
          (h, i) =>
            `  ${i + 1}. [${h.positionCm.map((v) => v.toFixed(2)).join(', ')}] relative ${h.relativeActivity.toFixed(2)}, ${h.activityKBq.toFixed(1)} kBq, ±${h.uncertaintyMm.toFixed(1)} mm${h.diameterMm > 0 ? `, ⌀ ${h.diameterMm.toFixed(0)} mm` : ''}; ${h.fromTip}`,
        ),
      ].join('\n'),
    );
    return 0;
  },
};
