// The FHIR R4 resources of an exported case, written out in full from the case's values and the mapping
// in shared/domain/standards.md (UCUM units: `{counts}`, `/s`, `s`, `1`, `MBq`, `%`; HL7 v3
// ObservationInterpretation POS/NEG/IND; SNOMED CT 349358000 "Radiopharmaceutical"; Provenance agent
// type "assembler" from http://terminology.hl7.org/CodeSystem/provenance-participant-type), not taken from
// the exporter's output. References are checked by what they point at (the fullUrl of the entry).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { exampleCase } from '../example-case.js';
import type { CaseRecord, MeasurementRecord } from '../record.js';
import { caseToFhirBundle } from './bundle.js';

/** A copy without the named fields (exactOptionalPropertyTypes: absent, not undefined). */
function omit<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}

const exportedAt = '2026-11-21T09:00:00+01:00';
const UCUM = 'http://unitsofmeasure.org';
const q = (value: number, unit: string, code = unit) => ({ value, unit, system: UCUM, code });
const local = (kind: string, code: string, display: string) => ({
  coding: [{ system: `urn:openrgs:${kind}`, code, display }],
  text: display,
});
const component = (code: string, display: string) => local('component', code, display);

function parts(bundle: Bundle) {
  const entries = bundle.entry ?? [];
  const ofType = (type: string) => entries.filter((e) => e.resource?.resourceType === type);
  const ref = (type: string, i = 0) => ({ reference: ofType(type)[i]?.fullUrl });
  const resource = (type: string, i = 0) => ofType(type)[i]?.resource as Resource & Record<string, unknown>;
  return { entries, ofType, ref, resource };
}

