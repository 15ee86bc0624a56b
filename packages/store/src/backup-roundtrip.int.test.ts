// Property: backup → restore gives back every value, on every pair of engines (SQLite → SQLite,
// PostgreSQL → PostgreSQL and both cross pairs). fast-check generates records with extreme values —
// the largest and smallest finite doubles (subnormals included), -0, 2^53 − 1, text with astral
// characters, combining marks, emoji sequences and line breaks (whatever passes the text hygiene of
// @openrgs/api), empty strings and nulls where a column takes them, and the boundary instants
// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z — writes them through the store API, backs the
// store up, restores it into a fresh store of each engine and compares every row of every table.
// A failing case prints its seed; RGS_PROPERTY_SEED replays it, RGS_PROPERTY_RUNS runs more cases.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { textProblem } from '@openrgs/api';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { backup } from './backup.js';
import { restore } from './restore.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

type Row = Record<string, unknown>;
const actor = { userId: null, username: 'roundtrip' };

/** Text the edge would accept (NFC, no control/bidi characters, no lone surrogates). */
const odd = [
  '',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛', // mathematical alphanumerics (astral plane)
  '👩🏽‍⚕️🧬☢️', // emoji with skin tone, ZWJ sequence and variation selectors
  'q\u0307\u0323 ạ̈ ǹ̰', // combining marks that have no precomposed form
  '𠜎𠜱𠝹𠱓 中文 العربية עברית', // CJK extension B, RTL scripts (no bidi controls)
  "O'Brien; DROP TABLE cases; -- = + @ \\ \" '",
  'line one\nline two\r\n\ttabbed',
  '\u00a0non-breaking\u2028line separator\u2029paragraph\ufeffzwnbsp',
  'x'.repeat(4000),
  '💥'.repeat(1500),
];
const textArb = (multiLine: boolean) =>
  fc
    .oneof(
      fc.constantFrom(...odd),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    )
    .map((s) => s.normalize('NFC'))
    .filter((s) => textProblem(s, multiLine) === undefined);
const nonEmptyText = textArb(false).filter((s) => s.length > 0);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const extremes = [
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE, // 5e-324, the smallest subnormal
  2.2250738585072014e-308, // the smallest normal
  1e-310,
  -0,
  0,
  0.1 + 0.2,
  Number.MAX_SAFE_INTEGER,
  Number.EPSILON,
];
const doubleArb = fc.oneof(fc.constantFrom(...extremes), fc.double({ noNaN: true, noDefaultInfinity: true }));
const countArb = fc.oneof(
  fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 0, max: 2 ** 31 }),
);
const MIN_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const instantArb = fc
  .oneof(fc.constantFrom(MIN_TIME, MAX_TIME, 0, -1, 1), fc.integer({ min: MIN_TIME, max: MAX_TIME }))
  .map((ms) => new Date(ms).toISOString());

