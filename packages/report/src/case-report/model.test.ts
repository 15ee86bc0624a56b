// What the case report prints, checked field by field on hand-written records: the expected texts are
// written here from the record's values and the report's stated rules (rates to the live screen's
// precision — whole cps from 100, one decimal from 10, two below; confidence rounded down to 0.1 %; a
// negative under 50 % sure reads "not detectable here", @openrgs/counting verdict-wording.ts), not taken
// from the renderer's output. The PDF and HTML tests (case-report.test.ts) check that these reach the page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exampleCase } from '../example-case.js';
import type { CaseRecord, MeasurementRecord } from '../record.js';
import { buildReportModel, verdictWithConfidence } from './model.js';

const generatedAt = '2026-11-21T09:00:00+01:00';
const tableOf = (record: CaseRecord, title: string, options = {}) =>
  buildReportModel(record, { generatedAt, ...options }).tables.find((t) => t.title === title);

const base: MeasurementRecord = {
  id: 'x',
  kind: 'in-vivo',
  siteLabel: 'node',
  counts: 100,
  durationSeconds: 2,
  rateCps: 50,
  measuredAt: '2026-11-20T12:00:00+01:00',
};

describe('case report model: the worked example case, every printed field', () => {
  const model = buildReportModel(exampleCase(), { generatedAt });

  test('title, facts and sign-off', () => {
    assert.equal(model.title, 'Radioguided surgery report — NET-2026-001');
    assert.equal(model.subtitle, 'Generated 2026-11-21 09:00+01:00 by OpenRGS');
    assert.equal(model.synthetic, false);
    assert.deepEqual(model.facts, [
      ['Case', 'NET-2026-001'],
      ['Patient (pseudonym)', 'PSN-7F3A9C'],
      ['Surgery start', '2026-11-20 12:00+01:00'],
      ['Tracer', 'Tc-99m-EDDA/HYNIC-TOC, 600 MBq at 2026-11-20 08:00+01:00, intravenous'],
      ['Probe', 'OpenRGS CsI 14 mm (serial SN-0042), window Tc-99m 126–154 keV'],
      ['Probe QC', 'pass (checked 2026-11-20 07:45+01:00)'],
      [
        'Background model',
        '42.1 ± 5.30 cps (mean ± SD) over 4 sites, normal-tissue limit 58.9 cps (negative binomial, 4 sites)',
      ],
      ['Decay reference time', '2026-11-20 12:00+01:00'],
      ['Resection status', 'R0'],
    ]);
    assert.equal(model.signOff, 'Signed off by dr.surgeon (surgeon) at 2026-11-20 15:00+01:00');
  });

  test('tables: lesions (best T/B in vivo and, through the specimen, ex vivo), measurements, bed, evidence, dose, follow-up', () => {
    assert.deepEqual(
      model.tables.map((t) => t.title),
      [
        'Lesions',
        'Measurements',
        'Tumour-bed checks',
        'Evidence behind the verdicts',
        'Staff dose estimate',
        'Follow-up',
      ],
    );
    const [lesions, measurements, bed, evidence, dose, followUp] = model.tables;
    assert.deepEqual(lesions?.columns, [
      'Lesion',
      'Site',
      'Pre-op imaging',
      'In vivo T/B (95 % CI)',
      'Ex vivo T/B (95 % CI)',
      'RGS',
      'Pathology',
    ]);
    assert.deepEqual(lesions?.rows, [
      [
        'ileal primary',
        'site not coded',
        'seen',
        '3.33 (2.90–3.80) positive',
        '14.70 (13.20–16.30) positive',
        'positive',
        'NET G1, Ki-67 2 %, 14 mm, margins clear',
      ],
      [
        'mesenteric node 1',
        'site not coded',
        'not-seen',
        '2.26 (1.80–2.80) positive',
        '—',
        'positive',
        'NET G1, Ki-67 2 %, 8 mm',
      ],
    ]);
    assert.deepEqual(measurements?.columns, [
      'Time',
      'Kind',
      'Site',
      'Counts',
      'Time s',
      'Rate cps',
      'Decay-corr. cps',
      'T/B (95 % CI)',
      'Verdict',
    ]);
    assert.deepEqual(measurements?.rows[0], [
      '12:20+01:00',
      'background',
      'mesentery',
      '412',
      '10.0',
      '41.2',
      '42.2',
      '—',
      '—',
    ]);
    assert.deepEqual(measurements?.rows[3], [
      '12:40+01:00',
      'in-vivo',
      'terminal ileum',
      '560',
      '4.0',
      '140.0',
      '144.7',
      '3.33 (2.90–3.80)',
      'positive',
    ]);
    assert.equal(measurements?.rows.length, 7);
    assert.equal(measurements?.note, 'Decay-corrected to 2026-11-20 12:00+01:00.');
    assert.deepEqual(bed?.columns, ['Site', 'Rate cps', 'T/B (95 % CI)', 'Verdict']);
    assert.deepEqual(bed?.rows, [['mesenteric bed', '41.0', '0.97 (0.80–1.20)', 'negative']]);
    assert.deepEqual(evidence?.columns, ['Site', 'Kind', 'Evidence', 'Background used', 'Frames']);
    assert.deepEqual(evidence?.rows, [
      [
        'terminal ileum',
        'in-vivo',
        'SPRT: T/B 3.3 (2.9–3.8), error rates 1 %/5 %, decided after 0.4 s',
        '—',
        '—',
      ],
      ['mesenteric node', 'in-vivo', 'SPRT: T/B 2.3 (1.8–2.8), decided after 1.1 s', '—', '—'],
    ]);
    assert.deepEqual(dose?.columns, ['Role', 'Dose µSv', 'Source']);
    assert.deepEqual(dose?.rows, [
      ['surgeon (body, 50 cm)', '12.0', 'rgs dose estimate'],
      ['anaesthetist (1 m)', '3.0', 'rgs dose estimate'],
    ]);
    assert.deepEqual(followUp?.columns, ['Date', 'Recurrence', 'Note']);
    assert.deepEqual(followUp?.rows, [['2027-05-20', 'no', '']]);
  });

  test('chart: one bar pair per lesion with its 95 % interval', () => {
    assert.equal(
      model.chart.title,
      'Tumour-to-background ratio per lesion (bars: in vivo, ex vivo; whiskers: 95 % CI)',
    );
    assert.deepEqual(model.chart.bars, [
      {
        label: 'ileal primary',
        inVivo: { ratio: 3.33, low: 2.9, high: 3.8 },
        exVivo: { ratio: 14.7, low: 13.2, high: 16.3 },
      },
      { label: 'mesenteric node 1', inVivo: { ratio: 2.26, low: 1.8, high: 2.8 }, exVivo: null },
    ]);
  });
});

