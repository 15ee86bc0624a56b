// `rgs plan`: will the probe find each lesion, and when should the tracer be given? Combines the kinetic
// model (kinetics.ts), the probe's view of tissue (geometry.ts with the probe model's point response) and
// the counting engine's decision statistics (detection.ts). Pure: physics and probe data come in through
// PlanningContext, the clock never enters (all times are in the plan).
import { DEFAULT_DECISION_RULE, type DecisionRule, detectionStatistics } from './detection.js';
import { type GeometryFactors, geometryFactors, type PointResponse, probeRates } from './geometry.js';
import {
  backgroundConcentrationKBqPerMl,
  bodyActivityMBq,
  type ConcentrationInput,
  type TracerKineticsValues,
  tissueRatioAt,
} from './kinetics.js';
import { KINETIC_FIELDS, type Plan, type PlanIssue, type PlanLesion } from './plan-schema.js';
import { kineticsValues, type ResolvedTracer, resolveTracer } from './resolve-tracer.js';
import type { SourcedValue } from './sourced.js';
import {
  correctVerdictProbability,
  plannedBackgroundModel,
  type SourceRates,
  type VerdictProbability,
  type VerdictRule,
} from './verdict-model.js';
import {
  DETECTABLE_FLOOR,
  evaluateWindow,
  recommendWindow,
  type UndetectableLesion,
  WINDOW_GRID_POINTS,
  type WindowRecommendation,
} from './window.js';

/** ICRP Publication 89 reference adult male body mass (kg), used when PLAN.json gives none. */
export const REFERENCE_BODY_MASS_KG = 73;
/** Detection probability at which a lesion counts as "likely found" (and the detectability map's level). */
export const LIKELY_FOUND_PROBABILITY = 0.9;
export const DETECTABILITY_PROBABILITY = 0.95;
export const DETECTABILITY_DEPTHS_CM = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10] as const;
/**
 * Tissue in front of the probe when PLAN.json does not say (cm): a mobilised bowel loop with its mesentery.
 * [ESTIMATED] — docs/planning.md §3. One slab for the whole plan (defaultTissueThicknessCm): extended to 1 cm
 * beyond the deepest lesion's far edge, never per lesion.
 */
export const DEFAULT_TISSUE_THICKNESS_CM = 5;
/**
 * Between-site spread of normal tissue (CV of the site rates) when PLAN.json does not say: [ESTIMATED] the
 * middle of the 0–50 % the counting engine is specified and benchmarked for (packages/counting README);
 * no within-patient figure for abdominal probe background sites was found (research notes: absolute
 * background rates for NET RGS not found). docs/planning.md §4.
 */
export const DEFAULT_SITE_SPREAD_CV = 0.25;
/** Counting time per background site when PLAN.json does not say (s): the counting README's example sites. */
export const DEFAULT_BACKGROUND_SITE_SECONDS = 10;

/** A probe as planning uses it: the point response in tissue plus what the detector adds on its own. */
export interface PlanProbe {
  /** cps per MBq at (z, ρ) in tissue in front of the probe face, before dead time. */
  response: PointResponse;
  /** Counts with no source (natural background, detector noise), cps. */
  backgroundCps: number;
  /** Non-paralysable dead time (s); observed = true / (1 + true·τ) (Knoll, 4th ed., eq. 4.23). */
  deadTimeSeconds: number;
}

export type ProbeLookup =
  | ({ ok: true; probeName: string; basis: string } & PlanProbe)
  | { ok: false; message: string };

export interface PlanningContext {
  /** Physical half-life (s) from @openrgs/physics; undefined for a nuclide it does not know. */
  halfLifeSeconds(nuclide: string): number | undefined;
  /** The probe preset's point response in tissue for a nuclide (from @openrgs/sim). */
  probe(probeId: string, nuclide: string): ProbeLookup;
}

export interface LesionAtTime {
  hoursAfterInjection: number;
  expectedRateCps: number;
  expectedBackgroundCps: number;
  expectedRatio: number;
  tissueRatio: number;
  detectionProbability5s: number;
  expectedSecondsToVerdict: number;
  positiveVerdictProbability: number;
}

