// Builds the report package's CaseRecord (one plain snapshot of a case) from storage, for the PDF
// report, the FHIR export, the CSV export and the registry. Read-only.

import { findLesionSite, guessLesionSite } from '@openrgs/api';
import { decayCorrectRate, findNuclide } from '@openrgs/physics';
import type { CaseRecord, LesionRecord, LesionSite, MeasurementRecord, ProbeRecord } from '@openrgs/report';
import type { Measurement, Store } from '@openrgs/store';
import { estimateStaffDose } from './case-dose.js';

/**
 * The registry group of words describing a lesion (the simulator's lesion names, lesions recorded before
 * sites were coded): through the one coded-site guess, a node word winning over the organ it lies in.
 * Lesions of the record are grouped by their coded site (lesionSite below), never by free text.
 */
export function siteGroup(text: string | null): LesionSite {
  return findLesionSite(guessLesionSite(text ?? '', null))?.group ?? 'other';
}

/** Registry group, code and display of a lesion's coded site; an uncoded lesion counts as `other`. */
function lesionSite(siteCode: string | null): Pick<LesionRecord, 'site' | 'siteCode' | 'siteDisplay'> {
  const coded = siteCode === null ? undefined : findLesionSite(siteCode);
  return coded === undefined
    ? { site: 'other' }
    : { site: coded.group, siteCode: coded.code, siteDisplay: coded.display };
}

/**
 * How a person is named in a document: display name, else user name; never the internal id. Sign-off
 * stores the user id (older rows may hold a user name), so both are looked up.
 */
async function personName(store: Store, userIdOrName: string): Promise<{ name: string; role?: string }> {
  const byId = await store.users.get(userIdOrName);
  if (byId) return { name: byId.displayName?.trim() || byId.username, role: byId.role };
  const byName = (await store.users.list()).find((u) => u.username === userIdOrName);
  if (byName) return { name: byName.displayName?.trim() || byName.username, role: byName.role };
  return { name: userIdOrName };
}

async function probeOfCase(
  store: Store,
  caseId: string,
  sessions: ReadonlyArray<{ probeId: string | null; startedAt: string }>,
  probeIds: Array<string | null>,
): Promise<ProbeRecord | undefined> {
  const probeId = [...sessions.map((s) => s.probeId), ...probeIds].find((p): p is string => p !== null);
  if (probeId === undefined) return undefined;
  const probe = await store.probes.get(probeId);
  if (!probe) return undefined;
  const overrides = await store.probeQc.listOverrides({ caseId });
  const override = overrides[0];
  const checks = await store.probeQc.listChecks(probeId);
  const startedAt = sessions[0]?.startedAt;
  const before = checks.filter((c) => startedAt === undefined || c.checkedAt <= startedAt);
  const last = before[before.length - 1];
  const qc: ProbeRecord['qc'] = last
    ? { state: last.result, checkedAt: last.checkedAt }
    : {
        state: probe.qcStatus === 'pass' || probe.qcStatus === 'fail' ? probe.qcStatus : 'none',
        ...(probe.qcCheckedAt ? { checkedAt: probe.qcCheckedAt } : {}),
      };
  if (override) {
    qc.overrideReason = override.reason;
    qc.overrideBy = (await personName(store, override.createdBy)).name;
  }
  return {
    id: probe.id,
    model: [probe.manufacturer, probe.model ?? probe.name].filter(Boolean).join(' '),
    serial: probe.serialNumber ?? 'not recorded',
    detector: probe.detector,
    ...(probe.collimator ? { collimator: probe.collimator } : {}),
    qc,
  };
}

/** The pseudonymous patient linked to the case (pseudonym, sex, birth year), or nothing. */
async function patientOf(
  store: Store,
  patientId: string | null,
): Promise<Pick<CaseRecord, 'patientPseudonym' | 'patientSex' | 'patientBirthYear'>> {
  if (patientId === null) return {};
  const patient = await store.patients.get(patientId, false);
  if (!patient) return {};
  return {
    patientPseudonym: patient.pseudonym,
    ...(patient.sex !== null ? { patientSex: patient.sex } : {}),
    ...(patient.birthYear !== null ? { patientBirthYear: patient.birthYear } : {}),
  };
}

