// The set-ups of the virtual NEMA NU 3 tests that count in the probe's window: spatial resolution, angular
// resolution, sensitivity, side/back shielding and count-rate capability. Each reuses the geometry of
// probe-figures.ts, so a virtual measurement analysed by packages/qc can be checked against probeFigures.
// The test titles follow NEMA NU 3-2004 (qc nema-reference.ts); the standard's clauses were not read.
import { type ProbeResponse, pointSourceCpsPerMBq } from './response.js';
import {
  crossing,
  type TestPart,
  tidy,
  VIRTUAL_QC_DEFAULTS,
  type VirtualCounter,
  type VirtualQcIssue,
  type VirtualQcOptions,
  type VirtualQcRow,
  virtualQcIssue,
} from './virtual-qc-setup.js';

const geometryIssue = (message: string): VirtualQcIssue => virtualQcIssue('bad-geometry', message);

export interface GeometryContext {
  options: VirtualQcOptions;
  response: ProbeResponse;
  counter: VirtualCounter;
  warnings: string[];
}

function secondsLine(o: VirtualQcOptions): string {
  return `${o.secondsPerPoint} s per point, counted one after another from t = 0 (decay with T½ of ${o.nuclide})`;
}

function profileWarnings(
  ctx: GeometryContext,
  widthName: string,
  width: number | null,
  step: number,
  unit: string,
) {
  if (width !== null && step > width / 5)
    ctx.warnings.push(
      `step ${step} ${unit} is more than ${widthName}/5 (${tidy(width / 5)} ${unit}): interpolation bias may reach 1 % (packages/qc/README.md)`,
    );
}

export function resolution(ctx: GeometryContext): TestPart {
  const o = ctx.options;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.resolutionDistanceCm;
  const stepMm = o.stepMm ?? VIRTUAL_QC_DEFAULTS.resolutionStepMm;
  const water = o.medium === 'water';
  // Lateral offset x (cm) of the source at depth d; in water the tip touches the surface and the path
  // from source to tip is all water (as rate.ts computes it for a tip on the tissue surface).
  const rate = (xCm: number) =>
    pointSourceCpsPerMBq(ctx.response, Math.abs(xCm), d, water ? Math.hypot(xCm, d) : 0);
  const peak = rate(0);
  const halfCm = crossing(rate, peak / 2, 0.05, 20);
  const fwhmMm = halfCm === null ? null : 20 * halfCm;
  const tenthCm = crossing(rate, peak / 10, 0.05, 20);
  let halfRangeMm = 5;
  while (
    halfRangeMm < VIRTUAL_QC_DEFAULTS.resolutionMaxHalfRangeMm &&
    rate(halfRangeMm / 10) > VIRTUAL_QC_DEFAULTS.profileTailFraction * peak
  )
    halfRangeMm += 5;
  if (rate(halfRangeMm / 10) <= VIRTUAL_QC_DEFAULTS.profileTailFraction * peak)
    halfRangeMm += VIRTUAL_QC_DEFAULTS.profileMarginMm;
  else
    ctx.warnings.push(
      `the profile stays above ${100 * VIRTUAL_QC_DEFAULTS.profileTailFraction} % of its peak out to ±${halfRangeMm} mm (shield leakage): FWTM and edge backgrounds include leakage`,
    );
  profileWarnings(ctx, 'FWHM', fwhmMm, stepMm, 'mm');
  const n = Math.ceil(halfRangeMm / stepMm - 1e-9);
  const rows: VirtualQcRow[] = [];
  for (let i = -n; i <= n; i++) {
    const xMm = tidy(i * stepMm);
    const { counts, ...c } = ctx.counter.count(rate(xMm / 10), o.secondsPerPoint);
    rows.push({ ...c, values: { positionMm: xMm, counts } });
  }
  return {
    rows,
    geometry: [
      `point source ${d} cm ${water ? 'deep in water, probe tip on the water surface' : 'in front of the probe tip, in air'}`,
      `moved across the probe face from ${tidy(-n * stepMm)} to ${tidy(n * stepMm)} mm in steps of ${stepMm} mm (probe axis at 0)`,
      secondsLine(o),
    ],
    analysis: { background: `constant:${tidy(o.probe.backgroundCps * o.secondsPerPoint)}` },
    model: { fwhmMm, fwtmMm: tenthCm === null ? null : 20 * tenthCm, peakCpsPerMBq: peak },
  };
}

