// Probe quality control (issue 8): QC profile, daily constancy checks with their control chart,
// NEMA NU 3-2004 tests from CSV, the QC gate before a live case and its audited overrides, and a
// PDF report. Computations come from @openrgs/qc; the store keeps the records.
// Reading is for everyone signed in (case:read); recording QC needs qc:write (physicist, admin);
// an override is made by whoever starts the live case (live:operate), with a reason.
import {
  NemaTestCreate,
  NemaTestsQuery,
  PdfFile,
  ProbeParams,
  QcChartAnswer,
  QcChartQuery,
  QcCheckCreate,
  QcCheckList,
  QcCheckParams,
  QcCheckRecord,
  QcChecksQuery,
  QcCheckVoid,
  QcGateAnswer,
  QcGateQuery,
  QcOverrideCreate,
  QcOverrideList,
  QcOverrideRecord,
  QcOverridesQuery,
  QcProfileAnswer,
  QcProfilePut,
  QcProfileRecord,
  QcTestList,
  QcTestRecord,
} from '@openrgs/api';
import { findNuclide } from '@openrgs/physics';
import {
  analyseNemaCsv,
  compareWithReferences,
  controlChart,
  DEFAULT_CONSTANCY_TOLERANCE,
  dailyCheckVerdict,
  evaluateBackground,
  evaluateChecklist,
  evaluateConstancy,
  isValidTimeZone,
  type Measured,
  type NemaCsvOptions,
  type NemaTestResult,
  qcGate,
  renderQcReportPdf,
} from '@openrgs/qc';
import type { ProbeQcProfile, Store } from '@openrgs/store';
import type { FastifyPluginAsync } from 'fastify';
import { departmentTimeZone } from '../domain/qc-gate.js';
import { ApiError, fromIssues, notFound } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

function timeZoneOf(requested: string | undefined, path: string): string {
  const zone = requested ?? departmentTimeZone();
  if (!isValidTimeZone(zone))
    throw new ApiError('validation', `'${zone}' is not an IANA time zone (e.g. Europe/Madrid)`, path);
  return zone;
}

function halfLifeSecondsOf(nuclide: string, path: string): number {
  const n = findNuclide(nuclide);
  if (!n.ok) throw fromIssues(n.issues, { at: path });
  return n.value.halfLifeSeconds;
}

/** The quantity a test is judged by, for the record and the comparison. */
function measuredOf(r: NemaTestResult): { value: number | null; unit: string | null; measured: Measured } {
  switch (r.test) {
    case 'resolution':
      return { value: r.fwhm, unit: 'mm', measured: { spatialFwhmMm: r.fwhm } };
    case 'angular':
      return { value: r.fwhm, unit: 'deg', measured: { angularFwhmDeg: r.fwhm } };
    case 'count-rate':
      return {
        value: r.rateAt20PercentLossCps,
        unit: 'cps',
        measured: { rateAt20PercentLossCps: r.rateAt20PercentLossCps },
      };
    case 'shielding':
      return {
        value: r.sideShieldingPercent,
        unit: '%',
        measured: {
          ...(r.sideShieldingPercent === null ? {} : { sideShieldingPercent: r.sideShieldingPercent }),
          ...(r.backShieldingPercent === null ? {} : { backShieldingPercent: r.backShieldingPercent }),
        },
      };
    case 'sensitivity': {
      const s = r.analysis.atSmallestDistance.sensitivityCpsPerMBq;
      return { value: s, unit: 'cps/MBq', measured: r.medium === 'air' ? { sensitivityCpsPerMBq: s } : {} };
    }
    case 'energy':
      return {
        value: r.analysis.resolutionPercent,
        unit: '%',
        measured: { energyResolutionPercent: r.analysis.resolutionPercent },
      };
  }
}

function toleranceOf(profile: ProbeQcProfile | null) {
  return (
    profile?.constancyTolerance ?? {
      warnPercent: DEFAULT_CONSTANCY_TOLERANCE.warnPercent,
      failPercent: DEFAULT_CONSTANCY_TOLERANCE.failPercent,
    }
  );
}