export interface LesionResult {
  label: string;
  diameterMm: number;
  depthCm: number;
  uptakeRatio: number;
  uptakeRatioMeasuredAtHours: number;
  nearbyOrgan: 'liver' | 'kidney' | 'spleen' | 'none';
  tissueThicknessCm: number;
  /** At surgery start (the headline figures). */
  expectedRateCps: number;
  expectedBackgroundCps: number;
  expectedRatio: number;
  detectionProbability5s: number;
  expectedSecondsToVerdict: number;
  atSurgeryStart: LesionAtTime;
  atSurgeryEnd: LesionAtTime;
  likelyFound: boolean;
  /** Plain-language reasons when the lesion is unlikely to be found (empty otherwise). */
  reasons: string[];
  /**
   * Probability of a correct (positive) verdict within the counting budget under the whole model the
   * engine works with (verdict-model.ts: its rule, the background sites, between-site spread): at surgery
   * start and end, and the best over time with when.
   */
  correctVerdictProbability: {
    atSurgeryStart: number;
    atSurgeryEnd: number;
    best: number;
    bestAtHours: number;
  };
  /** False when that probability stays below the detectability floor at every time (window.ts). */
  detectable: boolean;
}

export interface PlanResult {
  tracer: { id: string; name: string; nuclide: string; physicalHalfLifeHours: number };
  probe: { id: string; name: string; basis: string; backgroundCps: number; deadTimeSeconds: number };
  injectedActivityMBq: number;
  injectedAt: string;
  surgeryStart: string;
  surgeryEnd: string;
  bodyMassKg: number;
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  decisionRule: DecisionRule & { countSeconds: number };
  parameters: Record<string, SourcedValue>;
  assumptions: string[];
  rates: {
    surgeryStart: { bodyActivityMBq: number; backgroundKBqPerMl: number };
    surgeryEnd: { bodyActivityMBq: number; backgroundKBqPerMl: number };
  };
  lesions: LesionResult[];
  recommendedWindow: { fromHours: number; toHours: number } | null;
  window: WindowRecommendation;
  /** How the verdicts behind the window are modelled (the engine's rule, background sites, spread). */
  verdictModel: VerdictRule & { backgroundSitesBasis: string; spreadCvBasis: string };
  /** Expected lesions no timing makes detectable (also in window.undetectableLesions). */
  undetectableLesions: UndetectableLesion[];
  /**
   * The window's spread when each kinetic parameter moves to either end of its plausible range (one at a
   * time): earliest start and latest end, and the parameter that moves each edge most.
   */
  windowUncertainty: {
    fromHoursLow: number;
    toHoursHigh: number;
    fromDrivenBy: string;
    toDrivenBy: string;
  } | null;
  plannedTimingInWindow: boolean;
  detectabilityMap: {
    uptakeRatio: number;
    atHoursAfterInjection: number;
    detectionProbability: number;
    countSeconds: number;
    rows: { depthCm: number; smallestDiameterMm: number | null }[];
  };
  timeCurves: {
    hours: number[];
    lesions: {
      label: string;
      lesionCps: number[];
      backgroundCps: number[];
      ratio: number[];
      /** Probability of a correct verdict within the budget (the window's figure of merit per lesion). */
      correctVerdictProbability: number[];
    }[];
  };
  publishedComparison: {
    typicalActivityMBq: SourcedValue;
    publishedIntervalHours: { fromHours: number; toHours: number; source: string };
  } | null;
}

export type PlanComputation = { ok: true; result: PlanResult } | { ok: false; issues: PlanIssue[] };

const HOUR_MS = 3_600_000;

export interface LesionModel {
  lesion: PlanLesion;
  tissueThicknessCm: number;
  measuredAtHours: number;
  organRatio: number;
  factors: GeometryFactors;
}

export interface PlanModelOptions {
  tracer: ResolvedTracer;
  physicalHalfLifeHours: number;
  injectedActivityMBq: number;
  bodyMassKg: number;
  probe: PlanProbe;
  rule: DecisionRule;
  countSeconds: number;
  planTissueThicknessCm: number | undefined;
  verdictRule: VerdictRule;
}