describe('case report model: what is missing says so', () => {
  const bare: CaseRecord = {
    id: 'bare',
    label: 'C-2',
    status: 'open',
    createdAt: '2026-11-20T07:30:00Z',
    measurements: [],
    lesions: [
      {
        id: 'l',
        label: 'lesion A',
        site: 'liver',
        siteDisplay: 'liver segment',
        location: 'S6',
        imagingStatus: 'indeterminate',
      },
    ],
    specimens: [],
    resectionStatus: 'pending',
    followUps: [],
    synthetic: true,
  } as CaseRecord;

  test('facts without patient, tracer, probe, background or reference; not signed off; synthetic', () => {
    const model = buildReportModel(bare, { generatedAt: '2026-11-21T08:00:00Z' });
    assert.deepEqual(model.facts, [
      ['Case', 'C-2'],
      ['Patient (pseudonym)', 'no patient linked'],
      ['Surgery start', '—'],
      ['Tracer', 'not recorded'],
      ['Probe', 'not recorded'],
      ['Probe QC', '—'],
      ['Background model', 'not recorded'],
      ['Decay reference time', '— (rates not decay-corrected)'],
      ['Resection status', 'pending'],
    ]);
    assert.equal(model.subtitle, 'Generated 2026-11-21 08:00Z by OpenRGS');
    assert.equal(model.signOff, 'NOT SIGNED OFF');
    assert.equal(model.synthetic, true);
    // No follow-ups: no follow-up table. An uncoded pathology is pending; a coded site shows its location.
    assert.deepEqual(
      model.tables.map((t) => t.title),
      ['Lesions', 'Measurements', 'Tumour-bed checks', 'Evidence behind the verdicts', 'Staff dose estimate'],
    );
    assert.deepEqual(model.tables[0]?.rows, [
      ['lesion A', 'liver segment (S6)', 'indeterminate', '—', '—', '—', 'pending'],
    ]);
    assert.equal(model.tables[1]?.note, 'No decay reference time: corrected rates not shown.');
    assert.deepEqual(model.tables[4]?.rows, []);
    assert.deepEqual(model.chart.bars, [{ label: 'lesion A', inVivo: null, exVivo: null }]);
  });

  test('a probe used after a failed QC names the override; tracer without route; pathology without NET', () => {
    const record: CaseRecord = {
      ...bare,
      surgeryStart: '2026-11-20T10:15:30.250+01:00',
      tracer: {
        agent: '68Ga-DOTATATE',
        nuclide: 'Ga-68',
        activityMBq: 150.4,
        administeredAt: '2026-11-20T09:00:00+01:00',
      },
      probe: {
        id: 'p',
        model: 'M',
        serial: 'S',
        qc: { state: 'fail', overrideReason: 'spare probe broken' },
      },
      lesions: [{ ...bare.lesions[0], pathology: { netConfirmed: false } } as CaseRecord['lesions'][number]],
    };
    const model = buildReportModel(record, { generatedAt });
    const facts = new Map(model.facts);
    assert.equal(facts.get('Surgery start'), '2026-11-20 10:15+01:00');
    assert.equal(facts.get('Tracer'), '68Ga-DOTATATE, 150 MBq at 2026-11-20 09:00+01:00');
    assert.equal(facts.get('Probe'), 'M (serial S)');
    assert.equal(facts.get('Probe QC'), 'fail — OVERRIDDEN by unknown: spare probe broken');
    assert.equal(model.tables[0]?.rows[0]?.[6], 'no NET');
    const named = {
      ...record,
      probe: { ...record.probe, qc: { ...record.probe?.qc, overrideBy: 'dr.x' } },
    } as CaseRecord;
    assert.equal(
      new Map(buildReportModel(named, { generatedAt }).facts).get('Probe QC'),
      'fail — OVERRIDDEN by dr.x: spare probe broken',
    );
  });
});

