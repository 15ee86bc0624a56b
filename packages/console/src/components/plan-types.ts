// The planning server's answers as the console shows them (docs/planning.md §6–7): the contract's types
// (@openrgs/api planning.ts, pinned to @openrgs/planning's PlanResult and DoseReport), under the names the
// planning screens use. planning-api.ts parses every answer with the same schemas.
import type { DoseAnswer, PlanAnswer, SourcedValue, TracerListAnswer } from '@openrgs/api';
import type { z } from 'zod';

export type PlanView = z.infer<typeof PlanAnswer>;
export type DoseView = z.infer<typeof DoseAnswer>;
export type SourcedValueView = z.infer<typeof SourcedValue>;
/** How the plan's verdicts are modelled: the engine's rule and the background sites it assumes (issue 12). */
export type VerdictModelView = PlanView['verdictModel'];
/** The tracer presets and the probe preset ids a plan may name. */
export type PlanningPresets = z.infer<typeof TracerListAnswer>;
