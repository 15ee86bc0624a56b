// The wire contract pinned: the counting engine's snapshot, the server's LiveState and the store's records
// against the types and zod schemas of @openrgs/api (issue 16, "one wire contract").
//  - Compile time (checked by `npm run typecheck`): the fields the server copies from the engine's snapshot
//    and the store's records have exactly the api's types — a renamed, retyped, added or dropped field is a
//    type error here.
//  - Run time: a LiveState a real station sends over the socket, a measurement the server records and the
//    same measurement read back from a real SQLite store parse with the api schemas, and parsing drops
//    nothing (zod objects strip unknown keys, so `parse(x)` deep-equal to `x` means no field beyond the
//    contract; a missing or mistyped field fails the parse).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as api from '@openrgs/api';
import type { LiveSnapshot } from '@openrgs/counting';
import {
  type DoseReport,
  doseRequestSchema,
  type PlanResult,
  type PregnancyCheck,
  planSchema,
  type tracerListJson,
} from '@openrgs/planning';
import type { CHECKLIST_ITEMS, ControlChart, NEMA_CSV_TESTS, QcGate } from '@openrgs/qc';
import type { caseToFhirBundle, GroupStats, RegistryStats } from '@openrgs/report';
import type { BodyMap, FaultFlags, ProbePose } from '@openrgs/sim';
import type {
  AuditRecord,
  BackgroundModel,
  CaseDetail,
  CaseSummary,
  FollowUp,
  ImportResult,
  Lesion,
  LiveFrame,
  LiveSession,
  LiveSessionDetail,
  Measurement,
  Note,
  Patient,
  Probe,
  ProbeQcProfile,
  QcCheck,
  QcOverride,
  QcTest,
  Specimen,
  StorageHealthState,
  TracerAdministration,
} from '@openrgs/store';
import type { z } from 'zod';
import type { LoopDelay } from './http/event-loop.js';
import type { FrameWriterStats } from './live/frame-writer.js';
import type { LiveStation } from './live/station.js';
import { as, type TestApp, testApp } from './test-support.js';
import { LiveTestClient } from './ws-test-client.js';

/** True only when A and B are the same type (mutual assignability is too weak: it ignores `readonly`, `any`). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile unless its argument is `true`. */
function pin<_T extends true>(): void {}

type Wire<S extends z.ZodType> = z.infer<S>;

// The live engine's snapshot → LiveState: the fields the server passes through unchanged.
pin<Equals<LiveSnapshot['frame'], Wire<typeof api.LiveState>['frame']>>();
pin<Equals<LiveSnapshot['audio'], Wire<typeof api.AudioCue>>>();
pin<Equals<LiveSnapshot['verdict'], Wire<typeof api.Verdict>>>();
pin<
  Equals<
    Pick<LiveSnapshot, 'rateCps' | 'rateLowCps' | 'rateHighCps' | 'ratio' | 'ratioLow' | 'ratioHigh'>,
    Pick<
      Wire<typeof api.LiveState>,
      'rateCps' | 'rateLowCps' | 'rateHighCps' | 'ratio' | 'ratioLow' | 'ratioHigh'
    >
  >
>();
pin<
  Equals<
    Pick<LiveSnapshot, 'evidence' | 'holdStillSeconds'>,
    Pick<api.LiveState, 'evidence' | 'holdStillSeconds'>
  >
>();
// The engine's frame issue carries a code of its own union; the wire says string: every code is one.
pin<LiveSnapshot['frameIssue'] extends NonNullable<api.LiveState['frameIssue']> | null ? true : false>();
// The background the wire carries is the engine's summary: the same fields, every value of the wire's type
// (the wire marks the fields added later optional, for older screens).
type WireBackground = NonNullable<api.LiveState['background']>;
type EngineBackground = NonNullable<LiveSnapshot['background']>;
pin<Equals<keyof EngineBackground, keyof WireBackground>>();
pin<EngineBackground extends WireBackground ? true : false>();
// The server's mapping returns the api's LiveState (not a look-alike).
pin<Equals<ReturnType<LiveStation['liveState']>, api.LiveState>>();