const recordArb = fc.record({
  clock: instantArb,
  userDisplayName: nullable(textArb(false)),
  patientGivenName: nullable(textArb(false)),
  birthYear: nullable(fc.constantFrom(1, 1900, 9999)),
  caseLabel: nonEmptyText,
  indication: nullable(textArb(true)),
  procedureDate: nullable(fc.constantFrom('0001-01-01', '9999-12-31', '2026-02-28')),
  decayReferenceTime: nullable(instantArb),
  tracerAgent: nonEmptyText,
  activityMBq: doubleArb,
  administeredAt: instantArb,
  lesionLocation: nullable(textArb(true)),
  sizeMm: nullable(doubleArb),
  preopPositionCm: nullable(fc.tuple(doubleArb, doubleArb, doubleArb)),
  ki67Percent: nullable(doubleArb),
  noteText: textArb(true),
  counts: countArb,
  durationSeconds: doubleArb,
  measuredAt: instantArb,
  rateCps: doubleArb,
  rateLowCps: nullable(doubleArb),
  ratio: nullable(doubleArb),
  halfLifeSeconds: nullable(doubleArb),
  siteLabel: nonEmptyText,
  evidence: textArb(true),
  frames: fc.array(
    fc.record({
      startSeconds: doubleArb,
      durationSeconds: doubleArb,
      counts: countArb,
      liveTimeSeconds: nullable(doubleArb),
      receivedAtMs: doubleArb,
    }),
    { maxLength: 4 },
  ),
  followUpNote: nullable(textArb(true)),
});
type Generated = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes one generated record through the store API (not raw SQL): every repository's own path. */
async function write(target: TempTarget['target'], records: Generated[]): Promise<void> {
  let clock = new Date(MIN_TIME);
  const store = await Store.open(target, { now: () => clock });
  try {
    for (const [i, r] of records.entries()) {
      clock = new Date(r.clock);
      await store.users.create(actor, {
        username: `user-${i}`,
        displayName: r.userDisplayName,
        role: 'surgeon',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
      });
      const patient = await store.patients.create(actor, {
        pseudonym: `P-${i}`,
        birthYear: r.birthYear,
        identity: { givenName: r.patientGivenName, familyName: '', medicalRecordNumber: null },
      });
      const kase = await store.cases.create(actor, {
        label: r.caseLabel,
        patientId: patient.id,
        procedureDate: r.procedureDate,
        indication: r.indication,
        decayReferenceTime: r.decayReferenceTime,
      });
      await store.caseItems.addTracer(actor, kase.id, {
        agent: r.tracerAgent,
        nuclide: 'Tc-99m',
        activityMBq: r.activityMBq,
        administeredAt: r.administeredAt,
        route: r.indication,
      });
      const lesion = await store.caseItems.addLesion(actor, kase.id, {
        label: `L-${r.siteLabel}`,
        location: r.lesionLocation,
        sizeMm: r.sizeMm,
        preopPositionCm: r.preopPositionCm,
        ki67Percent: r.ki67Percent,
        pathologyNote: r.indication,
      });
      await store.caseItems.addSpecimen(actor, kase.id, {
        label: r.siteLabel,
        lesionId: lesion.id,
        description: r.noteText,
        excisedAt: r.measuredAt,
      });
      await store.caseItems.addNote(actor, kase.id, r.noteText);
      const probe = await store.probes.create(actor, {
        name: `probe-${i}`,
        detector: 'gamma',
        manufacturer: r.userDisplayName,
      });
      const session = await store.live.start(actor, {
        caseId: kase.id,
        stationId: r.siteLabel,
        probeId: probe.id,
        probeName: r.tracerAgent,
      });
      await store.live.appendFrames(
        r.frames.map((f, seq) => ({
          ...f,
          seq: seq === 0 ? Number.MAX_SAFE_INTEGER - 10 : seq,
          liveSessionId: session.id,
        })),
      );
      await store.measurements.record(actor, {
        caseId: kase.id,
        idempotencyKey: r.siteLabel,
        requestHash: r.noteText,
        input: {
          kind: 'in-vivo',
          siteLabel: r.siteLabel,
          counts: r.counts,
          durationSeconds: r.durationSeconds,
          measuredAt: r.measuredAt,
          lesionId: lesion.id,
          probeId: probe.id,
          source: 'manual',
        },
        derive: () => ({
          rateCps: r.rateCps,
          rateLowCps: r.rateLowCps,
          rateHighCps: r.rateLowCps,
          decayCorrectedRateCps: r.ratio,
          decayReferenceTime: r.decayReferenceTime,
          nuclide: r.indication,
          halfLifeSeconds: r.halfLifeSeconds,
          backgroundModel: null,
          ratio: r.ratio,
          ratioLow: r.sizeMm,
          ratioHigh: r.ki67Percent,
          verdict: 'undecided',
          evidence: r.evidence,
          warnings: [r.noteText, r.evidence],
        }),
      });
      await store.registry.addFollowUp(actor, kase.id, {
        date: r.procedureDate ?? '2026-01-01',
        recurrence: i % 2 === 0,
        note: r.followUpNote,
      });
    }
  } finally {
    await store.close();
  }
}