export async function loadCaseRecord(store: Store, caseId: string): Promise<CaseRecord | undefined> {
  const detail = await store.cases.get(caseId);
  if (!detail) return undefined;
  const measurements = await store.measurements.list(caseId);
  const followUps = await store.registry.followUps(caseId);
  const signedBy = detail.signOff ? await personName(store, detail.signOff.byUserId) : undefined;
  const tracer = detail.tracerAdministrations[0];
  const reference = detail.decayReferenceTime ?? tracer?.administeredAt;
  const background =
    [...measurements].reverse().find((m) => m.backgroundModel !== null)?.backgroundModel ?? undefined;

  const records: MeasurementRecord[] = measurements.map((m) => ({
    id: m.id,
    kind: m.kind,
    siteLabel: m.siteLabel,
    counts: m.counts,
    durationSeconds: m.durationSeconds,
    rateCps: m.rateCps,
    measuredAt: m.measuredAt,
    ...(m.decayCorrectedRateCps !== null ? { decayCorrectedRateCps: m.decayCorrectedRateCps } : {}),
    ...(m.decayCorrectedRateCps !== null && m.decayReferenceTime !== null
      ? { decayReferenceTime: m.decayReferenceTime }
      : {}),
    ...(m.ratio !== null ? { ratio: m.ratio } : {}),
    ...(m.ratio !== null && m.ratioLow !== null && m.ratioHigh !== null
      ? { ratioLow: m.ratioLow, ratioHigh: m.ratioHigh }
      : {}),
    ...(m.rateLowCps !== null && m.rateHighCps !== null
      ? { rateLowCps: m.rateLowCps, rateHighCps: m.rateHighCps }
      : {}),
    ...(m.confidencePercent !== null ? { confidencePercent: m.confidencePercent } : {}),
    ...(m.provisional !== null ? { provisional: m.provisional } : {}),
    ...(m.warnings.length > 0 ? { warnings: m.warnings } : {}),
    ...(m.backgroundModel !== null
      ? {
          background: {
            meanCps: m.backgroundModel.meanCps,
            sdCps: m.backgroundModel.sdCps,
            sites: m.backgroundModel.sites,
            thresholdCps: m.backgroundModel.thresholdCps,
            description: m.backgroundModel.method,
            ...(m.backgroundModel.rule !== undefined ? { rule: m.backgroundModel.rule } : {}),
            ...robustFields(m.backgroundModel),
          },
        }
      : {}),
    ...(m.fromSeq !== null && m.toSeq !== null ? { fromSeq: m.fromSeq, toSeq: m.toSeq } : {}),
    ...(m.kind === 'background' || m.kind === 'reference-source' ? {} : { verdict: m.verdict }),
    ...(m.evidence ? { evidence: m.evidence } : {}),
    ...(m.lesionId ? { lesionId: m.lesionId } : {}),
    ...(m.specimenId ? { specimenId: m.specimenId } : {}),
    recordedBy: m.createdBy,
  }));

  const sessions = await store.live.listForCase(caseId);
  const times = [
    ...sessions.flatMap((s) => [s.startedAt, ...(s.endedAt ? [s.endedAt] : [])]),
    ...measurements.map((m) => m.measuredAt),
  ]
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
  const operating =
    sessions.length > 0 && times.length > 1
      ? {
          startIso: new Date(Math.min(...times)).toISOString(),
          endIso: new Date(Math.max(...times)).toISOString(),
        }
      : undefined;
  const tracerRecord = tracer
    ? {
        agent: tracer.agent,
        ...(tracer.tracerId ? { tracerId: tracer.tracerId } : {}),
        nuclide: tracer.nuclide,
        activityMBq: tracer.activityMBq,
        administeredAt: tracer.administeredAt,
        ...(tracer.route ? { route: tracer.route } : {}),
      }
    : undefined;
  const staffDose = estimateStaffDose(tracerRecord, operating);

  return {
    id: detail.id,
    label: detail.label,
    ...(await patientOf(store, detail.patient?.id ?? null)),
    status: detail.signOff ? 'closed' : 'open',
    createdAt: detail.createdAt,
    ...(detail.procedureDate ? { surgeryStart: detail.procedureDate } : {}),
    ...(tracerRecord ? { tracer: tracerRecord } : {}),
    ...(staffDose ? { staffDose } : {}),
    ...(await probeOfCase(
      store,
      caseId,
      sessions,
      measurements.map((m) => m.probeId),
    ).then((p) => (p ? { probe: p } : {}))),
    ...(background
      ? {
          background: {
            meanCps: background.meanCps,
            sdCps: background.sdCps,
            sites: background.sites,
            thresholdCps: background.thresholdCps,
            description: background.method,
            ...robustFields(background),
          },
        }
      : {}),
    ...(reference ? { decayReferenceTime: reference } : {}),
    measurements: records,
    lesions: detail.lesions.map((l) => ({
      id: l.id,
      label: l.label,
      ...lesionSite(l.siteCode),
      ...(l.location ? { location: l.location } : {}),
      imagingStatus: l.preopImagingStatus ?? 'not-seen',
      ...(l.rgsResult !== 'not-measured' ? { rgsResult: l.rgsResult } : {}),
      ...(l.pathologyResult !== 'pending'
        ? {
            pathology: {
              netConfirmed: l.pathologyResult === 'net-confirmed',
              ...(l.pathologyGrade ? { grade: l.pathologyGrade } : {}),
              ...(l.ki67Percent !== null ? { ki67Percent: l.ki67Percent } : {}),
              ...(l.sizeMm !== null ? { sizeMm: l.sizeMm } : {}),
              ...(l.marginStatus === 'clear' || l.marginStatus === 'involved'
                ? { margins: l.marginStatus }
                : {}),
            },
          }
        : {}),
    })),
    specimens: detail.specimens.map((s) => ({
      id: s.id,
      label: s.label,
      ...(s.lesionId ? { lesionId: s.lesionId } : {}),
      ...(s.excisedAt ? { excisedAt: s.excisedAt } : {}),
    })),
    resectionStatus: detail.resectionStatus,
    followUps: followUps.map((f) => ({
      date: f.date,
      recurrence: f.recurrence,
      ...(f.note ? { note: f.note } : {}),
    })),
    ...(signedBy && detail.signOff
      ? { signOff: { by: signedBy.name, role: signedBy.role ?? 'signed', at: detail.signOff.at } }
      : {}),
  };
}