// The store's records are the api's response types.
pin<Equals<Measurement, api.Measurement>>();
pin<Equals<BackgroundModel, z.infer<typeof api.BackgroundModel>>>();
pin<Equals<AuditRecord, z.infer<typeof api.AuditRecord>>>();
// Cases, probes, patients and follow-ups: the records the console reads (its screens parse them with these
// same schemas, packages/console/src/api.ts and record-api.ts).
pin<Equals<Probe, api.ProbeRecord>>();
pin<Equals<CaseSummary, api.CaseSummaryRecord>>();
pin<Equals<CaseDetail, api.CaseDetailRecord>>();
pin<Equals<TracerAdministration, api.TracerAdministrationRecord>>();
pin<Equals<Lesion, api.LesionRecord>>();
pin<Equals<Specimen, api.SpecimenRecord>>();
pin<Equals<Note, api.NoteRecord>>();
pin<Equals<Patient, api.PatientRecord>>();
pin<Equals<FollowUp, api.FollowUpRecord>>();
// Live sessions: what starting, ending and reading a session answers, and its stored frames.
pin<Equals<LiveSession, api.LiveSessionRecord>>();
pin<Equals<LiveSessionDetail, api.LiveSessionDetail>>();
pin<Equals<LiveFrame, api.LiveFrameRecord>>();
pin<Equals<LiveSession, z.infer<typeof api.LiveSessionList>[number]>>();
// Probe QC: the store's records, @openrgs/qc's gate and chart, and the vocabularies the requests take.
pin<Equals<ProbeQcProfile, api.QcProfileRecord>>();
pin<Equals<QcCheck, api.QcCheckRecord>>();
pin<Equals<QcTest, api.QcTestRecord>>();
pin<Equals<QcOverride, api.QcOverrideRecord>>();
pin<Equals<QcGate, api.QcGateAnswer>>();
type Flat<T> = { [K in keyof T]: T[K] };
pin<
  Equals<Flat<ControlChart & { tolerance: { warnPercent: number; failPercent: number } }>, api.QcChartAnswer>
>();
pin<Equals<typeof CHECKLIST_ITEMS, typeof api.QC_CHECKLIST_ITEMS>>();
pin<Equals<typeof NEMA_CSV_TESTS, typeof api.NEMA_TEST_NAMES>>();

// Registry statistics: @openrgs/report's RegistryStats as JSON. Every engine value is one of the wire's
// (a threshold of +∞ travels as null, so the wire's thresholds are nullable), and no level has a field the
// other lacks.
type WireStats = api.RegistryStats;
type WireGroup = WireStats['groups'][number];
type EngineRoc = Exclude<GroupStats['roc'], { insufficient: string }>;
type WireRoc = Exclude<WireGroup['roc'], { insufficient: string }>;
pin<RegistryStats extends WireStats ? true : false>();
pin<Equals<keyof RegistryStats, keyof WireStats>>();
pin<Equals<keyof GroupStats, keyof WireGroup>>();
pin<Equals<keyof EngineRoc, keyof WireRoc>>();
pin<Equals<keyof RegistryStats['resection']['R0'], keyof WireStats['resection']['R0']>>();
pin<Equals<keyof NonNullable<GroupStats['accuracy']>, keyof NonNullable<WireGroup['accuracy']>>>();
pin<
  Equals<
    keyof RegistryStats['foundByRgsNotSeenOnImaging'][number],
    keyof WireStats['foundByRgsNotSeenOnImaging'][number]
  >
>();
pin<Equals<ImportResult, z.infer<typeof api.RegistryImportResult>>>();
// The simulated station: @openrgs/sim's body map, pose and faults as JSON (the wire marks the background
// sites optional, for older servers).
type WireMap = api.BodyMap;
pin<BodyMap extends WireMap ? true : false>();
pin<Equals<keyof BodyMap, keyof WireMap>>();
pin<Equals<keyof BodyMap['organs'][number], keyof WireMap['organs'][number]>>();
pin<
  Equals<keyof BodyMap['organs'][number]['parts'][number], keyof WireMap['organs'][number]['parts'][number]>
>();
pin<Equals<keyof BodyMap['lesions'][number], keyof WireMap['lesions'][number]>>();
pin<
  Equals<keyof BodyMap['backgroundSites'][number], keyof NonNullable<WireMap['backgroundSites']>[number]>
