// The tracer a plan uses: a preset, or a custom nuclide with its own kinetics, with PLAN.json overrides
// applied. Each parameter keeps its source (or says it was overridden).
import type { TracerKineticsValues } from './kinetics.js';
import type { Plan } from './plan-schema.js';
import { KINETIC_FIELDS, type KineticField } from './plan-schema.js';
import { overridden, type SourcedValue, sourced } from './sourced.js';
import { findTracer, type OrganName, type TracerPreset } from './tracers.js';

export interface ResolvedTracer {
  id: string;
  name: string;
  nuclide: string;
  parameters: Record<KineticField, SourcedValue>;
  organToBackgroundRatio: Record<OrganName, SourcedValue>;
  preset: TracerPreset | undefined;
}

export function resolveTracer(plan: Plan): ResolvedTracer {
  let resolved: ResolvedTracer;
  if (plan.tracer === 'custom') {
    const custom = plan.customTracer;
    if (custom === undefined)
      throw new Error('resolveTracer: custom tracer without customTracer (schema checks this)');
    const user = (value: number, unit: string) =>
      sourced(value, [value, value], unit, 'override', 'PLAN.json customTracer');
    const k = custom.kinetics;
    resolved = {
      id: 'custom',
      name: custom.name,
      nuclide: custom.nuclide,
      parameters: {
        referenceTimeHours: user(k.referenceTimeHours, 'h'),
        backgroundToBodyRatio: user(k.backgroundToBodyRatio, '1'),
        retentionFastFraction: user(k.retentionFastFraction, '1'),
        retentionFastHalfLifeHours: user(k.retentionFastHalfLifeHours, 'h'),
        retentionSlowHalfLifeHours: user(k.retentionSlowHalfLifeHours, 'h'),
        tumourUptakeHalfLifeHours: user(k.tumourUptakeHalfLifeHours, 'h'),
        tumourRetentionHalfLifeHours: user(k.tumourRetentionHalfLifeHours, 'h'),
      },
      organToBackgroundRatio: {
        liver: user(k.organToBackgroundRatio.liver, '1'),
        kidney: user(k.organToBackgroundRatio.kidney, '1'),
        spleen: user(k.organToBackgroundRatio.spleen, '1'),
      },
      preset: undefined,
    };
  } else {
    const preset = findTracer(plan.tracer);
    if (preset === undefined)
      throw new Error(`resolveTracer: unknown preset ${plan.tracer} (schema checks this)`);
    const k = preset.kinetics;
    resolved = {
      id: preset.id,
      name: preset.name,
      nuclide: preset.nuclide,
      parameters: {
        referenceTimeHours: k.referenceTimeHours,
        backgroundToBodyRatio: k.backgroundToBodyRatio,
        retentionFastFraction: k.retentionFastFraction,
        retentionFastHalfLifeHours: k.retentionFastHalfLifeHours,
        retentionSlowHalfLifeHours: k.retentionSlowHalfLifeHours,
        tumourUptakeHalfLifeHours: k.tumourUptakeHalfLifeHours,
        tumourRetentionHalfLifeHours: k.tumourRetentionHalfLifeHours,
      },
      organToBackgroundRatio: { ...k.organToBackgroundRatio },
      preset,
    };
  }
  const overrides = plan.kineticsOverrides;
  if (overrides !== undefined) {
    for (const field of KINETIC_FIELDS) {
      const value = overrides[field];
      if (value !== undefined) resolved.parameters[field] = overridden(resolved.parameters[field], value);
    }
    const organs = overrides.organToBackgroundRatio;
    if (organs !== undefined) {
      for (const organ of ['liver', 'kidney', 'spleen'] as const) {
        const value = organs[organ];
        if (value !== undefined)
          resolved.organToBackgroundRatio[organ] = overridden(resolved.organToBackgroundRatio[organ], value);
      }
    }
  }
  return resolved;
}

export function kineticsValues(tracer: ResolvedTracer): TracerKineticsValues {
  const p = tracer.parameters;
  return {
    backgroundToBodyRatio: p.backgroundToBodyRatio.value,
    retentionFastFraction: p.retentionFastFraction.value,
    retentionFastHalfLifeHours: p.retentionFastHalfLifeHours.value,
    retentionSlowHalfLifeHours: p.retentionSlowHalfLifeHours.value,
    tumourUptakeHalfLifeHours: p.tumourUptakeHalfLifeHours.value,
    tumourRetentionHalfLifeHours: p.tumourRetentionHalfLifeHours.value,
  };
}
