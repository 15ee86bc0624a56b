// FHIR R4 export of a radioguided case as a transaction Bundle (issue 9; mapping in
// ../shared/domain/standards.md): Patient (pseudonymous), Procedure, MedicationAdministration (the
// radiopharmaceutical, activity in MBq as UCUM), Device (the probe), Specimen per excised piece,
// Observation per measurement, DiagnosticReport and Provenance. Units are UCUM (https://ucum.org):
// counts are the annotation `{counts}`, rates `/s`, durations `s`, ratios `1`.
import { createHash } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Device,
  DiagnosticReport,
  MedicationAdministration,
  Observation,
  ObservationComponent,
  ObservationReferenceRange,
  Patient,
  Procedure,
  Provenance,
  Quantity,
  Range,
  Reference,
  Resource,
  Specimen,
} from '@medplum/fhirtypes';
import type { BackgroundModelRecord, CaseRecord, MeasurementRecord, Verdict } from '../record.js';

const UCUM = 'http://unitsofmeasure.org';
const LOCAL = 'urn:openrgs';
/** SNOMED CT 349358000 "Radiopharmaceutical (product)" — used by HL7's Radiation Dose Summary IG. */
const SNOMED_RADIOPHARMACEUTICAL = {
  system: 'http://snomed.info/sct',
  code: '349358000',
  display: 'Radiopharmaceutical',
};
/** LOINC 73569-6 "Radiation dose administered" is not a product code; DICOM 113507 "Administered activity". */
const DICOM_ADMINISTERED_ACTIVITY = {
  system: 'http://dicom.nema.org/resources/ontology/DCM',
  code: '113507',
  display: 'Administered activity',
};
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** A stable UUID (RFC 4122 layout, name-based on SHA-1 as in v5) so the same case exports the same ids. */
function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function quantity(value: number, unit: string, code = unit): Quantity {
  return { value, unit, system: UCUM, code };
}

function local(kind: string, code: string, display?: string): CodeableConcept {
  return {
    coding: [{ system: `${LOCAL}:${kind}`, code, ...(display ? { display } : {}) }],
    text: display ?? code,
  };
}

const verdictCode: Record<Verdict, { code: string; display: string }> = {
  positive: { code: 'POS', display: 'Positive' },
  negative: { code: 'NEG', display: 'Negative' },
  undecided: { code: 'IND', display: 'Indeterminate' },
};

const kindText: Record<MeasurementRecord['kind'], string> = {
  background: 'Background count (normal tissue)',
  'in-vivo': 'In vivo gamma probe count',
  'ex-vivo': 'Ex vivo specimen gamma probe count',
  'tumour-bed': 'Tumour bed gamma probe count',
  'reference-source': 'Reference source count',
};

const CI95 = '95 % confidence interval';

function range(low: number, high: number, unit: string, code = unit): Range {
  return { low: quantity(low, unit, code), high: quantity(high, unit, code) };
}

/**
 * The evidence behind a measurement as Observation components (FHIR R4 ObservationComponent: code +
 * value[x]). A confidence interval is not a reference range (R4 Observation.referenceRange is "guidance on
 * how to interpret the value by comparison to a normal or recommended range"), so each 95 % interval is
 * its own component with a valueRange; the normal-tissue limit of this patient IS such a range and goes in
 * the Observation's referenceRange (see normalTissueRange).
 */
function evidenceComponents(m: MeasurementRecord): ObservationComponent[] {
  const out: ObservationComponent[] = [];
  if (m.rateLowCps !== undefined && m.rateHighCps !== undefined) {
    out.push({
      code: local('component', 'count-rate-ci95', `Count rate, ${CI95} (exact Poisson)`),
      valueRange: range(m.rateLowCps, m.rateHighCps, '/s'),
    });
  }
  if (m.ratio !== undefined) {
    out.push({
      code: local('component', 'tumour-to-background-ratio', 'Tumour-to-background ratio'),
      valueQuantity: quantity(m.ratio, '1'),
    });
    if (m.ratioLow !== undefined && m.ratioHigh !== undefined) {
      out.push({
        code: local('component', 'tumour-to-background-ratio-ci95', `Tumour-to-background ratio, ${CI95}`),
        valueRange: range(m.ratioLow, m.ratioHigh, '1'),
      });
    }
  }
  if (m.confidencePercent !== undefined) {
    out.push({
      code: local('component', 'verdict-confidence', 'Confidence of the verdict (1 - its error rate)'),
      valueQuantity: quantity(m.confidencePercent, '%'),
    });
  }
  if (m.provisional !== undefined) {
    out.push({
      code: local('component', 'verdict-provisional', 'Verdict provisional'),
      valueBoolean: m.provisional,
    });
  }
  const bg = m.background;
  if (bg !== undefined && m.kind !== 'background') {
    out.push(
      {
        code: local('component', 'background-mean-rate', 'Background (normal tissue) mean count rate'),
        valueQuantity: quantity(bg.meanCps, '/s'),
      },
      {
        code: local('component', 'background-spread', 'Background spread between sites (SD)'),
        valueQuantity: quantity(bg.sdCps, '/s'),
      },
      {
        code: local('component', 'background-sites', 'Background sites measured'),
        valueInteger: bg.sites,
      },
    );
    if (bg.rule !== undefined) {
      out.push({
        code: local('component', 'decision-rule', 'Decision rule'),
        valueCodeableConcept: local('decision-rule', bg.rule),
      });
    }
  }
  if (m.fromSeq !== undefined && m.toSeq !== undefined) {
    out.push({
      code: local('component', 'frame-range', 'Live-session frames summed (sequence numbers, inclusive)'),
      valueRange: { low: { value: m.fromSeq }, high: { value: m.toSeq } },
    });
  }
  return out;
}

