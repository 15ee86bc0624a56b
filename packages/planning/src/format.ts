// Human-readable text of a plan result (CLI, logs of the plan endpoint). No I/O.
import type { PlanResult } from './plan.js';
import { TRACER_PRESETS } from './tracers.js';

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '∞';
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function percent(p: number): string {
  const v = 100 * p;
  return `${v >= 99.5 && v < 100 ? v.toFixed(1) : v.toFixed(0)} %`;
}

export function formatPlanText(r: PlanResult): string {
  const lines: string[] = [];
  const h = r.hoursAfterInjection;
  lines.push(
    `Plan: ${r.tracer.name} (${r.tracer.nuclide}, T½ ${fixed(r.tracer.physicalHalfLifeHours, 2)} h), ${r.injectedActivityMBq} MBq injected ${r.injectedAt}`,
  );
  lines.push(
    `Surgery ${fixed(h.surgeryStart, 1)}–${fixed(h.surgeryEnd, 1)} h after injection (${r.surgeryStart} to ${r.surgeryEnd}); probe ${r.probe.id}: ${r.probe.name}`,
  );
  const v = r.verdictModel;
  if (r.window.ok) {
    const u = r.windowUncertainty;
    const w = r.window;
    lines.push(
      `Recommended window: ${fixed(w.fromHours, 1)}–${fixed(w.toHours, 1)} h after injection (optimum ${fixed(w.optimumHours, 1)} h)` +
        (u ? `; over the parameters' ranges ${fixed(u.fromHoursLow, 1)}–${fixed(u.toHoursHigh, 1)} h` : ''),
    );
    lines.push(
      `    basis: probability of a correct verdict within ${v.countSeconds} s for the detectable lesions (${w.basisLesions.map((l) => `'${l}'`).join(', ')}; limiting: '${w.basisLesion}'): ${percent(w.optimumProbability)} at the optimum; the window keeps it ≥ ${percent(w.edgeProbability)} (within ${fixed(100 * w.tolerance, 0)} points of the maximum).`,
    );
    lines.push(
      `Planned timing ${r.plannedTimingInWindow ? 'is inside' : 'is NOT inside'} the recommended window.`,
    );
  } else {
    lines.push(`No recommended window: ${r.window.reason}.`);
  }
  lines.push(
    `Verdict model: the counting engine's ${v.rule} rule (alpha ${v.alpha}, beta ${v.beta}, T/B ${v.ratio}, ${v.frameSeconds} s frames), ${v.backgroundSites} background site${v.backgroundSites === 1 ? '' : 's'} × ${v.backgroundSiteSeconds} s (${v.backgroundSitesBasis}), between-site CV ${fixed(100 * v.spreadCv, 0)} % (${v.spreadCvBasis}); spread prior: ${v.spreadPriorBasis}. The engine asks for ${v.engineMinimumSites} sites at this spread before its verdicts stop being provisional.`,
  );
  if (r.undetectableLesions.length > 0) {
    lines.push(
      `Undetectable at any time (below the ${percent(r.window.ok ? r.window.detectableFloor : 0.5)} floor; they do not set the window):`,
    );
    for (const u of r.undetectableLesions)
      lines.push(
        `  - ${u.label}: at best ${percent(u.bestProbability)} within ${v.countSeconds} s (at ${fixed(u.bestAtHours, 1)} h)`,
      );
  }
  if (r.publishedComparison) {
    const p = r.publishedComparison;
    lines.push(
      `Published practice: ${p.typicalActivityMBq.low}–${p.typicalActivityMBq.high} MBq, ${fixed(p.publishedIntervalHours.fromHours, 1)}–${fixed(p.publishedIntervalHours.toHours, 1)} h (${p.publishedIntervalHours.source}).`,
    );
  }
  lines.push('');
  const head = [
    pad('lesion', 22),
    pad('Ø mm', 6, true),
    pad('depth cm', 9, true),
    pad('tissue T/B', 11, true),
    pad('lesion cps', 11, true),
    pad('bkg cps', 9, true),
    pad('probe T/B', 10, true),
    pad('P(+) 5 s', 9, true),
    pad('verdict s', 10, true),
  ];
  lines.push(`At surgery start:\n${head.join(' ')}`);
  for (const l of r.lesions) {
    lines.push(
      [
        pad(l.label.slice(0, 22), 22),
        pad(fixed(l.diameterMm, 0), 6, true),
        pad(fixed(l.depthCm, 1), 9, true),
        pad(fixed(l.atSurgeryStart.tissueRatio, 1), 11, true),
        pad(fixed(l.expectedRateCps, 0), 11, true),
        pad(fixed(l.expectedBackgroundCps, 0), 9, true),
        pad(fixed(l.expectedRatio, 2), 10, true),
        pad(`${fixed(100 * l.detectionProbability5s, 0)} %`, 9, true),
        pad(fixed(l.expectedSecondsToVerdict, 1), 10, true),
      ].join(' '),
    );
    if (l.nearbyOrgan !== 'none') lines.push(`    next to the ${l.nearbyOrgan}`);
    lines.push(
      `    at surgery end: probe T/B ${fixed(l.atSurgeryEnd.expectedRatio, 2)}, P(+) 5 s ${fixed(100 * l.atSurgeryEnd.detectionProbability5s, 0)} %, verdict in ${fixed(l.atSurgeryEnd.expectedSecondsToVerdict, 1)} s`,
    );
    const c = l.correctVerdictProbability;
    lines.push(
      `    correct verdict within ${r.verdictModel.countSeconds} s (engine's rule, site spread): ${percent(c.atSurgeryStart)} at start, ${percent(c.atSurgeryEnd)} at end; best ${percent(c.best)} at ${fixed(c.bestAtHours, 1)} h${l.detectable ? '' : ' — undetectable at any time'}`,
    );
    for (const reason of l.reasons) lines.push(`    ! ${reason}`);
  }
  lines.push('');
  const m = r.detectabilityMap;
  lines.push(
    `Smallest lesion found with ${fixed(100 * m.detectionProbability, 0)} % probability in ${m.countSeconds} s (uptake ratio ${m.uptakeRatio}, at surgery start):`,
  );
  const mapRow = (rows: typeof m.rows) =>
    rows
      .map(
        (row) =>
          `${row.depthCm} cm: ${row.smallestDiameterMm === null ? '—' : `${row.smallestDiameterMm} mm`}`,
      )
      .join(', ');
  lines.push(`    operating room (engine's rule, background sites): ${mapRow(m.rows)}`);
  lines.push(`    best case (background known exactly):             ${mapRow(m.rowsKnownBackground)}`);
  lines.push('');
  lines.push(
    `Activity in the patient: ${fixed(r.rates.surgeryStart.bodyActivityMBq, 0)} MBq at start, ${fixed(r.rates.surgeryEnd.bodyActivityMBq, 0)} MBq at end; normal tissue ${fixed(r.rates.surgeryStart.backgroundKBqPerMl, 2)} → ${fixed(r.rates.surgeryEnd.backgroundKBqPerMl, 2)} kBq/mL.`,
  );
  lines.push('Assumptions:');
  for (const a of r.assumptions) lines.push(`  - ${a}`);
  lines.push(`Probe model: ${r.probe.basis}`);
  return lines.join('\n');
}

export function formatTracerList(): string {
  const lines = ['Tracer presets (PLAN.json "tracer"; or "custom" with customTracer):', ''];
  for (const t of TRACER_PRESETS) {
    lines.push(`${t.id}`);
    lines.push(`    ${t.name}; nuclide ${t.nuclide}`);
    lines.push(
      `    published: ${t.typicalActivityMBq.low}–${t.typicalActivityMBq.high} MBq, ${fixed(t.publishedIntervalHours.fromHours, 1)}–${fixed(t.publishedIntervalHours.toHours, 1)} h (${t.publishedIntervalHours.source})`,
    );
    lines.push(`    uptake ratio reference time ${t.kinetics.referenceTimeHours.value} h after injection`);
  }
  return lines.join('\n');
}

export function tracerListJson() {
  return TRACER_PRESETS.map((t) => ({
    id: t.id,
    name: t.name,
    nuclide: t.nuclide,
    typicalActivityMBq: t.typicalActivityMBq,
    publishedIntervalHours: t.publishedIntervalHours,
    kinetics: t.kinetics,
  }));
}