/** Everything time-dependent for one plan: turns a lesion model into rates and statistics at a time. */
export class PlanModel {
  readonly kinetics: TracerKineticsValues;
  readonly concentration: ConcentrationInput;
  readonly tracer: ResolvedTracer;
  readonly physicalHalfLifeHours: number;
  readonly injectedActivityMBq: number;
  readonly bodyMassKg: number;
  readonly probe: PlanProbe;
  readonly rule: DecisionRule;
  readonly countSeconds: number;
  readonly planTissueThicknessCm: number | undefined;
  readonly verdictRule: VerdictRule;
  private readonly verdicts = new Map<string, VerdictProbability>();
  constructor(readonly options: PlanModelOptions) {
    this.tracer = options.tracer;
    this.physicalHalfLifeHours = options.physicalHalfLifeHours;
    this.injectedActivityMBq = options.injectedActivityMBq;
    this.bodyMassKg = options.bodyMassKg;
    this.probe = options.probe;
    this.rule = options.rule;
    this.countSeconds = options.countSeconds;
    this.planTissueThicknessCm = options.planTissueThicknessCm;
    this.verdictRule = options.verdictRule;
    this.kinetics = kineticsValues(options.tracer);
    this.concentration = {
      kinetics: this.kinetics,
      physicalHalfLifeHours: options.physicalHalfLifeHours,
      injectedActivityMBq: options.injectedActivityMBq,
      bodyMassKg: options.bodyMassKg,
    };
  }

  lesionModel(lesion: PlanLesion): LesionModel {
    const organ = lesion.nearbyOrgan ?? 'none';
    const tissueThicknessCm = tissueThicknessFor(lesion, this.planTissueThicknessCm);
    return {
      tissueThicknessCm,
      lesion,
      measuredAtHours: lesion.uptakeRatioMeasuredAtHours ?? this.tracer.parameters.referenceTimeHours.value,
      organRatio: organ === 'none' ? 1 : this.tracer.organToBackgroundRatio[organ].value,
      factors: geometryFactors(this.probe.response, {
        diameterCm: lesion.diameterMm / 10,
        centreDepthCm: lesion.depthCm,
        tissueThicknessCm,
        organBehind: organ !== 'none',
      }),
    };
  }

  /**
   * Observed rates (cps): the sources seen through the probe's response, plus the probe's own background,
   * after dead time. `organCps` stays the organ's share before dead time (for the reasons).
   */
  ratesAt(model: LesionModel, hours: number) {
    const backgroundKBqPerMl = backgroundConcentrationKBqPerMl(this.concentration, hours);
    const tissueRatio = tissueRatioAt(this.kinetics, model.lesion.uptakeRatio, model.measuredAtHours, hours);
    const sources = probeRates(model.factors, {
      backgroundKBqPerMl,
      lesionKBqPerMl: tissueRatio * backgroundKBqPerMl,
      organKBqPerMl: model.organRatio * backgroundKBqPerMl,
    });
    return {
      backgroundCps: this.observed(sources.backgroundCps),
      lesionCps: this.observed(sources.lesionCps),
      organCps: sources.organCps,
      tissueRatio,
    };
  }

  /** The same rates split for the verdict model (verdict-model.ts): tissue, lesion excess, probe, dead time. */
  sourcesAt(model: LesionModel, hours: number): SourceRates {
    const backgroundKBqPerMl = backgroundConcentrationKBqPerMl(this.concentration, hours);
    const tissueRatio = tissueRatioAt(this.kinetics, model.lesion.uptakeRatio, model.measuredAtHours, hours);
    const sources = probeRates(model.factors, {
      backgroundKBqPerMl,
      lesionKBqPerMl: tissueRatio * backgroundKBqPerMl,
      organKBqPerMl: model.organRatio * backgroundKBqPerMl,
    });
    return {
      tissueCps: sources.backgroundCps,
      excessCps: sources.lesionCps - sources.backgroundCps,
      probeBackgroundCps: this.probe.backgroundCps,
      deadTimeSeconds: this.probe.deadTimeSeconds,
    };
  }

  /** Probability of a correct verdict within the budget (verdict-model.ts), memoised per lesion and time. */
  verdictAt(model: LesionModel, hours: number): VerdictProbability {
    const key = `${model.lesion.label}|${model.lesion.diameterMm}|${model.lesion.depthCm}|${model.lesion.uptakeRatio}|${model.lesion.nearbyOrgan ?? 'none'}|${model.tissueThicknessCm}|${hours}`;
    let hit = this.verdicts.get(key);
    if (!hit) {
      hit = correctVerdictProbability(this.sourcesAt(model, hours), this.verdictRule);
      this.verdicts.set(key, hit);
    }
    return hit;
  }

  private observed(sourceCps: number): number {
    const trueCps = sourceCps + this.probe.backgroundCps;
    return trueCps / (1 + trueCps * this.probe.deadTimeSeconds);
  }