describe('case report model: verdicts, confidence and the background behind them', () => {
  test('verdict with confidence: rounded down to 0.1 %, whole numbers without decimals, provisional marked', () => {
    assert.equal(verdictWithConfidence(base), '—');
    assert.equal(verdictWithConfidence({ ...base, verdict: 'positive' }), 'positive');
    assert.equal(
      verdictWithConfidence({ ...base, verdict: 'positive', confidencePercent: 99.96 }),
      'positive, 99.9 % sure',
    );
    assert.equal(
      verdictWithConfidence({ ...base, verdict: 'positive', confidencePercent: 99 }),
      'positive, 99 % sure',
    );
    assert.equal(
      verdictWithConfidence({ ...base, verdict: 'negative', confidencePercent: 97.25, provisional: true }),
      'negative, 97.2 % sure (provisional)',
    );
    assert.equal(verdictWithConfidence({ ...base, verdict: 'undecided', provisional: false }), 'undecided');
    // A negative under 50 % sure: the lesion asked for could not be told from tissue there.
    assert.equal(
      verdictWithConfidence({ ...base, verdict: 'negative', confidencePercent: 12, provisional: true }),
      'not detectable here (negative, 12 % sure) (provisional)',
    );
    assert.equal(
      verdictWithConfidence({ ...base, verdict: 'negative', confidencePercent: 50 }),
      'negative, 50 % sure',
    );
  });

  test('lesion and bed columns: "not detectable here" for a weak negative; the highest T/B of a lesion is shown', () => {
    const record: CaseRecord = {
      ...exampleCase(),
      measurements: [
        { ...base, id: 'a', lesionId: 'l1', ratio: 1.5, verdict: 'negative', confidencePercent: 30 },
        { ...base, id: 'b', lesionId: 'l1', ratio: 2.5, ratioLow: 2, verdict: 'positive' },
        { ...base, id: 'c', lesionId: 'l1', verdict: 'positive' },
        { ...base, id: 'd', lesionId: 'l2', ratio: 1.1, verdict: 'negative', confidencePercent: 30 },
        { ...base, id: 'e', kind: 'tumour-bed', ratio: 0.9, verdict: 'negative', confidencePercent: 20 },
        { ...base, id: 'f', kind: 'ex-vivo', lesionId: 'l2', ratio: 4, ratioHigh: 5, verdict: 'positive' },
      ],
    };
    const model = buildReportModel(record, { generatedAt });
    const lesions = model.tables[0]?.rows;
    // A ratio with only one end of its interval prints no interval.
    assert.equal(lesions?.[0]?.[3], '2.50 positive');
    assert.equal(lesions?.[0]?.[4], '—');
    assert.equal(lesions?.[1]?.[3], '1.10 not detectable here');
    assert.equal(lesions?.[1]?.[4], '4.00 positive');
    assert.deepEqual(model.chart.bars[0]?.inVivo, { ratio: 2.5, low: 2 });
    assert.deepEqual(model.chart.bars[1]?.exVivo, { ratio: 4, high: 5 });
    assert.deepEqual(model.tables[2]?.rows, [['node', '50.0', '0.90', 'not detectable here']]);
  });

  test('the highest T/B of a lesion is shown whichever reading came first (highest first, then last, then between)', () => {
    const tb = (ratios: number[]) =>
      buildReportModel(
        {
          ...exampleCase(),
          measurements: ratios.map((ratio, i) => ({
            ...base,
            id: `r${i}`,
            lesionId: 'l1',
            ratio,
            verdict: 'positive' as const,
          })),
        },
        { generatedAt },
      ).tables[0]?.rows[0]?.[3];
    assert.equal(tb([3, 2]), '3.00 positive');
    assert.equal(tb([2, 3]), '3.00 positive');
    assert.equal(tb([2, 3.5, 1.2]), '3.50 positive');
  });

  test('the background used: rate precision by size, sites, provisional state, limit, rule, flagged sites', () => {
    const evidenceOf = (m: Partial<MeasurementRecord>) =>
      tableOf(
        { ...exampleCase(), measurements: [{ ...base, evidence: 'E', ...m }] },
        'Evidence behind the verdicts',
      )?.rows[0];
    // 100 cps and over: whole cps; 10 to 100: one decimal; below 10: two.
    assert.deepEqual(evidenceOf({ background: { meanCps: 100, sdCps: 10, sites: 1 } }), [
      'node',
      'in-vivo',
      'E',
      '100 ± 10.0 cps, 1 site',
      '—',
    ]);
    assert.deepEqual(
      evidenceOf({
        background: { meanCps: 99.94, sdCps: 9.996, sites: 2, thresholdCps: 250.6, rule: 'k-sigma' },
      })?.[3],
      '99.9 ± 10.00 cps, 2 sites, limit 251 cps, rule k-sigma',
    );
    assert.equal(
      evidenceOf({
        background: {
          meanCps: 38.1,
          sdCps: 7.6,
          sites: 4,
          sitesGiven: 5,
          minimumSites: 6,
          provisional: true,
        },
      })?.[3],
      '38.1 ± 7.60 cps, 4 of 5 sites (provisional until 6)',
    );
    // Enough sites: no "provisional until"; all given sites used: no "of".
    assert.equal(
      evidenceOf({
        background: {
          meanCps: 38.1,
          sdCps: 7.6,
          sites: 6,
          sitesGiven: 6,
          minimumSites: 6,
          provisional: false,
        },
      })?.[3],
      '38.1 ± 7.60 cps, 6 sites',
    );
    assert.equal(
      evidenceOf({ background: { meanCps: 1, sdCps: 0.5, sites: 1, sitesGiven: 2 } })?.[3],
      '1.00 ± 0.50 cps, 1 of 2 sites',
    );
    assert.equal(
      evidenceOf({
        background: {
          meanCps: 20,
          sdCps: 2,
          sites: 3,
          flagged: [
            { siteLabel: 'a', direction: 'low', status: 'unconfirmed', reason: 'r1' },
            { siteLabel: 'b', direction: 'high', status: 'dropped', reason: 'r2' },
          ],
        },
      })?.[3],
      "20.0 ± 2.00 cps, 3 sites; site 'a' flagged (too low) not yet kept or dropped: no verdict: r1; site 'b' flagged (too high) dropped: r2",
    );
    assert.equal(
      evidenceOf({ background: { meanCps: 20, sdCps: 2, sites: 3, flagged: [] } })?.[3],
      '20.0 ± 2.00 cps, 3 sites',
    );
    // Frames and warnings.
    assert.deepEqual(
      evidenceOf({ fromSeq: 12, toSeq: 40, warnings: ['probe moved', 'low counts'] })?.slice(2),
      ['E Warning: probe moved Warning: low counts', '—', '12–40'],
    );
    assert.equal(evidenceOf({ fromSeq: 12 })?.[4], '—');
    // The case's background fact uses the same flagged text and site wording.
    const record = {
      ...exampleCase(),
      background: {
        meanCps: 5,
        sdCps: 1,
        sites: 1,
        flagged: [{ siteLabel: 'c', direction: 'high', status: 'kept', reason: 'r3' }],
      },
    } as CaseRecord;
    assert.equal(
      new Map(buildReportModel(record, { generatedAt }).facts).get('Background model'),
      "5.00 ± 1.00 cps (mean ± SD) over 1 site; site 'c' flagged (too high) kept: r3",
    );
  });
});

