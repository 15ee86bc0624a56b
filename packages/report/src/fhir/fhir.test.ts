import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observation } from '@medplum/fhirtypes';
import { exampleCase } from '../example-case.js';
import { caseToFhirBundle } from './bundle.js';
import { validateFhir } from './validate.js';

const exportedAt = '2026-11-21T09:00:00+01:00';

test('the exported bundle validates against the FHIR R4 structure definitions (Medplum validator)', () => {
  const bundle = caseToFhirBundle(exampleCase(), { exportedAt, reportPdf: new Uint8Array([37, 80, 68, 70]) });
  const issues = validateFhir(bundle);
  assert.deepEqual(
    issues.filter((i) => i.severity !== 'warning'),
    [],
  );
  // Medplum checks a reference's target type from a "Type/id" reference; it cannot resolve the urn:uuid
  // references a transaction bundle uses (FHIR R4 §3.1.0.1.1), so it warns about those — and only those.
  assert.deepEqual(
    issues.filter((i) => !i.message.startsWith('Invalid reference: got "urn:uuid:')),
    [],
  );
  const types = bundle.entry?.map((e) => e.resource?.resourceType);
  for (const t of [
    'Patient',
    'Procedure',
    'MedicationAdministration',
    'Device',
    'Specimen',
    'Observation',
    'DiagnosticReport',
    'Provenance',
  ]) {
    assert.ok(types?.includes(t as never), `bundle lacks ${t}`);
  }
  assert.equal(types?.filter((t) => t === 'Observation').length, exampleCase().measurements.length);
});

test('the validator is real: a broken resource in the bundle is reported with its path', () => {
  const bundle = caseToFhirBundle(exampleCase(), { exportedAt });
  const obs = bundle.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource as Observation;
  delete (obs as unknown as { status?: string }).status;
  const issues = validateFhir(bundle);
  assert.ok(
    issues.some((i) => /status/.test(i.expression) || /status/.test(i.message)),
    JSON.stringify(issues),
  );
});

test('activity in MBq and rates in /s carry UCUM codes; ex vivo observations link to their specimen', () => {
  const bundle = caseToFhirBundle(exampleCase(), { exportedAt });
  const admin = bundle.entry?.find((e) => e.resource?.resourceType === 'MedicationAdministration')?.resource;
  assert.deepEqual((admin as { dosage?: { dose?: unknown } }).dosage?.dose, {
    value: 600,
    unit: 'MBq',
    system: 'http://unitsofmeasure.org',
    code: 'MBq',
  });
  const exVivo = bundle.entry
    ?.map((e) => e.resource)
    .find(
      (r) => r?.resourceType === 'Observation' && (r as Observation).code.coding?.[0]?.code === 'ex-vivo',
    ) as Observation;
  assert.equal(exVivo.valueQuantity?.code, '/s');
  assert.ok(exVivo.specimen?.reference?.startsWith('urn:uuid:'));
  const specimenUrl = bundle.entry?.find((e) => e.resource?.resourceType === 'Specimen')?.fullUrl;
  assert.equal(exVivo.specimen?.reference, specimenUrl);
});

test('the patient is pseudonymous and the export is deterministic', () => {
  const a = caseToFhirBundle(exampleCase(), { exportedAt });
  const b = caseToFhirBundle(exampleCase(), { exportedAt });
  assert.deepEqual(a, b);
  const patient = a.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as {
    name?: unknown;
    identifier?: Array<{ value?: string }>;
  };
  assert.equal(patient.name, undefined);
  assert.equal(patient.identifier?.[0]?.value, 'PSN-7F3A9C');
});