>();
pin<ProbePose extends z.infer<typeof api.StationPose>['pose'] ? true : false>();
pin<Equals<keyof ProbePose, keyof z.infer<typeof api.StationPose>['pose']>>();
pin<FaultFlags extends z.infer<typeof api.FaultFlags> ? true : false>();
pin<Equals<keyof FaultFlags, keyof z.infer<typeof api.FaultFlags>>>();
pin<Equals<keyof FaultFlags, keyof z.infer<typeof api.FaultsRequest>>>();

// GET /api/health: the store's health, the frame writer's and the event loop's figures as they are (the
// route's handler must return the api's Health, so these pins add: no field the wire lacks).
pin<Equals<keyof StorageHealthState, keyof z.infer<typeof api.StorageHealth>>>();
pin<StorageHealthState extends z.infer<typeof api.StorageHealth> ? true : false>();
pin<Equals<FrameWriterStats, z.infer<typeof api.Health>['frameWriter']>>();
pin<Equals<LoopDelay, z.infer<typeof api.EventLoopDelay>>>();
// GET /api/cases/:id/fhir: @openrgs/report's bundle (@medplum/fhirtypes) has the wire's kind and entries.
type EngineBundle = ReturnType<typeof caseToFhirBundle>;
type WireBundle = z.infer<typeof api.FhirBundle>;
pin<Equals<EngineBundle['resourceType'], WireBundle['resourceType']>>();
pin<Equals<EngineBundle['type'], WireBundle['type']>>();
pin<Equals<NonNullable<NonNullable<EngineBundle['entry']>[number]['fullUrl']>, string>>();
pin<
  NonNullable<NonNullable<EngineBundle['entry']>[number]['resource']>['resourceType'] extends string
    ? true
    : false
>();

// The planning answers: api/planning.ts is a hand copy of @openrgs/planning's PlanResult, DoseReport and
// tracer list (api may not import planning, docs/architecture.md); these pins hold it to the original — the
// same fields with the same types, optional where planning's are. One field differs on purpose: a pregnancy
// check's operationsWithinLimit is +∞ when the operation gives no dose, which JSON carries as null.
// (Deep flattens planning's intersections, `DecisionRule & { countSeconds }`, into one object each.)
type Deep<T> = T extends object ? { [K in keyof T]: Deep<T[K]> } : T;
pin<Equals<Deep<PlanResult>, Deep<z.infer<typeof api.PlanAnswer>>>>();
type WireDose = z.infer<typeof api.DoseAnswer>;
type WireCheck = WireDose['pregnancy']['checks'][number];
pin<Equals<Deep<Omit<DoseReport, 'pregnancy'>>, Deep<Omit<WireDose, 'pregnancy'>>>>();
pin<Equals<Deep<Omit<DoseReport['pregnancy'], 'checks'>>, Deep<Omit<WireDose['pregnancy'], 'checks'>>>>();
pin<Equals<Omit<PregnancyCheck, 'operationsWithinLimit'>, Omit<WireCheck, 'operationsWithinLimit'>>>();
pin<Equals<WireCheck['operationsWithinLimit'], PregnancyCheck['operationsWithinLimit'] | null>>();
pin<
  Equals<
    { tracers: ReturnType<typeof tracerListJson>; probes: string[] },
    z.infer<typeof api.TracerListAnswer>
  >
>();

/** Parses with the schema and asserts nothing was dropped: no field beyond the contract. */
function parsesExactly<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  assert.ok(parsed.success, `${what} does not match the api contract: ${parsed.error?.message}`);
  assert.deepEqual(parsed.data, value, `${what} carries fields the api contract does not name`);
  return parsed.data;
}

