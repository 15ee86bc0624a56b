// `rgs plan`: will the probe find each lesion, and when should the tracer be given? Combines the kinetic
// model (kinetics.ts), the probe's view of tissue (geometry.ts with the probe model's point response) and
// the counting engine's decision statistics (detection.ts). Pure: physics and probe data come in through
// PlanningContext, the clock never enters (all times are in the plan).
import { DECISION_SETTINGS, type SpreadPrior } from '@openrgs/counting';
import { firstIssue, type Issue, type Outcome } from '@openrgs/outcome';
import { DEFAULT_DECISION_RULE, type DecisionRule, detectionStatistics } from './detection.js';
import { type GeometryFactors, geometryFactors, type PointResponse, probeRates } from './geometry.js';
import {
  backgroundConcentrationKBqPerMl,
  bodyActivityMBq,
  type ConcentrationInput,
  type TracerKineticsValues,
  tissueRatioAt,
} from './kinetics.js';
import { KINETIC_FIELDS, type Plan, type PlanIssue, type PlanLesion, planIssue } from './plan-schema.js';
import { kineticsValues, type ResolvedTracer, resolveTracer } from './resolve-tracer.js';
import type { SourcedValue } from './sourced.js';
import {
  operatingRoomVerdictProbability,
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
/** Counting time per background site when PLAN.json does not say (s): counting DECISION_SETTINGS. */
export const DEFAULT_BACKGROUND_SITE_SECONDS = DECISION_SETTINGS.backgroundSiteSeconds;

/** A probe as planning uses it: the point response in tissue plus what the detector adds on its own. */
export interface PlanProbe {
  /** cps per MBq at (z, ρ) in tissue in front of the probe face, before dead time. */
  response: PointResponse;
  /** Counts with no source (natural background, detector noise), cps. */
  backgroundCps: number;
  /** Non-paralysable dead time (s); observed = true / (1 + true·τ) (Knoll, 4th ed., eq. 4.23). */
  deadTimeSeconds: number;
}

/** A probe found for a plan: its response and what it says about itself. */
export type FoundProbe = { probeName: string; basis: string } & PlanProbe;

/**
 * Why a probe cannot serve a plan: `unknown-probe` (not a preset; the message lists them), `unknown-nuclide`
 * (not in the physics data), `no-window` (the probe has no energy window for the nuclide; the message names
 * the presets that have one). Each `invalid`, at the plan's `probe`.
 */
export type ProbeIssue = Issue & { code: 'unknown-probe' | 'unknown-nuclide' | 'no-window' };

/** The probe, or the one issue that stops it (@openrgs/outcome). */
export type ProbeLookup = Outcome<FoundProbe, ProbeIssue>;

/** A probe lookup's refusal: one `invalid` issue at the plan's `probe`. */
export function probeRefusal(code: ProbeIssue['code'], message: string): ProbeLookup {
  return { ok: false, issues: [{ kind: 'invalid', code, message, path: 'probe' }] };
}

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
  /**
   * Probability of a positive verdict within the counting budget. In a plan's lesion results: in the
   * operating room (the engine's rule, k background sites that scatter, between-site spread); from
   * `PlanModel.at` alone: with the background known exactly.
   */
  detectionProbability5s: number;
  /** The same with the background known exactly and no spread (the best case); set in lesion results. */
  detectionProbability5sKnownBackground?: number;
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
  /** Operating-room probability of a positive verdict within the budget at surgery start (likelyFound uses it). */
  detectionProbability5s: number;
  /** The best case at surgery start: background known exactly, no spread between sites. */
  detectionProbability5sKnownBackground: number;
  expectedSecondsToVerdict: number;
  atSurgeryStart: LesionAtTime;
  atSurgeryEnd: LesionAtTime;
  likelyFound: boolean;
  /** Plain-language reasons when the lesion is unlikely to be found (empty otherwise). */
  reasons: string[];
  /**
   * When the lesion would be found with the background known exactly but not with the planned sites: the
   * fewest background sites (same counting time, up to 20) with which the operating-room probability
   * reaches LIKELY_FOUND_PROBABILITY at surgery start and end; null otherwise or when 20 do not suffice.
   */
  backgroundSitesForLikelyFound: number | null;
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
  verdictModel: VerdictRule & {
    backgroundSitesBasis: string;
    spreadCvBasis: string;
    /** Which spread prior the engine's limit uses in the plan, in words (learnt, or none). */
    spreadPriorBasis: string;
    /** Sites the engine asks for before its verdicts stop being provisional at the planned spread. */
    engineMinimumSites: number;
    /** How the headline probabilities are computed (the operating-room model), in words. */
    probabilityModel: string;
  };
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
    /** What `rows` is judged under: the operating room's rule and background sites (as the headline). */
    basis: 'operating-room';
    rows: { depthCm: number; smallestDiameterMm: number | null }[];
    /** The same with the background known exactly: the best case. */
    rowsKnownBackground: { depthCm: number; smallestDiameterMm: number | null }[];
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

export type PlanComputation = Outcome<PlanResult, PlanIssue>;

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
      hit = operatingRoomVerdictProbability(this.sourcesAt(model, hours), this.verdictRule);
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

export interface ComputePlanOptions {
  /**
   * The department's learnt between-site spread for this tracer (counting estimateSpreadPrior over past
   * cases: the server's planning route, `rgs plan --spread-prior`); null or absent: none (today's rule).
   */
  spreadPrior?: SpreadPrior | null;
  /** Why no prior (or where it came from), in words, for the plan to say. */
  spreadPriorNote?: string;
}

export function computePlan(
  plan: Plan,
  context: PlanningContext,
  options: ComputePlanOptions = {},
): PlanComputation {
  const tracer = resolveTracer(plan);
  const halfLifeSeconds = context.halfLifeSeconds(tracer.nuclide);
  if (halfLifeSeconds === undefined) {
    return {
      ok: false,
      issues: [
        planIssue(
          'no-physics-data',
          plan.tracer === 'custom' ? 'customTracer.nuclide' : 'tracer',
          `nuclide '${tracer.nuclide}' is not in the physics data`,
        ),
      ],
    };
  }
  const lookup = context.probe(plan.probe, tracer.nuclide);
  if (!lookup.ok)
    return { ok: false, issues: [planIssue('unknown-probe', 'probe', firstIssue(lookup.issues).message)] };
  const probe = lookup.value;

  // A lesion must lie inside the tissue in front of the probe: beyond the default slab, the thickness is
  // the team's to state (no depth-dependent default: it made the rate rise with depth).
  if (plan.tissueThicknessCm === undefined) {
    const beyond = plan.lesions.flatMap((l, i) => {
      const farEdge = l.depthCm + l.diameterMm / 20;
      return l.tissueThicknessCm === undefined && farEdge > DEFAULT_TISSUE_THICKNESS_CM
        ? [
            planIssue(
              'beyond-tissue',
              `lesions[${i}].depthCm`,
              `the lesion's far edge (${Number(farEdge.toFixed(2))} cm) lies beyond the default ${DEFAULT_TISSUE_THICKNESS_CM} cm of tissue in front of the probe: give tissueThicknessCm (for the plan or this lesion)`,
            ),
          ]
        : [];
    });
    if (beyond.length > 0) return { ok: false, issues: beyond };
  }
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
  const countSeconds = plan.decision?.countSeconds ?? DECISION_SETTINGS.countSeconds;
  assumptions.push(
    `Verdict: the live engine's sequential test (SPRT) of H0 = background against H1 = ${rule.minimumRatio} × background, alpha ${rule.alpha}, beta ${rule.beta}, on ${rule.frameSeconds} s frames with boundaries calibrated for the frame overshoot (@openrgs/counting); background known from measurements next to the lesion.`,
    'Background is the tissue next to the lesion (with the nearby organ behind it, when one is named); the probe rests on the tissue surface above the lesion centre.',
    `Probe ${plan.probe}: its own background (${probe.backgroundCps} cps) is added to both rates and its dead time (${Number((probe.deadTimeSeconds * 1e6).toPrecision(3))} µs, non-paralysable) applied.`,
    'Lesion uptake ratio is the lesion ÷ normal tissue concentration ratio on pre-op imaging, taken at the tracer reference time unless uptakeRatioMeasuredAtHours says otherwise.',
  );

  const physicalHalfLifeHours = halfLifeSeconds / 3600;
  const spreadPrior = options.spreadPrior ?? null;
  const spreadCv =
    plan.decision?.siteSpreadCv ??
    (spreadPrior !== null ? Math.sqrt(Math.expm1(spreadPrior.logVariance)) : DEFAULT_SITE_SPREAD_CV);
  const spreadPriorBasis =
    spreadPrior !== null
      ? `learnt from the department's past cases (empirical Bayes, counting spread-prior.ts): ${spreadPrior.source}; ${spreadPrior.cases} cases, ${spreadPrior.sites} sites, prior CV ${(100 * Math.sqrt(Math.expm1(spreadPrior.logVariance))).toFixed(0)} %, ${Number.isFinite(spreadPrior.degreesOfFreedom) ? spreadPrior.degreesOfFreedom.toFixed(1) : '∞'} sites' worth`
      : (options.spreadPriorNote ??
        "none: the engine's limit rests on the planned sites' own spread (no learnt prior given)");
  const verdictRule: VerdictRule = {
    rule: plan.decision?.rule ?? DECISION_SETTINGS.rule,
    ratio: rule.minimumRatio,
    alpha: rule.alpha,
    beta: rule.beta,
    frameSeconds: rule.frameSeconds,
    countSeconds,
    // Placeholder until the engine's minimum at the planned spread is known (below).
    backgroundSites: plan.decision?.backgroundSites ?? DECISION_SETTINGS.workflowBackgroundSites,
    backgroundSiteSeconds: plan.decision?.backgroundSiteSeconds ?? DEFAULT_BACKGROUND_SITE_SECONDS,
    spreadCv,
    spreadPrior,
  };
  const modelOptions = {
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
    planTissueThicknessCm: plan.tissueThicknessCm ?? defaultTissueThicknessCm(),
  };
  const startHoursForSites = (Date.parse(plan.surgeryStart) - Date.parse(plan.injectedAt)) / HOUR_MS;
  // How many sites the engine asks for before its verdicts stop being provisional, at the planned spread
  // (counting background-model.ts minimumSites, at the limit's alpha; never below the workflow's three).
  // The team counts that many (the console says so while verdicts are provisional), so the plan assumes
  // it unless decision.backgroundSites says otherwise (docs/planning.md §4, "Decision settings").
  const firstLesion = plan.lesions[0];
  const engineMinimumSites =
    firstLesion === undefined
      ? DECISION_SETTINGS.workflowBackgroundSites
      : (() => {
          const probeModel = new PlanModel({ ...modelOptions, verdictRule });
          return plannedBackgroundModel(
            probeModel.sourcesAt(probeModel.lesionModel(firstLesion), startHoursForSites),
            verdictRule,
          ).minimumSites;
        })();
  if (plan.decision?.backgroundSites === undefined) verdictRule.backgroundSites = engineMinimumSites;
  const model = new PlanModel({ ...modelOptions, verdictRule });
  if (plan.tissueThicknessCm === undefined && plan.lesions.some((l) => l.tissueThicknessCm === undefined)) {
    assumptions.push(
      `Tissue thickness in front of the probe not given: ${DEFAULT_TISSUE_THICKNESS_CM} cm for every lesion (a mobilised bowel loop with mesentery; tissueThicknessCm).`,
    );
  }
  const injectedMs = Date.parse(plan.injectedAt);
  const startMs = Date.parse(plan.surgeryStart);
  const endMs = startMs + plan.surgeryDurationMinutes * 60_000;
  const startHours = (startMs - injectedMs) / HOUR_MS;
  const endHours = (endMs - injectedMs) / HOUR_MS;

  const models = plan.lesions.map((lesion) => model.lesionModel(lesion));
  const backgroundSitesBasis =
    plan.decision?.backgroundSites === undefined
      ? `the ${engineMinimumSites} sites the engine asks for at this spread before its verdicts stop being provisional (counting DECISION_SETTINGS.minimumSites; at least the workflow's ${DECISION_SETTINGS.workflowBackgroundSites}; decision.backgroundSites)`
      : 'decision.backgroundSites';
  const spreadCvBasis =
    plan.decision?.siteSpreadCv === undefined && spreadPrior !== null
      ? `the learnt prior's CV (${spreadPrior.source})`
      : plan.decision?.siteSpreadCv === undefined
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
    // Headline figures: the operating-room probability (verdict-model.ts operatingRoomVerdictProbability),
    // with the best case of an exactly known background kept beside it.
    const operatingRoom = (at: LesionAtTime): LesionAtTime => ({
      ...at,
      detectionProbability5s: model.verdictAt(m, at.hoursAfterInjection).positive,
      detectionProbability5sKnownBackground: at.detectionProbability5s,
    });
    const atStart = operatingRoom(model.at(m, startHours, true));
    const atEnd = operatingRoom(model.at(m, endHours, true));
    const curve = evaluation.curves[index];
    const worst = Math.min(atStart.detectionProbability5s, atEnd.detectionProbability5s);
    const likelyFound = worst >= LIKELY_FOUND_PROBABILITY;
    const sitesForLikelyFound =
      likelyFound ||
      Math.min(
        atStart.detectionProbability5sKnownBackground ?? 0,
        atEnd.detectionProbability5sKnownBackground ?? 0,
      ) < LIKELY_FOUND_PROBABILITY
        ? null
        : sitesNeededFor(model, m, [startHours, endHours]);
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
      detectionProbability5sKnownBackground: atStart.detectionProbability5sKnownBackground ?? 0,
      expectedSecondsToVerdict: atStart.expectedSecondsToVerdict,
      atSurgeryStart: atStart,
      atSurgeryEnd: atEnd,
      likelyFound,
      reasons: likelyFound ? [] : explain(model, m, startHours, window, sitesForLikelyFound),
      backgroundSitesForLikelyFound: sitesForLikelyFound,
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
    // The operating room's rule and background sites, as the headline; the exactly known background
    // (the best case) beside it.
    basis: 'operating-room' as const,
    rows: DETECTABILITY_DEPTHS_CM.map((depthCm) => ({
      depthCm,
      smallestDiameterMm: smallestDetectableDiameterMm(
        model,
        { uptakeRatio: mapRatio, depthCm },
        startHours,
        DETECTABILITY_PROBABILITY,
        'operating-room',
      ),
    })),
    rowsKnownBackground: DETECTABILITY_DEPTHS_CM.map((depthCm) => ({
      depthCm,
      smallestDiameterMm: smallestDetectableDiameterMm(
        model,
        { uptakeRatio: mapRatio, depthCm },
        startHours,
        DETECTABILITY_PROBABILITY,
        'known-background',
      ),
    })),
  };

  const hours = curveHours(horizonHours);
  const timeCurves = {
    hours,
    lesions: models.map((m, index) => {
      const curve = evaluation.curves[index];
      const lesionCps: number[] = [];
      const backgroundCps: number[] = [];
      const ratio: number[] = [];
      const correctVerdictProbability: number[] = [];
      for (const h of hours) {
        const r = model.ratesAt(m, h);
        lesionCps.push(r.lesionCps);
        backgroundCps.push(r.backgroundCps);
        ratio.push(r.lesionCps / r.backgroundCps);
        // Read off the window's grid (linear between its points): the operating-room model is too costly to
        // evaluate at every point of the plotted curves.
        correctVerdictProbability.push(curve ? interpolate(curve.hours, curve.probability, h) : 0);
      }
      return { label: m.lesion.label, lesionCps, backgroundCps, ratio, correctVerdictProbability };
    }),
  };

  const recommendedWindow = window.ok ? { fromHours: window.fromHours, toHours: window.toHours } : null;
  return {
    ok: true,
    value: {
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
      verdictModel: {
        ...verdictRule,
        backgroundSitesBasis,
        spreadCvBasis,
        spreadPriorBasis,
        engineMinimumSites,
        probabilityModel: OPERATING_ROOM_MODEL_TEXT,
      },
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

const OPERATING_ROOM_MODEL_TEXT =
  "probability that the live engine calls the lesion positive within the counting budget, averaged over the background model k real sites would give (their mean and spread scatter: normal theory, Cochran), the lesion site's own tissue and the counting noise (planning verdict-model.ts operatingRoomVerdictProbability)";

/** Grid points of the window spread's variants (the nominal window uses WINDOW_GRID_POINTS). */
const SPREAD_GRID_POINTS = 16;
/** Bisection steps of the variants' edges (1/16 of their grid step: the spread is a range, not a figure). */
const SPREAD_BISECTIONS = 4;

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
      const w = recommendWindow(variant, models, horizonHours, SPREAD_GRID_POINTS, SPREAD_BISECTIONS);
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
  return lesion.tissueThicknessCm ?? planThicknessCm ?? defaultTissueThicknessCm();
}

/**
 * The default tissue slab (cm) when neither the plan nor the lesion gives one: DEFAULT_TISSUE_THICKNESS_CM
 * for every lesion of every plan. It depends on nothing in the plan, so the lesion count rate never rises
 * with depth, within a plan or across plans (issue 12: a per-lesion slab gave 179 → 139 → 121 → 132 cps at
 * 1/2/3/5 cm; a slab set by the plan's deepest lesion made the same lesion count differently in two plans).
 * A lesion whose far edge lies beyond it needs a stated thickness (computePlan names the field).
 */
export function defaultTissueThicknessCm(): number {
  return DEFAULT_TISSUE_THICKNESS_CM;
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

/** Linear interpolation in a table with ascending xs, held constant beyond its ends. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (xs.length === 0) return 0;
  if (x <= (xs[0] ?? 0)) return ys[0] ?? 0;
  for (let i = 1; i < xs.length; i++) {
    const x1 = xs[i] ?? 0;
    if (x <= x1) {
      const x0 = xs[i - 1] ?? 0;
      const y0 = ys[i - 1] ?? 0;
      return y0 + ((ys[i] ?? 0) - y0) * ((x - x0) / (x1 - x0));
    }
  }
  return ys[ys.length - 1] ?? 0;
}

/** Points of the plotted time curves (rates and ratios; the probability read off the window's grid). */
export const TIME_CURVE_POINTS = 120;

function curveHours(horizonHours: number): number[] {
  const n = TIME_CURVE_POINTS;
  const out: number[] = [];
  for (let i = 1; i <= n; i++) out.push((horizonHours * i) / n);
  return out;
}

/**
 * What a detection probability is judged under: `operating-room` — the engine's rule against a
 * normal-tissue limit from the background sites the team counts, with their spread (the plan's headline);
 * `known-background` — the background known exactly (the best case, no site spread).
 */
export type DetectionBasis = 'operating-room' | 'known-background';

/** Probability that a lesion is found within the budget at `hours`, under a basis. */
export function foundProbability(
  model: PlanModel,
  m: LesionModel,
  hours: number,
  basis: DetectionBasis,
): number {
  return basis === 'operating-room'
    ? model.verdictAt(m, hours).positive
    : model.at(m, hours).detectionProbability5s;
}

/**
 * Smallest lesion diameter (mm, 1 mm steps) found with `probability` at a depth under `basis` (by default
 * the operating room's); null if none up to 2 × depth or 100 mm.
 */
export function smallestDetectableDiameterMm(
  model: PlanModel,
  lesion: { uptakeRatio: number; depthCm: number; nearbyOrgan?: 'liver' | 'kidney' | 'spleen' | 'none' },
  hours: number,
  probability = DETECTABILITY_PROBABILITY,
  basis: DetectionBasis = 'operating-room',
): number | null {
  const maxMm = Math.min(100, Math.floor(lesion.depthCm * 20));
  // One slab per depth, holding the largest lesion tried there (radius ≤ depth), so the answer does not
  // depend on the diameters the search tries.
  const planSlab = model.planTissueThicknessCm ?? DEFAULT_TISSUE_THICKNESS_CM;
  const slab = Math.max(planSlab, lesion.depthCm + maxMm / 20);
  const detected = (diameterMm: number) =>
    foundProbability(
      model,
      model.lesionModel({
        label: 'map',
        diameterMm,
        depthCm: lesion.depthCm,
        uptakeRatio: lesion.uptakeRatio,
        nearbyOrgan: lesion.nearbyOrgan ?? 'none',
        ...(slab > planSlab ? { tissueThicknessCm: slab } : {}),
      }),
      hours,
      basis,
    ) >= probability;
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

/** The most background sites a plan considers (counting DECISION_SETTINGS.minimumSites.cap). */
export const MAX_PLANNED_SITES = DECISION_SETTINGS.minimumSites.cap;

/**
 * Fewest background sites (more than planned, up to MAX_PLANNED_SITES) with which the operating-room
 * probability reaches LIKELY_FOUND_PROBABILITY at every one of `hours`; null when none does. Bisection on
 * k: more sites never loosen the engine's limit.
 */
function sitesNeededFor(model: PlanModel, m: LesionModel, hours: readonly number[]): number | null {
  const found = (k: number) => {
    const variant = new PlanModel({
      ...model.options,
      verdictRule: { ...model.verdictRule, backgroundSites: k },
    });
    return hours.every((h) => variant.verdictAt(m, h).positive >= LIKELY_FOUND_PROBABILITY);
  };
  let lo = model.verdictRule.backgroundSites;
  let hi = MAX_PLANNED_SITES;
  if (lo >= hi || !found(hi)) return null;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (found(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Plain-language reasons a lesion is unlikely to be found, most important first. */
function explain(
  model: PlanModel,
  m: LesionModel,
  hours: number,
  window: WindowRecommendation,
  sitesNeeded: number | null,
): string[] {
  const reasons: string[] = [];
  const now = model.at(m, hours);
  const organ = m.lesion.nearbyOrgan ?? 'none';
  const rates = model.ratesAt(m, hours);
  const operatingRoom = model.verdictAt(m, hours);
  if (
    now.detectionProbability5s >= LIKELY_FOUND_PROBABILITY &&
    operatingRoom.positive < LIKELY_FOUND_PROBABILITY
  ) {
    // Contrast and counts suffice; what is missing is a normal-tissue limit the engine can trust.
    const rule = model.verdictRule;
    const limit =
      operatingRoom.thresholdCps === null || !Number.isFinite(operatingRoom.thresholdCps)
        ? 'above any rate a frame may show'
        : `typically ${(operatingRoom.thresholdCps / rates.backgroundCps).toFixed(1)} × the background`;
    const more =
      sitesNeeded === null
        ? `even ${MAX_PLANNED_SITES} sites do not bring it to ${pct(LIKELY_FOUND_PROBABILITY)}`
        : `with ${sitesNeeded} sites of ${rule.backgroundSiteSeconds} s it would be ${pct(LIKELY_FOUND_PROBABILITY)} or more`;
    reasons.push(
      `Background sites: with the background known exactly it would be found (${pct(now.detectionProbability5s)} within ${model.countSeconds} s, probe ratio ${now.expectedRatio.toFixed(2)}), but the engine judges it against a normal-tissue limit set from ${rule.backgroundSites} site${rule.backgroundSites === 1 ? '' : 's'} at alpha ${rule.alpha} (${limit}; between-site CV ${(100 * rule.spreadCv).toFixed(0)} %${rule.spreadPrior ? ', learnt prior applied' : ''}), so ${pct(operatingRoom.positive)}; ${more}${rule.spreadPrior ? '' : "; the department's learnt spread prior (past cases) tightens the limit"}.`,
    );
    return reasons;
  }
  if (now.tissueRatio <= 1) {
    reasons.push(
      `Uptake too low: the lesion holds no more tracer than normal tissue (T/B ${now.tissueRatio.toFixed(2)} at surgery); radioguidance cannot distinguish it.`,
    );
    return reasons;
  }
  // From here on every figure is the operating room's (the engine's rule against the background sites the
  // team counts), as the headline: the known-background best case was judged in the branch above.
  const found = (lesion: LesionModel, at: number) => foundProbability(model, lesion, at, 'operating-room');
  if (organ !== 'none' && rates.organCps > 0.3 * rates.backgroundCps) {
    const away = model.lesionModel({ ...m.lesion, nearbyOrgan: 'none' });
    const without = model.at(away, hours);
    reasons.push(
      `Next to the ${organ}: the ${organ} behind it gives ${pct(rates.organCps / rates.backgroundCps)} of the counts next to the lesion, so the probe ratio falls to ${now.expectedRatio.toFixed(2)} (${without.expectedRatio.toFixed(2)} away from the ${organ}; detection in ${model.countSeconds} s ${pct(found(away, hours))}).`,
    );
  }
  const shallow = Math.max(m.lesion.diameterMm / 20, 0.5);
  if (m.lesion.depthCm > shallow) {
    if (found(model.lesionModel({ ...m.lesion, depthCm: shallow }), hours) >= LIKELY_FOUND_PROBABILITY) {
      let depth = shallow;
      while (
        depth + 0.25 <= m.lesion.depthCm &&
        found(model.lesionModel({ ...m.lesion, depthCm: depth + 0.25 }), hours) >= LIKELY_FOUND_PROBABILITY
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
    'operating-room',
  );
  if (neededMm !== null && neededMm > m.lesion.diameterMm) {
    reasons.push(
      `Too small: ${m.lesion.diameterMm} mm holds too little activity for the probe at ${m.lesion.depthCm} cm (probe ratio ${now.expectedRatio.toFixed(2)}); at this depth and uptake lesions from about ${neededMm} mm would be found.`,
    );
  } else if (neededMm === null && reasons.length === 0) {
    reasons.push(
      `Uptake too low for this depth: with a lesion-to-tissue ratio of ${now.tissueRatio.toFixed(1)} no lesion that fits at ${m.lesion.depthCm} cm reaches ${pct(LIKELY_FOUND_PROBABILITY)} detection in ${model.countSeconds} s under the operating room's rule.`,
    );
  }
  if (window.ok && (hours < window.fromHours || hours > window.toHours)) {
    const best = found(m, window.optimumHours);
    if (best > operatingRoom.positive + 0.1) {
      reasons.push(
        `Timing: surgery starts ${hours.toFixed(1)} h after injection, outside the recommended ${window.fromHours.toFixed(1)}–${window.toHours.toFixed(1)} h; at ${window.optimumHours.toFixed(1)} h detection in ${model.countSeconds} s would be ${pct(best)}.`,
      );
    }
  }
  if (reasons.length === 0) {
    reasons.push(
      `Weak contrast: probe ratio ${now.expectedRatio.toFixed(2)} (tissue T/B ${now.tissueRatio.toFixed(1)}) at ${now.expectedBackgroundCps.toFixed(0)} cps background gives ${pct(operatingRoom.positive)} detection in ${model.countSeconds} s under the operating room's rule (${pct(now.detectionProbability5s)} with the background known exactly).`,
    );
  }
  return reasons;
}