async function requireProbe(store: Store, id: string) {
  const probe = await store.probes.get(id);
  if (!probe) throw notFound(`probe '${id}' does not exist`, 'params.id');
  return probe;
}

async function chartFor(store: Store, probeId: string, range: { from?: string; to?: string }) {
  const profile = await store.probeQc.getProfile(probeId);
  const checks = await store.probeQc.listChecks(probeId, range);
  const tolerance = toleranceOf(profile);
  const chart = controlChart(
    checks.map((c) => ({ atMs: Date.parse(c.checkedAt), value: c.deviationPercent, id: c.id })),
    { tolerance },
  );
  if (!chart.ok) throw new ApiError('internal', chart.issues[0]?.message ?? 'chart failed');
  return { chart: chart.value, checks, tolerance };
}

export const probeQcRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry, now }) => {
  const actorOf = (auth: { user: { id: string; username: string } }) => ({
    userId: auth.user.id,
    username: auth.user.username,
  });

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/profile',
      summary: 'QC profile of a probe (reference source, baseline, tolerances, energy windows, dead time)',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      status: 200,
      response: QcProfileAnswer,
    },
    async ({ params }) => ({ profile: await store.probeQc.getProfile(params.id) }),
  );

  route(
    app,
    registry,
    {
      method: 'PUT',
      url: '/api/probes/:id/qc/profile',
      summary: 'Set the QC profile of a probe (replaces it; audited)',
      tag: 'probe-qc',
      access: 'qc:write',
      params: ProbeParams,
      body: QcProfilePut,
      status: 200,
      response: QcProfileRecord,
    },
    async ({ auth, params, body }) => {
      if (body.referenceSource)
        halfLifeSecondsOf(body.referenceSource.nuclide, 'body.referenceSource.nuclide');
      return store.probeQc.putProfile(actorOf(auth), params.id, body);
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes/:id/qc/checks',
      summary: 'Record a daily constancy check (computed against the probe’s QC profile)',
      tag: 'probe-qc',
      access: 'qc:write',
      params: ProbeParams,
      body: QcCheckCreate,
      status: 201,
      response: QcCheckRecord,
    },
    async ({ auth, params, body }) => {
      await requireProbe(store, params.id);
      const profile = await store.probeQc.getProfile(params.id);
      const src = profile?.referenceSource;
      if (!profile || !src || profile.baselineCpsPerMBq === null)
        throw new ApiError(
          'conflict',
          'this probe has no reference source or baseline in its QC profile: PUT /api/probes/:id/qc/profile first',
          'params.id',
        );
      if ((body.backgroundCounts === undefined) !== (body.backgroundSeconds === undefined))
        throw new ApiError(
          'validation',
          'backgroundCounts and backgroundSeconds go together',
          'body.backgroundCounts',
        );
      const tolerance = toleranceOf(profile);
      const background =
        body.backgroundCounts !== undefined && body.backgroundSeconds !== undefined
          ? { counts: body.backgroundCounts, seconds: body.backgroundSeconds }
          : undefined;
      const constancy = evaluateConstancy({
        sourceHalfLifeSeconds: halfLifeSecondsOf(src.nuclide, 'profile.referenceSource.nuclide'),
        sourceActivityMBq: src.activityMBq,
        sourceCalibratedAtMs: Date.parse(src.calibratedAt),
        baselineCpsPerMBq: profile.baselineCpsPerMBq,
        measuredCounts: body.measuredCounts,
        countSeconds: body.countSeconds,
        checkedAtMs: Date.parse(body.checkedAt),
        tolerance,
        ...(background ? { background } : {}),
      });
      if (!constancy.ok) throw fromIssues(constancy.issues, { at: 'body' });
      let backgroundCheck = null;
      if (background && profile.maxBackgroundCps !== null) {
        const b = evaluateBackground({
          ...background,
          maxBackgroundCps: profile.maxBackgroundCps,
          ...(profile.referenceBackgroundCps !== null
            ? { referenceBackgroundCps: profile.referenceBackgroundCps }
            : {}),
        });
        if (!b.ok) throw fromIssues(b.issues, { at: 'body' });
        backgroundCheck = b.value;
      }
      const checklist = evaluateChecklist(body.checklist);
      const day = dailyCheckVerdict({ constancy: constancy.value, background: backgroundCheck, checklist });
      const c = constancy.value;
      return store.probeQc.recordCheck(actorOf(auth), params.id, {
        checkedAt: body.checkedAt,
        nuclide: src.nuclide,
        sourceActivityMBq: src.activityMBq,
        sourceCalibratedAt: src.calibratedAt,
        baselineCpsPerMBq: profile.baselineCpsPerMBq,
        measuredCounts: body.measuredCounts,
        countSeconds: body.countSeconds,
        backgroundCounts: background?.counts ?? null,
        backgroundSeconds: background?.seconds ?? null,
        expectedCps: c.expectedCps,
        measuredCps: c.measuredCps,
        deviationPercent: c.deviationPercent,
        countingUncertaintyPercent: c.countingUncertaintyPercent,
        warnPercent: c.tolerance.warnPercent,
        failPercent: c.tolerance.failPercent,
        constancyResult: c.result,
        backgroundResult: backgroundCheck?.result ?? null,
        checklist: body.checklist,
        checklistResult: checklist.result,
        result: day.result,
        detail: { constancy: c, background: backgroundCheck, checklist },
        note: body.note ?? null,
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/checks',
      summary: 'Constancy checks of a probe in time order',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: QcChecksQuery,
      status: 200,
      response: QcCheckList,
    },
    async ({ params, query }) =>
      store.probeQc.listChecks(params.id, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
        includeVoided: query.includeVoided === 'true',
      }),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes/:id/qc/checks/:checkId/void',
      summary: 'Void a constancy check entered in error (kept, marked, audited)',
      tag: 'probe-qc',
      access: 'qc:write',
      params: QcCheckParams,
      body: QcCheckVoid,
      status: 200,
      response: QcCheckRecord,
    },
    async ({ auth, params, body }) => {
      const check = await store.probeQc.getCheck(params.checkId);
      if (!check || check.probeId !== params.id)
        throw notFound(`check '${params.checkId}' of probe '${params.id}' does not exist`, 'params.checkId');
      return store.probeQc.voidCheck(actorOf(auth), params.checkId, body.reason);
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/chart',
      summary:
        'Control chart of the constancy history (deviation %, ±2σ/±3σ limits, tolerance bands, Western Electric rules)',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: QcChartQuery,
      status: 200,
      response: QcChartAnswer,
    },
    async ({ params, query }) => {
      await requireProbe(store, params.id);
      const { chart, tolerance } = await chartFor(store, params.id, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
      });
      return { ...chart, tolerance };
    },
  );

  const gateOf = async (probeId: string, timeZone: string) => {
    const checks = await store.probeQc.listChecks(probeId);
    return qcGate({
      checks: checks.map((c) => ({ id: c.id, checkedAt: c.checkedAt, result: c.result })),
      nowMs: now().getTime(),
      timeZone,
    });
  };

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/gate',
      summary:
        'May this probe start a live case? (passing check today, last check not failed; else an override is needed)',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: QcGateQuery,
      status: 200,
      response: QcGateAnswer,
    },
    async ({ params, query }) => {
      await requireProbe(store, params.id);
      return gateOf(params.id, timeZoneOf(query.timeZone, 'query.timeZone'));
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes/:id/qc/overrides',
      summary: 'Use a probe despite its QC gate, with a reason (audited against the case)',
      tag: 'probe-qc',
      access: 'live:operate',
      params: ProbeParams,
      body: QcOverrideCreate,
      status: 201,
      response: QcOverrideRecord,
    },
    async ({ auth, params, body }) => {
      await requireProbe(store, params.id);
      const gate = await gateOf(params.id, timeZoneOf(body.timeZone, 'body.timeZone'));
      if (!gate.requiresOverride)
        throw new ApiError('conflict', `no override is needed: ${gate.message}`, 'params.id');
      return store.probeQc.recordOverride(actorOf(auth), params.id, {
        caseId: body.caseId,
        reason: body.reason,
        gate,
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/overrides',
      summary: 'Overrides of the QC gate for this probe (optionally for one case)',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: QcOverridesQuery,
      status: 200,
      response: QcOverrideList,
    },
    async ({ params, query }) => {
      await requireProbe(store, params.id);
      return store.probeQc.listOverrides({
        probeId: params.id,
        ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes/:id/qc/tests',
      summary: 'Record a NEMA NU 3-2004 test from its measured CSV (computed and kept with the CSV)',
      tag: 'probe-qc',
      access: 'qc:write',
      params: ProbeParams,
      body: NemaTestCreate,
      status: 201,
      response: QcTestRecord,
    },
    async ({ auth, params, body }) => {
      await requireProbe(store, params.id);
      const options: NemaCsvOptions = {};
      if (body.options.background) options.background = body.options.background;
      if (body.options.windowKeV) options.windowKeV = body.options.windowKeV;
      const s = body.options.sensitivity;
      if (s)
        options.sensitivity = {
          medium: s.medium,
          sourceActivityMBq: s.sourceActivityMBq,
          backgroundCps: s.backgroundCps,
          halfLifeSeconds:
            s.nuclide === null ? null : halfLifeSecondsOf(s.nuclide, 'body.options.sensitivity.nuclide'),
        };
      const r = analyseNemaCsv(body.test, body.csv, options);
      if (!r.ok) throw fromIssues(r.issues, { at: 'body.csv', prefix: 'csv: ', lineInPath: true });
      const profile = await store.probeQc.getProfile(params.id);
      const m = measuredOf(r.value);
      const [row] = compareWithReferences({
        measured: m.measured,
        ...(profile ? { baseline: profile.baselineFigures, manufacturer: profile.manufacturerFigures } : {}),
      });
      return store.probeQc.recordTest(actorOf(auth), params.id, {
        test: body.test,
        purpose: body.purpose,
        performedAt: body.performedAt,
        dataCsv: body.csv,
        options: body.options,
        summary: { result: r.value, comparison: row ?? null },
        mainValue: m.value,
        mainUnit: m.unit,
        meetsCriterion: row?.meetsCriterion ?? null,
        note: body.note ?? null,
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/tests',
      summary: 'NEMA test records of a probe (optionally one test)',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: NemaTestsQuery,
      status: 200,
      response: QcTestList,
    },
    async ({ params, query }) =>
      store.probeQc.listTests(params.id, query.test !== undefined ? { test: query.test } : {}),
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id/qc/report.pdf',
      summary:
        'PDF QC report: latest NEMA test of each kind vs criteria, baseline and manufacturer, and the constancy chart',
      tag: 'probe-qc',
      access: 'case:read',
      params: ProbeParams,
      query: QcChartQuery,
      status: 200,
      response: PdfFile,
      responseDescription: 'application/pdf',
    },
    async ({ reply, params, query }) => {
      const probe = await requireProbe(store, params.id);
      const profile = await store.probeQc.getProfile(params.id);
      const latest = new Map<string, NemaTestResult>();
      for (const t of await store.probeQc.listTests(params.id)) {
        const result = (t.summary as { result?: NemaTestResult } | null)?.result;
        if (result) latest.set(`${t.test}:${result.test === 'sensitivity' ? result.medium : ''}`, result);
      }
      const tests = [...latest.values()];
      const measured: Measured = Object.assign({}, ...tests.map((t) => measuredOf(t).measured));
      const { chart } = await chartFor(store, params.id, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
      });
      const pdf = await renderQcReportPdf({
        probe: {
          model: [probe.manufacturer, probe.model].filter(Boolean).join(' ') || probe.name,
          serial: probe.serialNumber ?? 'not recorded',
          ...(profile?.detectorMaterial ? { detector: profile.detectorMaterial } : {}),
          ...(probe.collimator ? { collimator: probe.collimator } : {}),
        },
        performedAt: now().toISOString(),
        performedBy: 'see each record',
        tests,
        comparison: compareWithReferences({
          measured,
          ...(profile
            ? { baseline: profile.baselineFigures, manufacturer: profile.manufacturerFigures }
            : {}),
        }),
        constancyChart: chart,
        software: 'OpenRGS server',
      });
      reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="rgs-qc-${params.id}.pdf"`);
      return pdf;
    },
  );
};