describe('case report model: decay-corrected rates', () => {
  const record = (m: Partial<MeasurementRecord>, reference?: string): CaseRecord =>
    ({
      ...exampleCase(),
      decayReferenceTime: reference,
      measurements: [{ ...base, decayCorrectedRateCps: 61.25, ...m }],
    }) as CaseRecord;
  const corrected = (r: CaseRecord, options = {}) => tableOf(r, 'Measurements', options)?.rows[0]?.[6];

  test('the stored rate is shown only when it refers to the report time; a corrector recomputes it', () => {
    assert.equal(corrected(record({}, '2026-11-20T12:00:00+01:00')), '61.3');
    // The same instant written in another zone is the same reference.
    assert.equal(
      corrected(record({}, '2026-11-20T12:00:00+01:00'), { decayReferenceTime: '2026-11-20T11:00:00Z' }),
      '61.3',
    );
    assert.equal(
      corrected(record({}, '2026-11-20T12:00:00+01:00'), { decayReferenceTime: '2026-11-20T13:00:00+01:00' }),
      '—',
    );
    // The measurement's own reference wins over the case's.
    assert.equal(
      corrected(record({ decayReferenceTime: '2026-11-20T13:00:00+01:00' }, '2026-11-20T12:00:00+01:00')),
      '—',
    );
    assert.equal(
      corrected(record({ decayReferenceTime: '2026-11-20T13:00:00+01:00' }, '2026-11-20T12:00:00+01:00'), {
        decayReferenceTime: '2026-11-20T13:00:00+01:00',
      }),
      '61.3',
    );
    // No reference anywhere: the stored value (if any) as it is.
    assert.equal(corrected(record({})), '61.3');
    const { decayCorrectedRateCps: _dropped, ...noStored } = base;
    assert.equal(corrected({ ...exampleCase(), measurements: [noStored] }), '—');
    // A corrector needs a reference; with one it is called with the rate, the time measured and the reference.
    const calls: unknown[] = [];
    const decayCorrect = (rate: number, at: string, ref: string) => {
      calls.push([rate, at, ref]);
      return rate / 2;
    };
    assert.equal(corrected(record({}), { decayCorrect }), '61.3');
    assert.equal(corrected(record({}, '2026-11-20T12:00:00+01:00'), { decayCorrect }), '25.0');
    assert.deepEqual(calls, [[50, '2026-11-20T12:00:00+01:00', '2026-11-20T12:00:00+01:00']]);
  });
});

