// The values an Observation carries, checked against the FHIR R4 specification and HL7's own code
// system, not against the exporter: the expected codes are written here from
// https://terminology.hl7.org/CodeSystem-v3-ObservationInterpretation.html (POS "Positive",
// NEG "Negative", IND "Indeterminate"), and the shapes from https://hl7.org/fhir/R4/observation.html
// (Observation.value[x] is the result) and https://hl7.org/fhir/R4/datatypes.html#Range (low ≤ high).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observation } from '@medplum/fhirtypes';
import { exampleCase } from '../example-case.js';
import type { CaseRecord, MeasurementRecord } from '../record.js';
import { caseToFhirBundle } from './bundle.js';

const exportedAt = '2026-11-21T09:00:00+01:00';

// Counts, duration and rate chosen so that no two of them are equal: 300 counts in 4 s is 75 /s.
const positive: MeasurementRecord = {
  id: 'p',
  kind: 'in-vivo',
  siteLabel: 'node A',
  counts: 300,
  durationSeconds: 4,
  rateCps: 75,
  measuredAt: '2026-11-20T12:40:00+01:00',
  ratio: 2.5,
  ratioLow: 2.1,
  ratioHigh: 2.9,
  rateLowCps: 66.8,
  rateHighCps: 84.0,
  verdict: 'positive',
  background: { meanCps: 30, sdCps: 4, sites: 3, thresholdCps: 41.5 },
};
const negative: MeasurementRecord = {
  id: 'n',
  kind: 'in-vivo',
  siteLabel: 'node B',
  counts: 90,
  durationSeconds: 3,
  rateCps: 30,
  measuredAt: '2026-11-20T12:41:00+01:00',
  ratio: 1.0,
  ratioLow: 0.7,
  ratioHigh: 1.4,
  verdict: 'negative',
};
const undecided: MeasurementRecord = { ...negative, id: 'u', verdict: 'undecided' };

function observations(): Map<string, Observation> {
  const record: CaseRecord = { ...exampleCase(), measurements: [positive, negative, undecided] };
  const bundle = caseToFhirBundle(record, { exportedAt });
  const byId = new Map<string, Observation>();
  for (const e of bundle.entry ?? []) {
    if (e.resource?.resourceType !== 'Observation') continue;
    const obs = e.resource as Observation;
    byId.set(obs.identifier?.[0]?.value ?? '', obs);
  }
  return byId;
}

function interpretationCode(obs: Observation | undefined): string | undefined {
  return obs?.interpretation?.[0]?.coding?.[0]?.code;
}

test('FHIR: a positive verdict is HL7 v3 ObservationInterpretation POS, a negative one NEG, undecided IND', () => {
  const obs = observations();
  assert.equal(interpretationCode(obs.get('p')), 'POS');
  assert.equal(interpretationCode(obs.get('n')), 'NEG');
  assert.equal(interpretationCode(obs.get('u')), 'IND');
  assert.equal(
    obs.get('p')?.interpretation?.[0]?.coding?.[0]?.system,
    'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  );
});

test('FHIR: Observation.valueQuantity is the count rate (counts / duration) in /s, not the counts', () => {
  const obs = observations();
  // 300 counts / 4 s = 75 /s; 90 counts / 3 s = 30 /s (worked by hand).
  assert.deepEqual(obs.get('p')?.valueQuantity, {
    value: 75,
    unit: '/s',
    system: 'http://unitsofmeasure.org',
    code: '/s',
  });
  assert.equal(obs.get('n')?.valueQuantity?.value, 30);
  const counts = obs.get('p')?.component?.find((c) => c.code.coding?.[0]?.code === 'counts');
  assert.equal(counts?.valueQuantity?.value, 300);
  const duration = obs.get('p')?.component?.find((c) => c.code.coding?.[0]?.code === 'duration');
  assert.equal(duration?.valueQuantity?.value, 4);
  assert.equal(duration?.valueQuantity?.code, 's');
});

test('FHIR: a 95 % interval is a Range with low = lower bound, high = upper; the normal-tissue limit is referenceRange.high', () => {
  const obs = observations().get('p');
  const component = (code: string) => obs?.component?.find((c) => c.code.coding?.[0]?.code === code);
  assert.equal(component('tumour-to-background-ratio')?.valueQuantity?.value, 2.5);
  const tb = component('tumour-to-background-ratio-ci95')?.valueRange;
  assert.equal(tb?.low?.value, 2.1);
  assert.equal(tb?.high?.value, 2.9);
  const rate = component('count-rate-ci95')?.valueRange;
  assert.equal(rate?.low?.value, 66.8);
  assert.equal(rate?.high?.value, 84.0);
  assert.equal(rate?.low?.code, '/s');
  // The threshold normal tissue exceeds with probability α is an upper limit, not a lower one.
  const normal = obs?.referenceRange?.[0];
  assert.equal(normal?.high?.value, 41.5);
  assert.equal(normal?.low, undefined);
});