describe('FHIR export of the worked example case, resource by resource', () => {
  const bundle = caseToFhirBundle(exampleCase(), { exportedAt, reportPdf: new Uint8Array([37, 80, 68, 70]) });
  const { entries, ofType, ref, resource } = parts(bundle);

  test('a transaction bundle of POSTs with stable name-based UUIDs', () => {
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'transaction');
    assert.equal(bundle.timestamp, exportedAt);
    assert.deepEqual(
      entries.map((e) => e.resource?.resourceType),
      [
        'Patient',
        'Device',
        'MedicationAdministration',
        'Specimen',
        ...Array(7).fill('Observation'),
        'Procedure',
        'DiagnosticReport',
        'Provenance',
      ],
    );
    const urls = new Set<string>();
    for (const e of entries) {
      assert.deepEqual(e.request, { method: 'POST', url: e.resource?.resourceType });
      // RFC 4122 layout: version 5 (name-based, SHA-1) in the 13th hex digit, variant 10xx in the 17th.
      assert.match(
        e.fullUrl ?? '',
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      urls.add(e.fullUrl ?? '');
    }
    assert.equal(urls.size, entries.length, 'every entry has its own id');
    // Another case exports other ids for the same parts.
    const other = caseToFhirBundle({ ...exampleCase(), id: 'case-example-2' }, { exportedAt });
    assert.notEqual(other.entry?.[0]?.fullUrl, entries[0]?.fullUrl);
  });

  test('Patient, Device, MedicationAdministration, Specimen', () => {
    assert.deepEqual(resource('Patient'), {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:openrgs:pseudonym', value: 'PSN-7F3A9C' }],
    });
    assert.deepEqual(resource('Device'), {
      resourceType: 'Device',
      identifier: [{ system: 'urn:openrgs:probe', value: 'probe-1' }],
      serialNumber: 'SN-0042',
      deviceName: [{ name: 'OpenRGS CsI 14 mm', type: 'model-name' }],
      type: { text: 'Intraoperative gamma probe' },
      property: [
        { type: { text: 'detector' }, valueCode: [{ text: 'CsI(Tl)' }] },
        { type: { text: 'collimator' }, valueCode: [{ text: 'tungsten, 14 mm' }] },
        { type: { text: 'energy window' }, valueCode: [{ text: 'Tc-99m 126–154 keV' }] },
        { type: { text: 'QC state at case start' }, valueCode: [{ text: 'pass' }] },
      ],
    });
    assert.deepEqual(resource('MedicationAdministration'), {
      resourceType: 'MedicationAdministration',
      status: 'completed',
      medicationCodeableConcept: {
        coding: [{ system: 'http://snomed.info/sct', code: '349358000', display: 'Radiopharmaceutical' }],
        text: 'Tc-99m-EDDA/HYNIC-TOC (Tc-99m)',
      },
      subject: ref('Patient'),
      effectiveDateTime: '2026-11-20T08:00:00+01:00',
      dosage: { route: { text: 'intravenous' }, dose: q(600, 'MBq'), text: 'Administered activity: 600 MBq' },
    });
    assert.deepEqual(resource('Specimen'), {
      resourceType: 'Specimen',
      identifier: [{ system: 'urn:openrgs:specimen', value: 's1' }],
      subject: ref('Patient'),
      type: { text: 'Surgical excision specimen' },
      note: [{ text: 'ileal segment with mesentery' }],
      collection: { collectedDateTime: '2026-11-20T13:25:00+01:00' },
    });
  });

  test('Observations: a background count, an in vivo positive with its evidence, an ex vivo one on its specimen', () => {
    const counts = (n: number) => ({
      code: component('counts', 'Counts'),
      valueQuantity: q(n, 'counts', '{counts}'),
    });
    const duration = (s: number) => ({
      code: component('duration', 'Counting time'),
      valueQuantity: q(s, 's'),
    });
    const corrected = (cps: number) => ({
      code: component('decay-corrected-rate', 'Count rate decay-corrected to 2026-11-20T12:00:00+01:00'),
      valueQuantity: q(cps, '/s'),
    });
    const tb = (ratio: number, low: number, high: number) => [
      {
        code: component('tumour-to-background-ratio', 'Tumour-to-background ratio'),
        valueQuantity: q(ratio, '1'),
      },
      {
        code: component(
          'tumour-to-background-ratio-ci95',
          'Tumour-to-background ratio, 95 % confidence interval',
        ),
        valueRange: { low: q(low, '1'), high: q(high, '1') },
      },
    ];
    const positive = [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
            code: 'POS',
            display: 'Positive',
          },
        ],
        text: 'positive',
      },
    ];
    assert.deepEqual(resource('Observation', 0), {
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: 'urn:openrgs:measurement', value: 'm1' }],
      code: local('measurement-kind', 'background', 'Background count (normal tissue)'),
      subject: ref('Patient'),
      effectiveDateTime: '2026-11-20T12:20:00+01:00',
      valueQuantity: q(41.2, '/s'),
      bodySite: { text: 'mesentery' },
      device: ref('Device'),
      component: [counts(412), duration(10), corrected(42.2)],
    });
    assert.deepEqual(resource('Observation', 3), {
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: 'urn:openrgs:measurement', value: 'm4' }],
      code: local('measurement-kind', 'in-vivo', 'In vivo gamma probe count'),
      subject: ref('Patient'),
      effectiveDateTime: '2026-11-20T12:40:00+01:00',
      valueQuantity: q(140, '/s'),
      bodySite: { text: 'terminal ileum' },
      device: ref('Device'),
      interpretation: positive,
      method: { text: 'SPRT: T/B 3.3 (2.9–3.8), error rates 1 %/5 %, decided after 0.4 s' },
      component: [counts(560), duration(4), corrected(144.7), ...tb(3.33, 2.9, 3.8)],
    });
    const exVivo = resource('Observation', 5);
    assert.equal((exVivo.code as { text: string }).text, 'Ex vivo specimen gamma probe count');
    assert.deepEqual(exVivo.specimen, ref('Specimen'));
    assert.deepEqual(exVivo.interpretation, positive);
    const bed = resource('Observation', 6);
    assert.equal((bed.code as { text: string }).text, 'Tumour bed gamma probe count');
    assert.deepEqual(bed.interpretation, [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
            code: 'NEG',
            display: 'Negative',
          },
        ],
        text: 'negative',
      },
    ]);
    assert.equal(bed.specimen, undefined);
  });

  test('Procedure, DiagnosticReport (with the PDF) and Provenance', () => {
    assert.deepEqual(resource('Procedure'), {
      resourceType: 'Procedure',
      status: 'completed',
      code: local('procedure', 'radioguided-resection', 'Radioguided surgical resection'),
      subject: ref('Patient'),
      performedDateTime: '2026-11-20T12:00:00+01:00',
      focalDevice: [{ action: { text: 'gamma probe localisation' }, manipulated: ref('Device') }],
      outcome: local('resection-status', 'R0', 'Resection status R0'),
    });
    const observations = ofType('Observation').map((e) => ({ reference: e.fullUrl }));
    assert.deepEqual(resource('DiagnosticReport'), {
      resourceType: 'DiagnosticReport',
      status: 'final',
      code: local('report', 'rgs-intraoperative-findings', 'Radioguided surgery intraoperative findings'),
      subject: ref('Patient'),
      issued: '2026-11-20T15:00:00+01:00',
      result: observations,
      conclusion: '2 lesion(s), 2 RGS-positive; resection status R0.',
      // "%PDF" in base64 (RFC 4648): 0x25 0x50 0x44 0x46 → "JVBERg==".
      presentedForm: [{ contentType: 'application/pdf', data: 'JVBERg==', title: 'RGS report NET-2026-001' }],
    });
    assert.deepEqual(resource('Provenance'), {
      resourceType: 'Provenance',
      target: [ref('Procedure'), ref('DiagnosticReport'), ...observations],
      recorded: exportedAt,
      agent: [
        {
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
                code: 'assembler',
              },
            ],
          },
          who: { display: 'OpenRGS' },
        },
        { type: { text: 'signed off (surgeon)' }, who: { display: 'dr.surgeon' } },
      ],
    });
  });
});