describe('case report model: half-filled records', () => {
  test('frames without their start; a provisional background without a minimum; a lesion whose only reading has no T/B', () => {
    const evidenceRow = buildReportModel(
      {
        ...exampleCase(),
        measurements: [
          {
            ...base,
            evidence: 'E',
            toSeq: 9,
            background: { meanCps: 20, sdCps: 2, sites: 2, provisional: true },
          },
        ],
      },
      { generatedAt },
    ).tables[3]?.rows[0];
    assert.deepEqual(evidenceRow?.slice(3), ['20.0 ± 2.00 cps, 2 sites', '—']);
    const lesions = buildReportModel(
      { ...exampleCase(), measurements: [{ ...base, lesionId: 'l2', verdict: 'positive' }] },
      { generatedAt },
    ).tables[0]?.rows;
    assert.equal(lesions?.[1]?.[3], '—');
  });

  test('a stored corrected rate is shown against its own reference when the report has none, and not when only the report has one', () => {
    const { decayReferenceTime: _r, ...noCaseReference } = exampleCase();
    const withOwn = {
      ...base,
      decayCorrectedRateCps: 61.25,
      decayReferenceTime: '2026-11-20T12:00:00+01:00',
    };
    const rows = (m: MeasurementRecord, options = {}) =>
      buildReportModel({ ...noCaseReference, measurements: [m] }, { generatedAt, ...options }).tables[1]
        ?.rows[0]?.[6];
    assert.equal(rows(withOwn), '61.3');
    // Stored without any reference: shown when the report asks for none, and with the report's reference too
    // (read against the case's, which is absent) — the value as stored.
    assert.equal(
      rows({ ...base, decayCorrectedRateCps: 61.25 }, { decayReferenceTime: '2026-11-20T12:00:00+01:00' }),
      '61.3',
    );
  });
});

test('a follow-up with a recurrence and a note; an interval without its ratio prints only the dash', () => {
  const model = buildReportModel(
    {
      ...exampleCase(),
      followUps: [{ date: '2027-11-20', recurrence: true, note: 'liver, segment 6' }],
      measurements: [{ ...base, kind: 'tumour-bed', ratioLow: 0.8, ratioHigh: 1.2 }],
    },
    { generatedAt },
  );
  assert.deepEqual(model.tables.find((t) => t.title === 'Follow-up')?.rows, [
    ['2027-11-20', 'yes', 'liver, segment 6'],
  ]);
  assert.deepEqual(model.tables.find((t) => t.title === 'Tumour-bed checks')?.rows, [
    ['node', '50.0', '—', '—'],
  ]);
});