/** Every row of every table (schema_migrations aside: its applied_at is when migrations ran). */
async function dump(target: TempTarget['target']): Promise<Record<string, Row[]>> {
  const store = await Store.open(target);
  try {
    const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
    const tables =
      store.engine === 'sqlite'
        ? await sql<{ t: string }>`select name as t from sqlite_master
            where type = 'table' and name not like 'sqlite_%'`.execute(raw)
        : await sql<{ t: string }>`select table_name as t from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(raw);
    const out: Record<string, Row[]> = {};
    for (const { t } of tables.rows) {
      if (t === 'schema_migrations') continue;
      const rows = (await sql<Row>`select * from ${sql.table(t)}`.execute(raw)).rows;
      out[t] = rows
        .map((row) =>
          Object.fromEntries(
            Object.keys(row)
              .sort()
              .map((k) => [k, row[k]]),
          ),
        )
        .sort((a, b) => (canonical(a) < canonical(b) ? -1 : 1));
    }
    return out;
  } finally {
    await store.close();
  }
}

/** JSON that keeps what JSON.stringify would lose: -0 and the exact double. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === 'number' ? (Object.is(v, -0) ? '-0' : `n:${v.toString()}`) : v,
  );
}

/** The first difference between two dumps, named by table, row and column; undefined when equal. */
function firstDifference(a: Record<string, Row[]>, b: Record<string, Row[]>): string | undefined {
  const tables = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const t of tables) {
    const ra = a[t] ?? [];
    const rb = b[t] ?? [];
    if (ra.length !== rb.length) return `${t}: ${ra.length} rows backed up, ${rb.length} restored`;
    for (const [i, row] of ra.entries()) {
      const other = rb[i] ?? {};
      for (const column of new Set([...Object.keys(row), ...Object.keys(other)])) {
        if (canonical(row[column]) !== canonical(other[column])) {
          return `${t} row ${i} column ${column}: ${canonical(row[column]).slice(0, 80)} became ${canonical(other[column]).slice(0, 80)}`;
        }
      }
    }
  }
  return undefined;
}

describe('backup and restore round-trip every value (property, both engines, all four pairs)', () => {
  const work = mkdtempSync(join(tmpdir(), 'openrgs-roundtrip-'));
  const temps: TempTarget[] = [];
  after(async () => {
    for (const t of temps) await t.cleanup().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });

  test('every row of every table comes back identical', { timeout: 15 * 60 * 1000 }, async () => {
    let run = 0;
    const seed = process.env.RGS_PROPERTY_SEED;
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 3 }), async (records) => {
        run += 1;
        for (const from of TEST_ENGINES) {
          const source = await tempTarget(from);
          temps.push(source);
          await write(source.target, records);
          const before = await dump(source.target);
          // The values landed as written (so the comparison below is not between two empty stores);
          // a negative zero is stored as 0 on both engines (pg sends String(-0) = "0"; SQLite keeps
          // no negative zero in a REAL column).
          const tracers = before.tracer_administrations ?? [];
          assert.deepEqual(
            tracers.map((t) => t.activity_mbq).sort(),
            records.map((r) => (Object.is(r.activityMBq, -0) ? 0 : r.activityMBq)).sort(),
            'activity_mbq as written',
          );
          assert.deepEqual(
            (before.notes ?? []).map((n) => n.text).sort(),
            records.map((r) => r.noteText).sort(),
            'note text as written',
          );
          const file = join(work, `backup-${run}-${from}`);
          const store = await Store.open(source.target);
          try {
            await backup(store, file);
          } finally {
            await store.close();
          }
          for (const to of TEST_ENGINES) {
            const target = await tempTarget(to);
            temps.push(target);
            await restore(target.target, file);
            const restored = await dump(target.target);
            const difference = firstDifference(before, restored);
            assert.equal(difference, undefined, `${from} → ${to}: ${difference}`);
            await target.cleanup();
          }
          await source.cleanup();
        }
      }),
      {
        numRuns: Number(process.env.RGS_PROPERTY_RUNS ?? 6),
        ...(seed === undefined ? {} : { seed: Number(seed) }),
        // Each run builds six stores; shrinking a failure is worth it, but not forever.
        interruptAfterTimeLimit: 4 * 60 * 1000,
      },
    );
  });
});