export function angular(ctx: GeometryContext): TestPart | VirtualQcIssue {
  const o = ctx.options;
  const r = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.angularDistanceCm;
  const housingCm = ctx.response.geometry.shieldOuterRadiusCm;
  if (r <= housingCm)
    return geometryIssue(
      `an angular radius of ${r} cm would put the source inside the probe housing at 90° (outer radius ${housingCm} cm)`,
    );
  const stepDeg = o.stepDeg ?? VIRTUAL_QC_DEFAULTS.angularStepDeg;
  const water = o.medium === 'water';
  // Rotating the probe about its tip by θ puts the source at (r sin θ, r cos θ) in the probe frame — the
  // circle probeFigures uses. In water the probe is immersed: the path source → tip is r of water.
  const rate = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    return pointSourceCpsPerMBq(ctx.response, r * Math.abs(Math.sin(t)), r * Math.cos(t), water ? r : 0);
  };
  const peak = rate(0);
  const maxDeg = VIRTUAL_QC_DEFAULTS.angularMaxDeg;
  const half = crossing(rate, peak / 2, 0.5, maxDeg);
  const tenth = crossing(rate, peak / 10, 0.5, maxDeg);
  const fwhmDeg = half === null ? null : 2 * half;
  if (fwhmDeg === null)
    ctx.warnings.push(`the response does not fall to half its peak within ±${maxDeg}°: no FWHM can be read`);
  profileWarnings(ctx, 'FWHM', fwhmDeg, stepDeg, '°');
  const n = Math.floor(maxDeg / stepDeg + 1e-9);
  const rows: VirtualQcRow[] = [];
  for (let i = -n; i <= n; i++) {
    const deg = tidy(i * stepDeg);
    const { counts, ...c } = ctx.counter.count(rate(deg), o.secondsPerPoint);
    rows.push({ ...c, values: { angleDeg: deg, counts } });
  }
  return {
    rows,
    geometry: [
      `point source on a circle of radius ${r} cm around the probe tip, ${water ? 'in water (probe immersed)' : 'in air'}`,
      `probe rotated about its tip from ${tidy(-n * stepDeg)}° to ${tidy(n * stepDeg)}° in steps of ${stepDeg}° (0° = source on the axis)`,
      secondsLine(o),
    ],
    analysis: { background: `constant:${tidy(o.probe.backgroundCps * o.secondsPerPoint)}` },
    model: { fwhmDeg, fwtmDeg: tenth === null ? null : 2 * tenth, peakCpsPerMBq: peak },
  };
}

export function sensitivity(ctx: GeometryContext): TestPart {
  const o = ctx.options;
  const distancesMm = o.distancesMm ?? VIRTUAL_QC_DEFAULTS.sensitivityDistancesMm;
  const water = o.medium === 'water';
  const model: Record<string, number | null> = {};
  const rows: VirtualQcRow[] = [];
  for (const dMm of distancesMm) {
    const cps = pointSourceCpsPerMBq(ctx.response, 0, dMm / 10, water ? dMm / 10 : 0);
    model[`sensitivityAt${dMm}MmCpsPerMBq`] = cps;
    const { counts, ...c } = ctx.counter.count(cps, o.secondsPerPoint);
    rows.push({
      ...c,
      values: { distanceMm: dMm, counts, seconds: o.secondsPerPoint, elapsedSeconds: tidy(c.startSeconds) },
    });
  }
  return {
    rows,
    geometry: [
      `point source on the probe axis at ${distancesMm.join(', ')} mm ${water ? 'deep in water, probe tip on the water surface' : 'from the probe tip, in air'}`,
      secondsLine(o),
      'elapsedSeconds = start of each count after the activity reference time (the start of the first count)',
    ],
    analysis: {
      medium: water ? 'scatter' : 'air',
      sourceActivityMBq: o.activityMBq,
      backgroundCps: o.probe.backgroundCps,
      nuclide: o.nuclide,
    },
    model,
  };
}