  /** Rates and decision statistics; `calibrated` as the live engine (headline figures) or Wald's (bulk). */
  at(model: LesionModel, hours: number, calibrated = false): LesionAtTime {
    const r = this.ratesAt(model, hours);
    const stats = detectionStatistics({
      lesionCps: r.lesionCps,
      backgroundCps: r.backgroundCps,
      countSeconds: this.countSeconds,
      rule: this.rule,
      calibrated,
    });
    return {
      hoursAfterInjection: hours,
      expectedRateCps: r.lesionCps,
      expectedBackgroundCps: r.backgroundCps,
      expectedRatio: r.lesionCps / r.backgroundCps,
      tissueRatio: r.tissueRatio,
      detectionProbability5s: stats.detectionProbability,
      expectedSecondsToVerdict: stats.expectedSecondsToVerdict,
      positiveVerdictProbability: stats.positiveVerdictProbability,
    };
  }
}

export function computePlan(plan: Plan, context: PlanningContext): PlanComputation {
  const tracer = resolveTracer(plan);
  const halfLifeSeconds = context.halfLifeSeconds(tracer.nuclide);
  if (halfLifeSeconds === undefined) {
    return {
      ok: false,
      issues: [
        {
          path: plan.tracer === 'custom' ? 'customTracer.nuclide' : 'tracer',
          message: `nuclide '${tracer.nuclide}' is not in the physics data`,
        },
      ],
    };
  }
  const probe = context.probe(plan.probe, tracer.nuclide);
  if (!probe.ok) return { ok: false, issues: [{ path: 'probe', message: probe.message }] };

  const assumptions: string[] = [];
  const bodyMassKg = plan.patient?.bodyMassKg ?? REFERENCE_BODY_MASS_KG;
  if (plan.patient?.bodyMassKg === undefined) {
    assumptions.push(
      `Body mass not given: ICRP 89 reference adult ${REFERENCE_BODY_MASS_KG} kg used (patient.bodyMassKg).`,
    );
  }
  const rule: DecisionRule = {
    alpha: plan.decision?.alpha ?? DEFAULT_DECISION_RULE.alpha,
    beta: plan.decision?.beta ?? DEFAULT_DECISION_RULE.beta,
    minimumRatio: plan.decision?.minimumRatio ?? DEFAULT_DECISION_RULE.minimumRatio,
    frameSeconds: plan.decision?.frameSeconds ?? DEFAULT_DECISION_RULE.frameSeconds,
  };
  const countSeconds = plan.decision?.countSeconds ?? 5;
  assumptions.push(
    `Verdict: the live engine's sequential test (SPRT) of H0 = background against H1 = ${rule.minimumRatio} × background, alpha ${rule.alpha}, beta ${rule.beta}, on ${rule.frameSeconds} s frames with boundaries calibrated for the frame overshoot (@openrgs/counting); background known from measurements next to the lesion.`,
    'Background is the tissue next to the lesion (with the nearby organ behind it, when one is named); the probe rests on the tissue surface above the lesion centre.',
    `Probe ${plan.probe}: its own background (${probe.backgroundCps} cps) is added to both rates and its dead time (${Number((probe.deadTimeSeconds * 1e6).toPrecision(3))} µs, non-paralysable) applied.`,
    'Lesion uptake ratio is the lesion ÷ normal tissue concentration ratio on pre-op imaging, taken at the tracer reference time unless uptakeRatioMeasuredAtHours says otherwise.',
  );

  const physicalHalfLifeHours = halfLifeSeconds / 3600;
  const spreadCv = plan.decision?.siteSpreadCv ?? DEFAULT_SITE_SPREAD_CV;
  const verdictRule: VerdictRule = {
    rule: plan.decision?.rule ?? 'adaptive',
    ratio: rule.minimumRatio,
    alpha: rule.alpha,
    beta: rule.beta,
    frameSeconds: rule.frameSeconds,
    countSeconds,
    backgroundSites: plan.decision?.backgroundSites ?? 3,
    backgroundSiteSeconds: plan.decision?.backgroundSiteSeconds ?? DEFAULT_BACKGROUND_SITE_SECONDS,
    spreadCv,
    spreadPrior: null,
  };
  let model = new PlanModel({
    tracer,
    physicalHalfLifeHours,
    injectedActivityMBq: plan.injectedActivityMBq,
    bodyMassKg,
    probe: {
      response: probe.response,
      backgroundCps: probe.backgroundCps,
      deadTimeSeconds: probe.deadTimeSeconds,
    },
    rule,
    countSeconds,
    planTissueThicknessCm: plan.tissueThicknessCm ?? defaultTissueThicknessCm(plan.lesions),
    verdictRule,
  });
  if (plan.tissueThicknessCm === undefined && plan.lesions.some((l) => l.tissueThicknessCm === undefined)) {
    assumptions.push(
      `Tissue thickness in front of the probe not given: ${Number(defaultTissueThicknessCm(plan.lesions).toFixed(2))} cm for every lesion — ${DEFAULT_TISSUE_THICKNESS_CM} cm (a mobilised bowel loop with mesentery), or 1 cm beyond the deepest lesion's far edge (tissueThicknessCm).`,
    );
  }
  const injectedMs = Date.parse(plan.injectedAt);
  const startMs = Date.parse(plan.surgeryStart);
  const endMs = startMs + plan.surgeryDurationMinutes * 60_000;
  const startHours = (startMs - injectedMs) / HOUR_MS;
  const endHours = (endMs - injectedMs) / HOUR_MS;

  const models = plan.lesions.map((lesion) => model.lesionModel(lesion));
  let backgroundSitesBasis = 'decision.backgroundSites';
  if (plan.decision?.backgroundSites === undefined && models[0] !== undefined) {
    // As many sites as the engine itself asks for before its verdicts stop being provisional, at the
    // planned spread (counting background-model.ts, minimumSites).
    const needed = plannedBackgroundModel(model.sourcesAt(models[0], startHours), verdictRule).minimumSites;
    verdictRule.backgroundSites = Math.max(1, needed);
    backgroundSitesBasis = `the sites the counting engine needs before its verdicts stop being provisional at CV ${(100 * spreadCv).toFixed(0)} % (background-model.ts minimumSites)`;
    model = new PlanModel({ ...model.options, verdictRule });
  }
  const spreadCvBasis =
    plan.decision?.siteSpreadCv === undefined
      ? `[ESTIMATED] default ${(100 * DEFAULT_SITE_SPREAD_CV).toFixed(0)} %: the middle of the 0–50 % the counting engine is specified for; no published within-patient figure (decision.siteSpreadCv)`
      : 'decision.siteSpreadCv';
  assumptions.push(
    `Window and detectability: probability of a positive verdict within ${countSeconds} s by the counting engine's ${verdictRule.rule} rule (alpha ${verdictRule.alpha}, beta ${verdictRule.beta}, T/B ${verdictRule.ratio}) after ${verdictRule.backgroundSites} background sites of ${verdictRule.backgroundSiteSeconds} s, normal tissue varying between sites with CV ${(100 * spreadCv).toFixed(0)} % (${plan.decision?.siteSpreadCv === undefined ? 'estimated default; decision.siteSpreadCv' : 'given'}), also at the lesion's own site.`,
  );
  const horizonHours = timeHorizonHours(tracer, physicalHalfLifeHours, endHours);
  const evaluation = evaluateWindow(model, models, horizonHours);
  const window = evaluation.window;

  // The spread moves one kinetic parameter at a time; lesions far below the floor in the nominal plan
  // (best under half the floor) are left out of it — one parameter at its range end does not double them.
  const spreadModels = models.filter(
    (_, i) => (evaluation.curves[i]?.bestProbability ?? 0) >= DETECTABLE_FLOOR / 2,
  );
  const windowUncertainty = window.ok ? windowSpread(model, spreadModels, horizonHours, window) : null;

  const lesions = models.map((m, index) => {
    const atStart = model.at(m, startHours, true);
    const atEnd = model.at(m, endHours, true);
    const curve = evaluation.curves[index];
    const worst = Math.min(atStart.detectionProbability5s, atEnd.detectionProbability5s);
    const likelyFound = worst >= LIKELY_FOUND_PROBABILITY;
    return {
      label: m.lesion.label,
      diameterMm: m.lesion.diameterMm,
      depthCm: m.lesion.depthCm,
      uptakeRatio: m.lesion.uptakeRatio,
      uptakeRatioMeasuredAtHours: m.measuredAtHours,
      nearbyOrgan: m.lesion.nearbyOrgan ?? 'none',
      tissueThicknessCm: m.tissueThicknessCm,
      expectedRateCps: atStart.expectedRateCps,
      expectedBackgroundCps: atStart.expectedBackgroundCps,
      expectedRatio: atStart.expectedRatio,
      detectionProbability5s: atStart.detectionProbability5s,
      expectedSecondsToVerdict: atStart.expectedSecondsToVerdict,
      atSurgeryStart: atStart,
      atSurgeryEnd: atEnd,
      likelyFound,
      reasons: likelyFound ? [] : explain(model, m, startHours, window),
      correctVerdictProbability: {
        atSurgeryStart: model.verdictAt(m, startHours).positive,
        atSurgeryEnd: model.verdictAt(m, endHours).positive,
        best: curve?.bestProbability ?? 0,
        bestAtHours: curve?.bestAtHours ?? 0,
      },
      detectable: curve?.detectable ?? false,
    } satisfies LesionResult;
  });

  const hardest = [...plan.lesions].sort((a, b) => a.uptakeRatio - b.uptakeRatio)[0];
  const mapRatio = hardest?.uptakeRatio ?? 1;
  const detectabilityMap = {
    uptakeRatio: mapRatio,
    atHoursAfterInjection: startHours,
    detectionProbability: DETECTABILITY_PROBABILITY,
    countSeconds,
    rows: DETECTABILITY_DEPTHS_CM.map((depthCm) => ({
      depthCm,
      smallestDiameterMm: smallestDetectableDiameterMm(model, { uptakeRatio: mapRatio, depthCm }, startHours),
    })),
  };

  const hours = curveHours(horizonHours);
  const timeCurves = {
    hours,
    lesions: models.map((m) => {
      const lesionCps: number[] = [];
      const backgroundCps: number[] = [];
      const ratio: number[] = [];
      const correctVerdictProbability: number[] = [];
      for (const h of hours) {
        const r = model.ratesAt(m, h);
        lesionCps.push(r.lesionCps);
        backgroundCps.push(r.backgroundCps);
        ratio.push(r.lesionCps / r.backgroundCps);
        correctVerdictProbability.push(model.verdictAt(m, h).positive);
      }
      return { label: m.lesion.label, lesionCps, backgroundCps, ratio, correctVerdictProbability };
    }),
  };

  const recommendedWindow = window.ok ? { fromHours: window.fromHours, toHours: window.toHours } : null;
  return {
    ok: true,
    result: {
      tracer: { id: tracer.id, name: tracer.name, nuclide: tracer.nuclide, physicalHalfLifeHours },
      probe: {
        id: plan.probe,
        name: probe.probeName,
        basis: probe.basis,
        backgroundCps: probe.backgroundCps,
        deadTimeSeconds: probe.deadTimeSeconds,
      },
      injectedActivityMBq: plan.injectedActivityMBq,
      injectedAt: plan.injectedAt,
      surgeryStart: plan.surgeryStart,
      surgeryEnd: isoInZoneOf(plan.surgeryStart, endMs),
      bodyMassKg,
      hoursAfterInjection: { surgeryStart: startHours, surgeryEnd: endHours },
      decisionRule: { ...rule, countSeconds },
      parameters: {
        ...tracer.parameters,
        liverToBackgroundRatio: tracer.organToBackgroundRatio.liver,
        kidneyToBackgroundRatio: tracer.organToBackgroundRatio.kidney,
        spleenToBackgroundRatio: tracer.organToBackgroundRatio.spleen,
      },
      assumptions,
      rates: {
        surgeryStart: {
          bodyActivityMBq: bodyActivityMBq(model.concentration, startHours),
          backgroundKBqPerMl: backgroundConcentrationKBqPerMl(model.concentration, startHours),
        },
        surgeryEnd: {
          bodyActivityMBq: bodyActivityMBq(model.concentration, endHours),
          backgroundKBqPerMl: backgroundConcentrationKBqPerMl(model.concentration, endHours),
        },
      },
      lesions,
      recommendedWindow,
      window,
      verdictModel: { ...verdictRule, backgroundSitesBasis, spreadCvBasis },
      undetectableLesions: window.undetectableLesions,
      windowUncertainty,
      plannedTimingInWindow:
        recommendedWindow !== null &&
        startHours >= recommendedWindow.fromHours &&
        endHours <= recommendedWindow.toHours,
      detectabilityMap,
      timeCurves,
      publishedComparison:
        tracer.preset === undefined
          ? null
          : {
              typicalActivityMBq: tracer.preset.typicalActivityMBq,
              publishedIntervalHours: tracer.preset.publishedIntervalHours,
            },
    },
  };
}

