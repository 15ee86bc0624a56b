// The PlanningContext used by the CLI, the server and the console: half-lives from @openrgs/physics and
// probe point responses from the probe models of @openrgs/sim. Until sim publishes its entry point, or for
// a probe id it does not know, the closed-form probe of point-response.ts (id `closed-form-14mm`) is the
// only one offered, and the result says so in `probe.basis`.
import { findNuclide } from '@openrgs/physics';
import type { PointResponse } from './geometry.js';
import type { PlanningContext, ProbeLookup } from './plan.js';
import { closedFormContext } from './test-context.js';

/** The part of @openrgs/sim this package uses (checked at run time, so a sim in progress cannot break planning). */
interface SimProbeApi {
  probeIds(): string[];
  pointResponse(
    probeId: string,
    nuclide: string,
  ): { ok: true; response: PointResponse; name: string; basis: string } | { ok: false; message: string };
}

type Fn = (...args: never[]) => unknown;
function isFunction(value: unknown): value is Fn {
  return typeof value === 'function';
}

async function loadSim(): Promise<SimProbeApi | undefined> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier: type-checking must not depend on sim's entry point existing.
    const specifier = '@openrgs/sim';
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch {
    // sim has no entry point yet: planning runs with the closed-form probe (reported in probe.basis).
    return undefined;
  }
  const presets = mod.PROBE_PRESETS;
  const { findProbePreset, createProbeResponse, buildResponseTable, tableCpsPerMBq, physics } = mod;
  if (
    !Array.isArray(presets) ||
    !isFunction(findProbePreset) ||
    !isFunction(createProbeResponse) ||
    !isFunction(buildResponseTable) ||
    !isFunction(tableCpsPerMBq) ||
    typeof physics !== 'object'
  ) {
    return undefined;
  }
  const call = (f: Fn, ...args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);
  const cache = new Map<string, PointResponse>();
  return {
    probeIds: () => presets.map((p: { id: string }) => p.id),
    pointResponse(probeId, nuclide) {
      const probe = call(findProbePreset, probeId) as { id: string; name: string; basis: string } | undefined;
      if (probe === undefined) return { ok: false, message: `'${probeId}' is not a probe preset` };
      const key = `${probeId}|${nuclide}`;
      let response = cache.get(key);
      if (response === undefined) {
        const created = call(createProbeResponse, { probe, nuclide, tissue: 'soft-tissue', physics }) as
          | { ok: true; response: unknown }
          | { ok: false; issue: { message: string } };
        if (!created.ok) return { ok: false, message: created.issue.message };
        const table = call(buildResponseTable, created.response);
        // Probe frame: z along the axis into tissue, tissue path = distance (the probe face rests on tissue).
        response = (zCm: number, rhoCm: number) =>
          zCm <= 0 ? 0 : (call(tableCpsPerMBq, table, rhoCm, zCm, Math.hypot(zCm, rhoCm)) as number);
        cache.set(key, response);
      }
      return { ok: true, response, name: probe.name, basis: probe.basis };
    },
  };
}

export interface PlanningEnvironment {
  context: PlanningContext;
  /** Probe preset ids on offer. */
  probeIds: string[];
  /** Whether the probe models come from @openrgs/sim (false: closed-form only). */
  simProbes: boolean;
}

export async function createPlanningContext(): Promise<PlanningEnvironment> {
  const sim = await loadSim();
  const context: PlanningContext = {
    halfLifeSeconds(nuclide) {
      const found = findNuclide(nuclide);
      return found.ok ? found.value.halfLifeSeconds : undefined;
    },
    probe(probeId, nuclide): ProbeLookup {
      if (probeId === 'closed-form-14mm') return closedFormContext.probe(probeId, nuclide);
      if (sim === undefined) {
        return {
          ok: false,
          message: `'${probeId}' is not available: probe models from @openrgs/sim are not installed; use closed-form-14mm`,
        };
      }
      const r = sim.pointResponse(probeId, nuclide);
      if (!r.ok)
        return {
          ok: false,
          message: `${r.message}; one of ${[...sim.probeIds(), 'closed-form-14mm'].join(', ')}`,
        };
      return { ok: true, response: r.response, probeName: r.name, basis: r.basis };
    },
  };
  return {
    context,
    probeIds: [...(sim?.probeIds() ?? []), 'closed-form-14mm'],
    simProbes: sim !== undefined,
  };
}