export function shielding(ctx: GeometryContext): TestPart | VirtualQcIssue {
  const o = ctx.options;
  const g = ctx.response.geometry;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.shieldingDistanceCm;
  const r = g.crystalRadiusCm;
  // probeFigures' set-up: front on the axis d + r beyond the crystal's front face, side d + r from the
  // axis in the crystal's mid-plane; back mirrors the front behind the crystal's back face.
  const front = { rho: 0, z: g.crystalFrontZCm + d + r };
  const side = { rho: r + d, z: (g.crystalFrontZCm + g.crystalBackZCm) / 2 };
  const back = { rho: 0, z: g.crystalBackZCm - d - r };
  if (front.z <= 0)
    return geometryIssue(`the front source (${tidy(front.z)} cm) would sit inside the collimator bore`);
  if (side.rho <= g.shieldOuterRadiusCm)
    return geometryIssue(
      `the side source (${tidy(side.rho)} cm from the axis) would sit inside the shield (outer radius ${g.shieldOuterRadiusCm} cm)`,
    );
  if (back.z >= g.shieldBackZCm)
    return geometryIssue(
      `the back source (z ${tidy(back.z)} cm) would sit inside the back shield (which ends at z ${tidy(g.shieldBackZCm)} cm)`,
    );
  const rate = (p: { rho: number; z: number }) => pointSourceCpsPerMBq(ctx.response, p.rho, p.z, 0);
  const frontCps = rate(front);
  const sideCps = rate(side);
  const backCps = rate(back);
  const long = VIRTUAL_QC_DEFAULTS.shieldingLongCountFactor * o.secondsPerPoint;
  const rows: VirtualQcRow[] = [];
  for (const [position, cps, seconds] of [
    ['front', frontCps, o.secondsPerPoint],
    ['side', sideCps, long],
    ['back', backCps, long],
    ['background', 0, long],
  ] as const) {
    const { counts, ...c } = ctx.counter.count(cps, seconds);
    rows.push({ ...c, values: { position, counts, seconds } });
  }
  return {
    rows,
    geometry: [
      `front: source on the axis ${tidy(front.z)} cm from the tip (${d} cm + crystal radius beyond the crystal's front face), in air`,
      `side: source ${tidy(side.rho)} cm from the axis in the crystal's mid-plane (${d} cm beside the crystal); back: on the axis ${tidy(-back.z)} cm behind the tip`,
      `front counted ${o.secondsPerPoint} s; side, back and background (no source) ${long} s each, one after another`,
    ],
    analysis: {},
    model: {
      sideShieldingPercent: 100 * (1 - sideCps / frontCps),
      backShieldingPercent: 100 * (1 - backCps / frontCps),
      frontCpsPerMBq: frontCps,
    },
  };
}

export function countRate(ctx: GeometryContext): TestPart | VirtualQcIssue {
  const o = ctx.options;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.countRateDistanceCm;
  const cps = pointSourceCpsPerMBq(ctx.response, 0, d, 0);
  const tau = o.probe.deadTimeSeconds;
  const rows: VirtualQcRow[] = [];
  for (const f of VIRTUAL_QC_DEFAULTS.countRateFractions) {
    // A dilution series: each source's activity is its activity when counted (no decay between them).
    const { counts, ...c } = ctx.counter.count(cps, o.secondsPerPoint, {
      activityMBq: o.activityMBq * f,
      decays: false,
    });
    if (c.expectedCounts < 100)
      return virtualQcIssue(
        'too-few-counts',
        `the weakest source of the series (${tidy(o.activityMBq * f)} MBq) gives only ${tidy(c.expectedCounts)} counts in ${o.secondsPerPoint} s; raise --activity-mbq or --seconds-per-point`,
      );
    if (counts === 0)
      return virtualQcIssue(
        'too-few-counts',
        'a count of the series came out 0 (cannot form a measured rate)',
      );
    rows.push({
      ...c,
      values: {
        trueRateCps: tidy(c.sourceRateCps + o.probe.backgroundCps),
        measuredRateCps: tidy(counts / o.secondsPerPoint),
      },
    });
  }
  const rateAt20 = tau > 0 ? 0.25 / tau : null;
  if (rateAt20 !== null && ctx.counter.maxLoss < 0.1) {
    const needMBq = (1.5 * rateAt20) / cps;
    ctx.warnings.push(
      `the strongest source loses only ${(100 * ctx.counter.maxLoss).toFixed(1)} % to dead time; a series up to about ${tidy(Number(needMBq.toPrecision(2)))} MBq reaches past 20 % loss`,
    );
  }
  return {
    rows,
    geometry: [
      `a dilution series of ${VIRTUAL_QC_DEFAULTS.countRateFractions.length} sources (${VIRTUAL_QC_DEFAULTS.countRateFractions.join(', ')} × ${o.activityMBq} MBq), each on the axis ${d} cm from the tip, in air`,
      `each counted ${o.secondsPerPoint} s; trueRateCps = the model's source rate + probe background (as if known from calibrated activities), measuredRateCps = counts / seconds`,
    ],
    analysis: {},
    model: {
      deadTimeSeconds: tau,
      rateAt20PercentLossCps: rateAt20,
      cpsPerMBq: cps,
    },
  };
}