/** Grid points of the window spread's variants (the nominal window uses WINDOW_GRID_POINTS). */
const SPREAD_GRID_POINTS = 40;

function windowSpread(
  model: PlanModel,
  models: readonly LesionModel[],
  horizonHours: number,
  nominal: { fromHours: number; toHours: number },
): { fromHoursLow: number; toHoursHigh: number; fromDrivenBy: string; toDrivenBy: string } {
  let fromHoursLow = nominal.fromHours;
  let toHoursHigh = nominal.toHours;
  let fromDrivenBy = 'nominal';
  let toDrivenBy = 'nominal';
  for (const field of KINETIC_FIELDS) {
    if (field === 'referenceTimeHours' || field === 'backgroundToBodyRatio') continue; // no effect on timing
    const p = model.tracer.parameters[field];
    for (const value of [p.low, p.high]) {
      if (value === p.value) continue;
      const varied: ResolvedTracer = {
        ...model.tracer,
        parameters: { ...model.tracer.parameters, [field]: { ...p, value } },
      };
      const variant = new PlanModel({ ...model.options, tracer: varied });
      // A coarser grid for the variants: their edges are refined by bisection all the same.
      const w = recommendWindow(variant, models, horizonHours, SPREAD_GRID_POINTS);
      if (!w.ok) continue;
      if (w.fromHours < fromHoursLow) {
        fromHoursLow = w.fromHours;
        fromDrivenBy = `${field} = ${value} ${p.unit}`;
      }
      if (w.toHours > toHoursHigh) {
        toHoursHigh = w.toHours;
        toDrivenBy = `${field} = ${value} ${p.unit}`;
      }
    }
  }
  return { fromHoursLow, toHoursHigh, fromDrivenBy, toDrivenBy };
}