/** The rate normal tissue exceeds with probability alpha in this patient: the upper end of its normal range. */
function normalTissueRange(thresholdCps: number, bg: BackgroundModelRecord): ObservationReferenceRange {
  return {
    high: quantity(thresholdCps, '/s'),
    type: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/referencerange-meaning', code: 'normal' }],
      text: 'Normal range',
    },
    text: `Normal-tissue limit in this patient: ${bg.sites} background site(s)${bg.rule ? `, rule ${bg.rule}` : ''}${bg.description ? ` (${bg.description})` : ''}`,
  };
}

export interface FhirExportOptions {
  /** When the export was made (ISO-8601 with zone): Provenance.recorded. */
  exportedAt: string;
  /** The PDF report, attached to DiagnosticReport.presentedForm when given. */
  reportPdf?: Uint8Array;
}

export function caseToFhirBundle(record: CaseRecord, options: FhirExportOptions): Bundle {
  const entries: BundleEntry[] = [];
  const urlOf = (type: string, id: string): string => `urn:uuid:${stableUuid(record.id, type, id)}`;
  const add = <T extends Resource>(resource: T, id: string): Reference<T> => {
    const fullUrl = urlOf(resource.resourceType, id);
    entries.push({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    return { reference: fullUrl };
  };

  // A real (pseudonymous) Patient, or none. Without one, the subject is left out where FHIR R4 allows
  // (Observation, Specimen, DiagnosticReport: 0..1) and says so where it requires one (Procedure,
  // MedicationAdministration: 1..1) by a display-only Reference, which points at no resource.
  let patientRef: Reference<Patient> | undefined;
  if (record.patientPseudonym !== undefined) {
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: `${LOCAL}:pseudonym`, value: record.patientPseudonym }],
      ...(record.patientSex ? { gender: record.patientSex } : {}),
      ...(record.patientBirthYear !== undefined ? { birthDate: String(record.patientBirthYear) } : {}),
      ...(record.synthetic
        ? { meta: { tag: [{ system: `${LOCAL}:tag`, code: 'synthetic', display: 'Synthetic demo data' }] } }
        : {}),
    };
    patientRef = add(patient, 'patient');
  }
  const subject = patientRef ? { subject: patientRef } : {};
  const requiredSubject: Reference<Patient> = patientRef ?? { display: 'No patient linked to this case' };

  let deviceRef: Reference<Device> | undefined;
  if (record.probe) {
    const p = record.probe;
    const device: Device = {
      resourceType: 'Device',
      identifier: [{ system: `${LOCAL}:probe`, value: p.id }],
      serialNumber: p.serial,
      deviceName: [{ name: p.model, type: 'model-name' }],
      type: { text: 'Intraoperative gamma probe' },
      property: [
        ...(p.detector ? [{ type: { text: 'detector' }, valueCode: [{ text: p.detector }] }] : []),
        ...(p.collimator ? [{ type: { text: 'collimator' }, valueCode: [{ text: p.collimator }] }] : []),
        ...(p.energyWindow
          ? [{ type: { text: 'energy window' }, valueCode: [{ text: p.energyWindow }] }]
          : []),
        { type: { text: 'QC state at case start' }, valueCode: [{ text: p.qc.state }] },
      ],
      ...(p.qc.overrideReason ? { note: [{ text: `QC override: ${p.qc.overrideReason}` }] } : {}),
    };
    deviceRef = add(device, `device-${p.id}`);
  }

  if (record.tracer) {
    const t = record.tracer;
    const admin: MedicationAdministration = {
      resourceType: 'MedicationAdministration',
      status: 'completed',
      medicationCodeableConcept: {
        coding: [
          SNOMED_RADIOPHARMACEUTICAL,
          ...(t.tracerId ? [{ system: `${LOCAL}:tracer`, code: t.tracerId, display: t.agent }] : []),
        ],
        text: `${t.agent} (${t.nuclide})`,
      },
      subject: requiredSubject,
      effectiveDateTime: t.administeredAt,
      dosage: {
        ...(t.route ? { route: { text: t.route } } : {}),
        dose: quantity(t.activityMBq, 'MBq'),
        text: `${DICOM_ADMINISTERED_ACTIVITY.display}: ${t.activityMBq} MBq`,
      },
    };
    add(admin, 'tracer');
  }

  const specimenRefs = new Map<string, Reference<Specimen>>();
  for (const s of record.specimens) {
    const specimen: Specimen = {
      resourceType: 'Specimen',
      identifier: [{ system: `${LOCAL}:specimen`, value: s.id }],
      ...subject,
      type: { text: 'Surgical excision specimen' },
      note: [{ text: s.label }],
      ...(s.excisedAt ? { collection: { collectedDateTime: s.excisedAt } } : {}),
    };
    specimenRefs.set(s.id, add(specimen, `specimen-${s.id}`));
  }

  const observationRefs: Reference<Observation>[] = [];
  for (const m of record.measurements) {
    const components: ObservationComponent[] = [
      {
        code: local('component', 'counts', 'Counts'),
        valueQuantity: quantity(m.counts, 'counts', '{counts}'),
      },
      {
        code: local('component', 'duration', 'Counting time'),
        valueQuantity: quantity(m.durationSeconds, 's'),
      },
    ];
    const reference = m.decayReferenceTime ?? record.decayReferenceTime;
    if (m.decayCorrectedRateCps !== undefined && reference !== undefined) {
      components.push({
        code: local('component', 'decay-corrected-rate', `Count rate decay-corrected to ${reference}`),
        valueQuantity: quantity(m.decayCorrectedRateCps, '/s'),
      });
    }
    components.push(...evidenceComponents(m));
    const specimenRef = m.specimenId === undefined ? undefined : specimenRefs.get(m.specimenId);
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      identifier: [{ system: `${LOCAL}:measurement`, value: m.id }],
      code: local('measurement-kind', m.kind, kindText[m.kind]),
      ...subject,
      effectiveDateTime: m.measuredAt,
      valueQuantity: quantity(m.rateCps, '/s'),
      bodySite: { text: m.siteLabel },
      ...(deviceRef ? { device: deviceRef } : {}),
      ...(specimenRef ? { specimen: specimenRef } : {}),
      ...(m.verdict
        ? {
            interpretation: [
              { coding: [{ system: INTERPRETATION, ...verdictCode[m.verdict] }], text: m.verdict },
            ],
          }
        : {}),
      ...(m.evidence ? { method: { text: m.evidence } } : {}),
      ...(m.background?.thresholdCps !== undefined && m.kind !== 'background'
        ? { referenceRange: [normalTissueRange(m.background.thresholdCps, m.background)] }
        : {}),
      ...(m.warnings && m.warnings.length > 0 ? { note: m.warnings.map((text) => ({ text })) } : {}),
      component: components,
    };
    observationRefs.push(add(observation, `measurement-${m.id}`));
  }

  const procedure: Procedure = {
    resourceType: 'Procedure',
    status: record.status === 'closed' ? 'completed' : 'in-progress',
    code: local('procedure', 'radioguided-resection', 'Radioguided surgical resection'),
    subject: requiredSubject,
    ...(record.surgeryStart ? { performedDateTime: record.surgeryStart } : {}),
    ...(deviceRef
      ? { focalDevice: [{ action: { text: 'gamma probe localisation' }, manipulated: deviceRef }] }
      : {}),
    outcome: local('resection-status', record.resectionStatus, `Resection status ${record.resectionStatus}`),
  };
  const procedureRef = add(procedure, 'procedure');

  const positives = record.lesions.filter((l) => l.rgsResult === 'positive').length;
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    status: record.signOff ? 'final' : 'preliminary',
    code: local('report', 'rgs-intraoperative-findings', 'Radioguided surgery intraoperative findings'),
    ...subject,
    ...(record.signOff ? { issued: record.signOff.at } : {}),
    result: observationRefs,
    conclusion: `${record.lesions.length} lesion(s), ${positives} RGS-positive; resection status ${record.resectionStatus}.${
      record.synthetic ? ' SYNTHETIC DEMO DATA.' : ''
    }`,
    ...(options.reportPdf
      ? {
          presentedForm: [
            {
              contentType: 'application/pdf',
              data: Buffer.from(options.reportPdf).toString('base64'),
              title: `RGS report ${record.label}`,
            },
          ],
        }
      : {}),
  };
  const reportRef = add(report, 'report');

  const provenance: Provenance = {
    resourceType: 'Provenance',
    target: [procedureRef, reportRef, ...observationRefs],
    recorded: options.exportedAt,
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
      ...(record.signOff
        ? [{ type: { text: `signed off (${record.signOff.role})` }, who: { display: record.signOff.by } }]
        : []),
    ],
  };
  add(provenance, 'provenance');

  return { resourceType: 'Bundle', type: 'transaction', timestamp: options.exportedAt, entry: entries };
}