describe('wire contract on sqlite: a real station, server and store against @openrgs/api', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await testApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  after(async () => t.close());

  test('every route takes and answers with the schemas of @openrgs/api themselves, not copies', () => {
    const contract = new Set<unknown>(Object.values(api));
    // PLAN.json and the dose request are @openrgs/planning's own file formats, read the same by `rgs plan`
    // and `rgs dose`; the routes take them as they are (docs/planning.md §8).
    const planningFiles = new Set<unknown>([planSchema, doseRequestSchema]);
    const foreign: string[] = [];
    for (const { spec } of t.routes.routes) {
      for (const part of ['params', 'query', 'body', 'response'] as const) {
        const schema = spec[part];
        if (schema === undefined || contract.has(schema)) continue;
        if (part === 'body' && planningFiles.has(schema)) continue;
        foreign.push(`${spec.method} ${spec.url}: its ${part} schema is not an export of @openrgs/api`);
      }
    }
    assert.ok(t.routes.routes.length >= 80, `only ${t.routes.routes.length} routes registered`);
    assert.deepEqual(foreign, []);
  });

  test('every route declares its answer: a response schema of @openrgs/api (a 204 too: NoContent)', () => {
    // The WebSocket's upgrade answers 101 with no body; its messages are api.LiveServerMessage, parsed in the
    // test below.
    const noBody = new Set(['GET /api/live']);
    const undeclared = t.routes.routes
      .map(({ spec }) => ({ name: `${spec.method} ${spec.url}`, spec }))
      .filter(({ name, spec }) => spec.response === undefined && !noBody.has(name))
      .map(({ name }) => `${name}: declares no response schema`);
    assert.deepEqual(undeclared, []);
    const live = t.routes.routes.find(({ spec }) => spec.url === '/api/live');
    assert.equal(live?.spec.status, 101, 'the one route without a body is the WebSocket upgrade');
  });

  test('LiveState over the socket (with a background) and the recorded measurement read back', async () => {
    const kase = (
      await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: 'contract case' },
      })
    ).json() as { id: string };
    const c = await LiveTestClient.open(`ws://${base}/api/live?token=${t.tokens.surgeon}&stationId=test-1`);
    await c.next('subscribed');
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/stations/test-1/sessions',
      headers: as(t.tokens.surgeon),
      payload: { caseId: kase.id },
    });
    assert.equal(started.statusCode, 201, started.body);
    parsesExactly(api.LiveServerMessage, await c.next('station'), 'station message');

    // Three background sites (40 frames each, ~100 cps), then a hot site that the engine decides.
    for (const [i, counts] of [190, 205, 210].entries()) {
      const mark = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/site',
        headers: as(t.tokens.surgeon),
        payload: { siteLabel: `bowel wall ${i + 1}`, kind: 'background' },
      });
      assert.equal(mark.statusCode, 201, mark.body);
      for (let f = 0; f < 40; f += 1)
        t.source.push(f < counts % 40 ? Math.ceil(counts / 40) : Math.floor(counts / 40));
      const rec = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/measurements',
        headers: as(t.tokens.surgeon, { 'idempotency-key': `contract-bg-${i}` }),
        payload: { kind: 'background' },
      });
      assert.equal(rec.statusCode, 201, rec.body);
    }
    await t.app.inject({
      method: 'POST',
      url: '/api/stations/test-1/site',
      headers: as(t.tokens.surgeon),
      payload: { siteLabel: 'mesenteric node', kind: 'in-vivo' },
    });
    for (let f = 0; f < 40; f += 1) t.source.push(50);
    let live = parsesExactly(api.LiveState, await c.next('live'), 'LiveState');
    let sawFirst = false;
    while (!(live.frame.counts === 50 && Math.abs((live.siteSeconds ?? 0) - 2) < 1e-9)) {
      live = parsesExactly(api.LiveState, await c.next('live'), 'LiveState');
      sawFirst = true;
    }
    assert.ok(sawFirst);
    assert.equal(live.background?.sites, 3, 'the LiveState checked carries a background');
    assert.equal(live.verdict, 'positive');

    const hot = await t.app.inject({
      method: 'POST',
      url: '/api/stations/test-1/measurements',
      headers: as(t.tokens.surgeon, { 'idempotency-key': 'contract-hot-1' }),
      payload: { kind: 'in-vivo' },
    });
    assert.equal(hot.statusCode, 201, hot.body);
    const sent = parsesExactly(api.Measurement, hot.json(), 'measurement response');
    assert.ok(sent.backgroundModel !== null, 'the measurement checked carries a background model');

    // The same record read back from the SQLite store, and the case's list over HTTP.
    const stored = await t.store.measurements.get(kase.id, sent.id);
    assert.ok(stored);
    parsesExactly(api.Measurement, stored, 'stored measurement');
    const all = await t.store.measurements.list(kase.id);
    assert.equal(all.length, 4);
    for (const m of all) parsesExactly(api.Measurement, m, `stored measurement ${m.siteLabel}`);
    const audit = await t.store.audit.list({ caseId: kase.id, limit: 100 });
    assert.ok(audit.length > 0);
    for (const a of audit) parsesExactly(api.AuditRecord, a, `audit record ${a.action}`);
    c.close();
  });
});
