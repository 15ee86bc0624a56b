// The scenario's activity as weighted point sources: the trunk voxelised (each voxel takes the activity
// concentration of its tissue), plus each lesion voxelised finely with its EXCESS concentration over the
// host tissue (so the host voxels that overlap it stay as they are and the sum is exact in aggregate).
import { firstIssue, type Issue, OutcomeError } from '@openrgs/outcome';
import { insideTrunk, TISSUE_NAMES, type TissueName, tissueAt, trunkWithOpening } from './anatomy.js';
import type { Lesion, Scenario } from './scenarios.js';
import { buildSourceTree, type SourceTree } from './source-tree.js';
import { BODY_MASS_KG, findTracer, type TracerUptake } from './tracers.js';

export interface PatientSources {
  tree: SourceTree;
  /** Activity per tissue at the session start (MBq), as discretised. */
  tissueActivityMBq: Record<TissueName, number>;
  /** Activity of each lesion at the session start (MBq): ratio lesions count their full concentration. */
  lesionActivityMBq: Record<string, number>;
  /** Concentration per tissue at the session start, MBq/mL. */
  tissueConcentrationMBqPerMl: Record<TissueName, number>;
  voxelCm: number;
  pointCount: number;
}

export type ScenarioErrorCode = 'unknown-tracer' | 'nuclide-mismatch' | 'invalid-lesion';

/** A scenario that cannot be built: one `invalid` issue with its code. */
export type ScenarioIssue = Issue & { code: ScenarioErrorCode };

/**
 * Thrown when a scenario object is inconsistent (its tracer unknown or of another nuclide, a lesion out of
 * its domain). Scenarios come from the preset table (scenarios.ts) or from code that builds one, so this is a
 * defect of that data, thrown; it carries the same issue shape as an Outcome (an OutcomeError) so a caller
 * that meets one words it like any other.
 */
export class ScenarioError extends OutcomeError<ScenarioIssue> {
  constructor(code: ScenarioErrorCode, message: string) {
    super([{ kind: 'invalid', code, message }]);
    this.name = 'ScenarioError';
  }

  /** The issue's code. */
  get code(): ScenarioErrorCode {
    return firstIssue(this.issues).code;
  }
}

/** Physical decay factor over `seconds` for a half-life. */
export function decayOver(halfLifeSeconds: number, seconds: number): number {
  return Math.exp((-Math.LN2 * seconds) / halfLifeSeconds);
}

function tracerOf(scenario: Scenario): TracerUptake | null {
  if (scenario.tracer === null) return null;
  const tracer = findTracer(scenario.tracer);
  if (!tracer)
    throw new ScenarioError(
      'unknown-tracer',
      `scenario ${scenario.name}: unknown tracer '${scenario.tracer}'`,
    );
  if (tracer.nuclide !== scenario.nuclide) {
    throw new ScenarioError(
      'nuclide-mismatch',
      `scenario ${scenario.name}: tracer ${tracer.tracer} is ${tracer.nuclide}, scenario says ${scenario.nuclide}`,
    );
  }
  return tracer;
}

function checkLesion(scenario: Scenario, lesion: Lesion): void {
  const bad = (message: string) =>
    new ScenarioError('invalid-lesion', `scenario ${scenario.name}, lesion ${lesion.id}: ${message}`);
  if (!lesion.centerCm.every(Number.isFinite)) throw bad('centre must be finite');
  if (!(lesion.diameterCm > 0)) throw bad('diameter must be > 0 cm');
  if (lesion.uptake.kind === 'ratio' && !(lesion.uptake.ratio >= 1))
    throw bad('uptake ratio must be ≥ 1 (hot lesions only)');
  if (lesion.uptake.kind === 'activity' && !(lesion.uptake.activityMBq >= 0))
    throw bad('activity must be ≥ 0 MBq');
  if (lesion.uptake.kind === 'ratio' && !scenario.patient)
    throw bad('a ratio lesion needs the patient (scenario.patient = true)');
}

