// The PlanningContext of the CLI, the server worker and the console: half-lives from @openrgs/physics and
// the probe's point response in tissue from the probe models of @openrgs/sim (collimator and shield
// geometry, crystal interaction and photopeak fraction, energy window, narrow-beam tissue attenuation and
// in-window scatter build-up; sim README "The model"), plus the preset's own background and dead time.
//
// Probe frame (sim probe-model.ts): z from the tip face along the axis into tissue, ρ off axis. The probe
// face rests on the tissue, so the photon's path in tissue is the distance √(z² + ρ²) — as sim does for a
// tip inside the trunk (rate.ts).
//
// The response is evaluated from sim's detection-probability table (response-table.ts: ln ε on a
// logarithmic grid, bilinear), built once per probe × nuclide and kept for the life of the process: the
// CLI builds one per run, the server's planning worker one per probe × nuclide it is asked for.
import { firstIssue } from '@openrgs/outcome';
import { findNuclide } from '@openrgs/physics';
import {
  buildResponseTable,
  canonicalNuclide,
  createProbeResponse,
  findProbePreset,
  PROBE_PRESETS,
  physics,
  tableCpsPerMBq,
} from '@openrgs/sim';
import type { PointResponse } from './geometry.js';
import { type FoundProbe, type PlanningContext, type ProbeLookup, probeRefusal } from './plan.js';

/** Probe preset ids a plan may name (sim's PROBE_PRESETS; `rgs probe-response --list`). */
export const PROBE_IDS: readonly string[] = PROBE_PRESETS.map((p) => p.id);

const lookups = new Map<string, ProbeLookup>();

/** The sim probe `probeId` in soft tissue for `nuclide`, or an error naming the problem and the choices. */
export function simProbeLookup(probeId: string, nuclide: string): ProbeLookup {
  const probe = findProbePreset(probeId);
  if (probe === undefined) {
    return probeRefusal(
      'unknown-probe',
      `'${probeId}' is not a probe preset; one of ${PROBE_IDS.join(', ')} (rgs probe-response --list)`,
    );
  }
  const name = canonicalNuclide(nuclide);
  if (name === undefined)
    return probeRefusal('unknown-nuclide', `nuclide '${nuclide}' is not in the physics data`);
  const key = `${probe.id}|${name}`;
  const hit = lookups.get(key);
  if (hit !== undefined) return hit;
  const created = createProbeResponse({ probe, nuclide: name, tissue: 'soft-tissue', physics });
  if (!created.ok) {
    const withWindow = PROBE_PRESETS.filter((p) => p.windows[name] !== undefined).map((p) => p.id);
    return probeRefusal(
      'no-window',
      `${firstIssue(created.issues).message}; presets with a window for ${name}: ${withWindow.join(', ') || 'none'}`,
    );
  }
  const table = buildResponseTable(created.value);
  const response: PointResponse = (zCm, rhoCm) =>
    zCm <= 0 ? 0 : tableCpsPerMBq(table, rhoCm, zCm, Math.sqrt(zCm * zCm + rhoCm * rhoCm));
  const window = created.value.window;
  const found: FoundProbe = {
    response,
    probeName: probe.name,
    basis: `@openrgs/sim preset ${probe.id}, ${name} window ${window.lowerKeV}–${window.upperKeV} keV, in soft tissue with in-window scatter: ${probe.basis}`,
    backgroundCps: probe.backgroundCps,
    deadTimeSeconds: probe.deadTimeSeconds,
  };
  const lookup: ProbeLookup = { ok: true, value: found };
  lookups.set(key, lookup);
  return lookup;
}

/** Physics half-lives and sim probes: the context every product entry point uses. */
export const planningContext: PlanningContext = {
  halfLifeSeconds(nuclide) {
    const found = findNuclide(nuclide);
    return found.ok ? found.value.halfLifeSeconds : undefined;
  },
  probe: simProbeLookup,
};

export interface PlanningEnvironment {
  context: PlanningContext;
  /** Probe preset ids on offer. */
  probeIds: readonly string[];
}

/** The product context and the probe ids on offer (kept for callers that take an environment). */
export function createPlanningContext(): PlanningEnvironment {
  return { context: planningContext, probeIds: PROBE_IDS };
}