/** Decay correction for the report when the reader picks another reference time (physics package). */
export function decayCorrectorFor(nuclide: string | undefined) {
  if (nuclide === undefined) return undefined;
  const found = findNuclide(nuclide);
  if (!found.ok) return undefined;
  const halfLifeSeconds = found.value.halfLifeSeconds;
  return (rateCps: number, measuredAt: string, referenceTime: string): number =>
    decayCorrectRate({
      rateCps,
      halfLifeSeconds,
      measuredAtEpochMs: Date.parse(measuredAt),
      referenceEpochMs: Date.parse(referenceTime),
    }).rateCps;
}

/** What the report prints of the robust background model (issue 12): flagged sites, provisional state. */
function robustFields(b: NonNullable<Measurement['backgroundModel']>): {
  sitesGiven?: number;
  minimumSites?: number;
  provisional?: boolean;
  flagged?: Array<{
    siteLabel: string;
    direction: 'low' | 'high';
    status: 'unconfirmed' | 'kept' | 'dropped';
    reason: string;
  }>;
} {
  return {
    ...(b.sitesGiven !== undefined ? { sitesGiven: b.sitesGiven } : {}),
    ...(b.minimumSites !== undefined ? { minimumSites: b.minimumSites } : {}),
    ...(b.provisional !== undefined ? { provisional: b.provisional } : {}),
    ...(b.flagged !== undefined && b.flagged.length > 0
      ? {
          flagged: b.flagged.map((f) => ({
            siteLabel: f.siteLabel,
            direction: f.direction,
            status: f.status,
            reason: f.reason,
          })),
        }
      : {}),
  };
}