describe('FHIR export: the evidence behind a verdict and what a case may lack', () => {
  const evidence: MeasurementRecord = {
    id: 'e',
    kind: 'in-vivo',
    siteLabel: 'node A',
    counts: 300,
    durationSeconds: 4,
    rateCps: 75,
    measuredAt: '2026-11-20T12:40:00+01:00',
    decayCorrectedRateCps: 80,
    decayReferenceTime: '2026-11-20T13:00:00+01:00',
    rateLowCps: 66.8,
    rateHighCps: 84,
    ratio: 2.5,
    verdict: 'undecided',
    confidencePercent: 62.5,
    provisional: true,
    warnings: ['probe moved'],
    background: {
      meanCps: 30,
      sdCps: 4,
      sites: 3,
      thresholdCps: 41.5,
      rule: 'adaptive',
      description: 'gamma-Poisson',
    },
    fromSeq: 10,
    toSeq: 49,
  };

  test('every evidence component, the normal-tissue limit as referenceRange.high, warnings as notes', () => {
    const bundle = caseToFhirBundle({ ...exampleCase(), measurements: [evidence] }, { exportedAt });
    const obs = parts(bundle).resource('Observation');
    assert.deepEqual(obs.interpretation, [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
            code: 'IND',
            display: 'Indeterminate',
          },
        ],
        text: 'undecided',
      },
    ]);
    assert.deepEqual(obs.note, [{ text: 'probe moved' }]);
    assert.deepEqual(obs.referenceRange, [
      {
        high: q(41.5, '/s'),
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning', code: 'normal' },
          ],
          text: 'Normal range',
        },
        text: 'Normal-tissue limit in this patient: 3 background site(s), rule adaptive (gamma-Poisson)',
      },
    ]);
    assert.deepEqual(obs.component, [
      { code: component('counts', 'Counts'), valueQuantity: q(300, 'counts', '{counts}') },
      { code: component('duration', 'Counting time'), valueQuantity: q(4, 's') },
      // The measurement's own reference time, not the case's.
      {
        code: component('decay-corrected-rate', 'Count rate decay-corrected to 2026-11-20T13:00:00+01:00'),
        valueQuantity: q(80, '/s'),
      },
      {
        code: component('count-rate-ci95', 'Count rate, 95 % confidence interval (exact Poisson)'),
        valueRange: { low: q(66.8, '/s'), high: q(84, '/s') },
      },
      {
        code: component('tumour-to-background-ratio', 'Tumour-to-background ratio'),
        valueQuantity: q(2.5, '1'),
      },
      {
        code: component('verdict-confidence', 'Confidence of the verdict (1 - its error rate)'),
        valueQuantity: q(62.5, '%'),
      },
      { code: component('verdict-provisional', 'Verdict provisional'), valueBoolean: true },
      {
        code: component('background-mean-rate', 'Background (normal tissue) mean count rate'),
        valueQuantity: q(30, '/s'),
      },
      {
        code: component('background-spread', 'Background spread between sites (SD)'),
        valueQuantity: q(4, '/s'),
      },
      { code: component('background-sites', 'Background sites measured'), valueInteger: 3 },
      {
        code: component('decision-rule', 'Decision rule'),
        valueCodeableConcept: {
          coding: [{ system: 'urn:openrgs:decision-rule', code: 'adaptive' }],
          text: 'adaptive',
        },
      },
      {
        code: component('frame-range', 'Live-session frames summed (sequence numbers, inclusive)'),
        valueRange: { low: { value: 10 }, high: { value: 49 } },
      },
    ]);
  });

  test('a background measurement carries no background components or limit; half an interval is left out', () => {
    const bg: MeasurementRecord = {
      ...omit(evidence, 'rateHighCps', 'fromSeq'),
      kind: 'background',
      ratioLow: 2,
      warnings: [],
    };
    const obs = parts(caseToFhirBundle({ ...exampleCase(), measurements: [bg] }, { exportedAt })).resource(
      'Observation',
    );
    const codes = (obs.component as { code: { coding: { code: string }[] } }[]).map(
      (c) => c.code.coding[0]?.code,
    );
    assert.deepEqual(codes, [
      'counts',
      'duration',
      'decay-corrected-rate',
      'tumour-to-background-ratio',
      'verdict-confidence',
      'verdict-provisional',
    ]);
    assert.equal(obs.referenceRange, undefined);
    assert.equal(obs.note, undefined);
    // Without a reference time anywhere no decay-corrected component; a limit-free background, rule-free text.
    const noRef: CaseRecord = {
      ...omit(exampleCase(), 'decayReferenceTime'),
      measurements: [
        {
          ...omit(evidence, 'decayReferenceTime'),
          background: { meanCps: 30, sdCps: 4, sites: 1, thresholdCps: 40 },
        },
      ],
    };
    const o2 = parts(caseToFhirBundle(noRef, { exportedAt })).resource('Observation');
    const codes2 = (o2.component as { code: { coding: { code: string }[] } }[]).map(
      (c) => c.code.coding[0]?.code,
    );
    assert.ok(!codes2.includes('decay-corrected-rate') && !codes2.includes('decision-rule'));
    assert.equal(
      (o2.referenceRange as { text: string }[])[0]?.text,
      'Normal-tissue limit in this patient: 1 background site(s)',
    );
  });

  test('no patient: no Patient resource, a display-only subject where FHIR requires one; open, unsigned, synthetic', () => {
    const record: CaseRecord = {
      ...omit(exampleCase(), 'patientPseudonym', 'signOff', 'surgeryStart', 'probe'),
      status: 'open',
      synthetic: true,
      tracer: {
        agent: '99mTc-EDDA/HYNIC-TOC',
        tracerId: 'tc99m-tektrotyd',
        nuclide: 'Tc-99m',
        activityMBq: 600,
        administeredAt: '2026-11-20T08:00:00+01:00',
      },
      lesions: exampleCase().lesions.map((l, i) => ({ ...l, rgsResult: i === 0 ? 'negative' : 'positive' })),
      resectionStatus: 'R1',
    } as CaseRecord;
    const p = parts(caseToFhirBundle(record, { exportedAt }));
    assert.equal(p.ofType('Patient').length, 0);
    assert.equal(p.ofType('Device').length, 0);
    const noPatient = { display: 'No patient linked to this case' };
    const procedure = p.resource('Procedure');
    assert.deepEqual(procedure.subject, noPatient);
    assert.equal(procedure.status, 'in-progress');
    assert.equal(procedure.performedDateTime, undefined);
    assert.equal(procedure.focalDevice, undefined);
    const admin = p.resource('MedicationAdministration');
    assert.deepEqual(admin.subject, noPatient);
    assert.deepEqual((admin.medicationCodeableConcept as { coding: unknown[] }).coding[1], {
      system: 'urn:openrgs:tracer',
      code: 'tc99m-tektrotyd',
      display: '99mTc-EDDA/HYNIC-TOC',
    });
    assert.equal((admin.dosage as { route?: unknown }).route, undefined);
    for (const type of ['Observation', 'Specimen', 'DiagnosticReport'])
      assert.equal(p.resource(type).subject, undefined, type);
    assert.equal(p.resource('Observation').device, undefined);
    const report = p.resource('DiagnosticReport');
    assert.equal(report.status, 'preliminary');
    assert.equal(report.issued, undefined);
    assert.equal(report.presentedForm, undefined);
    assert.equal(report.conclusion, '2 lesion(s), 1 RGS-positive; resection status R1. SYNTHETIC DEMO DATA.');
    assert.equal((p.resource('Provenance').agent as unknown[]).length, 1);
  });

  test('a synthetic patient is tagged; sex and birth year when recorded; a QC override is a Device note', () => {
    const record = {
      ...exampleCase(),
      synthetic: true,
      patientSex: 'female',
      patientBirthYear: 1961,
      probe: { id: 'p2', model: 'M', serial: 'S2', qc: { state: 'fail', overrideReason: 'spare broken' } },
    } as CaseRecord;
    const p = parts(caseToFhirBundle(record, { exportedAt }));
    assert.deepEqual(p.resource('Patient'), {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:openrgs:pseudonym', value: 'PSN-7F3A9C' }],
      gender: 'female',
      birthDate: '1961',
      meta: { tag: [{ system: 'urn:openrgs:tag', code: 'synthetic', display: 'Synthetic demo data' }] },
    });
    assert.deepEqual(p.resource('Device'), {
      resourceType: 'Device',
      identifier: [{ system: 'urn:openrgs:probe', value: 'p2' }],
      serialNumber: 'S2',
      deviceName: [{ name: 'M', type: 'model-name' }],
      type: { text: 'Intraoperative gamma probe' },
      property: [{ type: { text: 'QC state at case start' }, valueCode: [{ text: 'fail' }] }],
      note: [{ text: 'QC override: spare broken' }],
    });
    const specimen = { id: 's1', label: 'ileal segment with mesentery', lesionId: 'l1' };
    const s = parts(caseToFhirBundle({ ...exampleCase(), specimens: [specimen] }, { exportedAt })).resource(
      'Specimen',
    );
    assert.equal(s.collection, undefined);
  });
});