/** `epochMs` as ISO-8601 in the same zone offset as `reference` (e.g. +01:00), to the second. */
export function isoInZoneOf(reference: string, epochMs: number): string {
  const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(reference)?.[1] ?? 'Z';
  if (zone === 'Z') return new Date(epochMs).toISOString().replace('.000Z', 'Z');
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}${zone}`;
}

function tissueThicknessFor(lesion: PlanLesion, planThicknessCm: number | undefined): number {
  return lesion.tissueThicknessCm ?? planThicknessCm ?? defaultTissueThicknessCm([lesion]);
}

/**
 * The default tissue slab for a plan (cm): DEFAULT_TISSUE_THICKNESS_CM, or 1 cm beyond the far edge of the
 * deepest lesion that gives no thickness of its own. One slab for every lesion of the plan — the tissue in
 * front of the probe is one abdomen — so within a plan the lesion count rate never rises with depth (a
 * per-lesion slab gave a deeper lesion more background of its own: 179 → 139 → 121 → 132 cps at
 * 1/2/3/5 cm, issue 12); plan.test.ts checks the property over random depths.
 */
export function defaultTissueThicknessCm(lesions: readonly PlanLesion[]): number {
  let slab = DEFAULT_TISSUE_THICKNESS_CM;
  for (const l of lesions) {
    if (l.tissueThicknessCm !== undefined) continue;
    slab = Math.max(slab, l.depthCm + l.diameterMm / 20 + 1);
  }
  return slab;
}

function timeHorizonHours(tracer: ResolvedTracer, physicalHalfLifeHours: number, endHours: number): number {
  const published = tracer.preset?.publishedIntervalHours.toHours ?? 0;
  return Math.max(
    endHours * 1.25,
    published * 1.25,
    4 * tracer.parameters.referenceTimeHours.value,
    3 * physicalHalfLifeHours,
    1,
  );
}

function curveHours(horizonHours: number): number[] {
  const n = WINDOW_GRID_POINTS;
  const out: number[] = [];
  for (let i = 1; i <= n; i++) out.push((horizonHours * i) / n);
  return out;
}

/** Smallest lesion diameter (mm, 1 mm steps) detected with DETECTABILITY_PROBABILITY at a depth; null if none up to 2 × depth or 100 mm. */
export function smallestDetectableDiameterMm(
  model: PlanModel,
  lesion: { uptakeRatio: number; depthCm: number; nearbyOrgan?: 'liver' | 'kidney' | 'spleen' | 'none' },
  hours: number,
  probability = DETECTABILITY_PROBABILITY,
): number | null {
  const maxMm = Math.min(100, Math.floor(lesion.depthCm * 20));
  const detected = (diameterMm: number) =>
    model.at(
      model.lesionModel({
        label: 'map',
        diameterMm,
        depthCm: lesion.depthCm,
        uptakeRatio: lesion.uptakeRatio,
        nearbyOrgan: lesion.nearbyOrgan ?? 'none',
      }),
      hours,
    ).detectionProbability5s >= probability;
  if (maxMm < 1 || !detected(maxMm)) return null;
  let lo = 0;
  let hi = maxMm;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (detected(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

/** Plain-language reasons a lesion is unlikely to be found, most important first. */
function explain(model: PlanModel, m: LesionModel, hours: number, window: WindowRecommendation): string[] {
  const reasons: string[] = [];
  const now = model.at(m, hours);
  const organ = m.lesion.nearbyOrgan ?? 'none';
  const rates = model.ratesAt(m, hours);
  if (now.tissueRatio <= 1) {
    reasons.push(
      `Uptake too low: the lesion holds no more tracer than normal tissue (T/B ${now.tissueRatio.toFixed(2)} at surgery); radioguidance cannot distinguish it.`,
    );
    return reasons;
  }
  if (organ !== 'none' && rates.organCps > 0.3 * rates.backgroundCps) {
    const without = model.at(model.lesionModel({ ...m.lesion, nearbyOrgan: 'none' }), hours);
    reasons.push(
      `Next to the ${organ}: the ${organ} behind it gives ${pct(rates.organCps / rates.backgroundCps)} of the counts next to the lesion, so the probe ratio falls to ${now.expectedRatio.toFixed(2)} (${without.expectedRatio.toFixed(2)} away from the ${organ}; detection in ${model.countSeconds} s ${pct(without.detectionProbability5s)}).`,
    );
  }
  const shallow = Math.max(m.lesion.diameterMm / 20, 0.5);
  if (m.lesion.depthCm > shallow) {
    const atShallow = model.at(model.lesionModel({ ...m.lesion, depthCm: shallow }), hours);
    if (atShallow.detectionProbability5s >= LIKELY_FOUND_PROBABILITY) {
      let depth = shallow;
      while (
        depth + 0.25 <= m.lesion.depthCm &&
        model.at(model.lesionModel({ ...m.lesion, depthCm: depth + 0.25 }), hours).detectionProbability5s >=
          LIKELY_FOUND_PROBABILITY
      ) {
        depth += 0.25;
      }
      reasons.push(
        `Too deep: at ${m.lesion.depthCm} cm tissue absorbs and distance dilutes the signal (probe ratio ${now.expectedRatio.toFixed(2)}); a lesion like this would be found down to about ${depth.toFixed(2)} cm — mobilise the bowel or count ex vivo.`,
      );
    }
  }
  const neededMm = smallestDetectableDiameterMm(
    model,
    { uptakeRatio: m.lesion.uptakeRatio, depthCm: m.lesion.depthCm, nearbyOrgan: organ },
    hours,
    LIKELY_FOUND_PROBABILITY,
  );
  if (neededMm !== null && neededMm > m.lesion.diameterMm) {
    reasons.push(
      `Too small: ${m.lesion.diameterMm} mm holds too little activity for the probe at ${m.lesion.depthCm} cm (probe ratio ${now.expectedRatio.toFixed(2)}); at this depth and uptake lesions from about ${neededMm} mm would be found.`,
    );
  } else if (neededMm === null && reasons.length === 0) {
    reasons.push(
      `Uptake too low for this depth: with a lesion-to-tissue ratio of ${now.tissueRatio.toFixed(1)} no lesion that fits at ${m.lesion.depthCm} cm reaches ${pct(LIKELY_FOUND_PROBABILITY)} detection in ${model.countSeconds} s.`,
    );
  }
  if (window.ok && (hours < window.fromHours || hours > window.toHours)) {
    const best = model.at(m, window.optimumHours);
    if (best.detectionProbability5s > now.detectionProbability5s + 0.1) {
      reasons.push(
        `Timing: surgery starts ${hours.toFixed(1)} h after injection, outside the recommended ${window.fromHours.toFixed(1)}–${window.toHours.toFixed(1)} h; at ${window.optimumHours.toFixed(1)} h detection in ${model.countSeconds} s would be ${pct(best.detectionProbability5s)}.`,
      );
    }
  }
  if (reasons.length === 0) {
    reasons.push(
      `Weak contrast: probe ratio ${now.expectedRatio.toFixed(2)} (tissue T/B ${now.tissueRatio.toFixed(1)}) at ${now.expectedBackgroundCps.toFixed(0)} cps background gives ${pct(now.detectionProbability5s)} detection in ${model.countSeconds} s.`,
    );
  }
  return reasons;
}