/**
 * Builds the scenario's sources at the session start. `halfLifeSeconds` is the scenario nuclide's;
 * `voxelCm` the trunk voxel edge (0.5 cm by default).
 */
export function buildPatientSources(
  scenario: Scenario,
  options: { halfLifeSeconds: number; voxelCm?: number },
): PatientSources {
  const voxelCm = options.voxelCm ?? 0.5;
  const tracer = tracerOf(scenario);
  const decay = decayOver(options.halfLifeSeconds, scenario.hoursAfterInjection * 3600);
  const concentration = {} as Record<TissueName, number>;
  for (const name of TISSUE_NAMES) {
    const suv = tracer ? tracer.tissues[name].suv : 0;
    concentration[name] = (suv * scenario.injectedActivityMBq * decay) / (BODY_MASS_KG * 1000);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const ws: number[] = [];
  const tissueActivityMBq = Object.fromEntries(TISSUE_NAMES.map((n) => [n, 0])) as Record<TissueName, number>;
  const dV = voxelCm ** 3;
  const TRUNK = trunkWithOpening(scenario.openAbdomenZCm);
  if (scenario.patient && tracer) {
    for (let x = -TRUNK.semiAxisXCm + voxelCm / 2; x < TRUNK.semiAxisXCm; x += voxelCm) {
      for (let y = TRUNK.yMinCm + voxelCm / 2; y < TRUNK.yMaxCm; y += voxelCm) {
        for (let z = -TRUNK.semiAxisZCm + voxelCm / 2; z < TRUNK.semiAxisZCm; z += voxelCm) {
          const tissue = tissueAt([x, y, z], TRUNK);
          if (tissue === undefined) continue;
          const w = concentration[tissue] * dV;
          tissueActivityMBq[tissue] += w;
          if (w > 0) {
            xs.push(x);
            ys.push(y);
            zs.push(z);
            ws.push(w);
          }
        }
      }
    }
  }
  const lesionActivityMBq: Record<string, number> = {};
  for (const lesion of scenario.lesions) {
    checkLesion(scenario, lesion);
    const r = lesion.diameterCm / 2;
    const step = Math.min(0.25, lesion.diameterCm / 8);
    const pts: Array<[number, number, number]> = [];
    const [cx, cy, cz] = lesion.centerCm;
    const n = Math.ceil(r / step);
    for (let i = -n; i <= n; i++) {
      for (let j = -n; j <= n; j++) {
        for (let k = -n; k <= n; k++) {
          const dx = i * step;
          const dy = j * step;
          const dz = k * step;
          if (dx * dx + dy * dy + dz * dz <= r * r) pts.push([cx + dx, cy + dy, cz + dz]);
        }
      }
    }
    if (pts.length === 0) pts.push([cx, cy, cz]);
    const volumeMl = (4 / 3) * Math.PI * r ** 3;
    let excess: number;
    if (lesion.uptake.kind === 'activity') {
      excess = lesion.uptake.activityMBq;
      lesionActivityMBq[lesion.id] = excess;
    } else {
      const host =
        scenario.patient && insideTrunk(lesion.centerCm, TRUNK)
          ? (tissueAt(lesion.centerCm, TRUNK) ?? 'remainder')
          : 'remainder';
      const reference = concentration[lesion.uptake.relativeTo ?? host];
      const lesionConcentration = lesion.uptake.ratio * reference;
      excess = Math.max(0, lesionConcentration - concentration[host]) * volumeMl;
      lesionActivityMBq[lesion.id] = lesionConcentration * volumeMl;
    }
    for (const [x, y, z] of pts) {
      xs.push(x);
      ys.push(y);
      zs.push(z);
      ws.push(excess / pts.length);
    }
  }
  const tree = buildSourceTree({
    xCm: Float64Array.from(xs),
    yCm: Float64Array.from(ys),
    zCm: Float64Array.from(zs),
    activityMBq: Float64Array.from(ws),
  });
  return {
    tree,
    tissueActivityMBq,
    lesionActivityMBq,
    tissueConcentrationMBqPerMl: concentration,
    voxelCm,
    pointCount: ws.length,
  };
}