describe('FHIR export: half-filled records', () => {
  const m: MeasurementRecord = {
    id: 'h',
    kind: 'reference-source',
    siteLabel: 'Co-57 check source',
    counts: 1000,
    durationSeconds: 10,
    rateCps: 100,
    measuredAt: '2026-11-20T12:00:00+01:00',
  };
  const codesOf = (record: CaseRecord) => {
    const obs = parts(caseToFhirBundle(record, { exportedAt })).resource('Observation');
    return {
      obs,
      codes: (obs.component as { code: { coding: { code: string }[] } }[]).map((c) => c.code.coding[0]?.code),
    };
  };

  test('one end of an interval, frames without their end, a corrected rate missing: each left out', () => {
    const { obs, codes } = codesOf({
      ...exampleCase(),
      measurements: [{ ...m, rateHighCps: 110, ratio: 1.2, ratioHigh: 1.4, toSeq: 9 }],
    });
    assert.equal((obs.code as { text: string }).text, 'Reference source count');
    // The case has a decay reference time but the measurement no corrected rate: no corrected component.
    assert.deepEqual(codes, ['counts', 'duration', 'tumour-to-background-ratio']);
    assert.deepEqual(
      codesOf({ ...exampleCase(), measurements: [{ ...m, ratio: 1.2, ratioLow: 1.1, fromSeq: 3 }] }).codes,
      ['counts', 'duration', 'tumour-to-background-ratio'],
    );
  });

  test('no tracer recorded: no MedicationAdministration; two specimens get two ids', () => {
    const p = parts(
      caseToFhirBundle(
        {
          ...omit(exampleCase(), 'tracer'),
          specimens: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
        { exportedAt },
      ),
    );
    assert.equal(p.ofType('MedicationAdministration').length, 0);
    const urls = p.ofType('Specimen').map((e) => e.fullUrl);
    assert.equal(urls.length, 2);
    assert.notEqual(urls[0], urls[1]);
  });
});

test('the Patient id: SHA-1 of "case-example-1␀Patient␀patient" laid out as an RFC 4122 version-5 UUID', () => {
  // Worked with Python's hashlib (an independent SHA-1): sha1(b'case-example-1\x00Patient\x00patient')
  // = e2812acf3bf30cb445a1d9f4c930b184…; byte 6 0x0c → (0x0c & 0x0f) | 0x50 = 0x5c, byte 8 0x45 →
  // (0x45 & 0x3f) | 0x80 = 0x85 (RFC 4122 §4.3 version 5, §4.1.1 variant).
  const bundle = caseToFhirBundle(exampleCase(), { exportedAt });
  assert.equal(bundle.entry?.[0]?.fullUrl, 'urn:uuid:e2812acf-3bf3-5cb4-85a1-d9f4c930b184');
});
