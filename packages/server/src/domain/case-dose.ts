// Staff dose estimate for a case's report (issue 9 asks for it; issue 7's dose model computes it):
// the tracer administration gives nuclide, activity and injection time; the operating time is taken from
// the recorded live sessions (first start → last end, or last measurement while one is open). The body
// kinetics are those of the planning preset for that nuclide (Tc-99m → Tc-99m-EDDA/HYNIC-TOC, In-111 →
// In-111-pentetreotide, Ga-68 → Ga-68-DOTATATE); distances, occupancy and patient self-attenuation are the
// dose model's documented defaults (docs/planning.md). Without an operating time nothing is estimated.
import { computeDose, doseRequestFromJson, physicsDoseContext } from '@openrgs/planning';
import type { StaffDoseRecord, TracerAdministration } from '@openrgs/report';

const PRESET_BY_NUCLIDE: Record<string, string> = {
  'Tc-99m': 'tc99m-hynic-toc',
  'In-111': 'in111-pentetreotide',
  'Ga-68': 'ga68-dotatate',
};

const ROLE_TEXT: Record<string, string> = {
  'surgeon-hands': 'surgeon, hands',
  'surgeon-body': 'surgeon, body',
  anaesthetist: 'anaesthetist',
  'scrub-nurse': 'scrub nurse',
};

export function estimateStaffDose(
  tracer: TracerAdministration | undefined,
  operating: { startIso: string; endIso: string } | undefined,
): StaffDoseRecord[] | undefined {
  if (!tracer || !operating) return undefined;
  const preset = PRESET_BY_NUCLIDE[tracer.nuclide];
  if (!preset) return undefined;
  const minutes = (Date.parse(operating.endIso) - Date.parse(operating.startIso)) / 60_000;
  if (!(minutes > 0) || Date.parse(operating.startIso) < Date.parse(tracer.administeredAt)) return undefined;
  const computed = computeDose(
    doseRequestFromJson({
      tracer: preset,
      injectedActivityMBq: tracer.activityMBq,
      injectedAt: tracer.administeredAt,
      surgeryStart: operating.startIso,
      surgeryDurationMinutes: minutes,
    }),
    physicsDoseContext,
  );
  if (!computed.ok) return undefined;
  const source = `OpenRGS dose model (docs/planning.md): ${computed.value.doseRateConstant.source}; ${minutes.toFixed(0)} min of recorded operating time`;
  return computed.value.staff.map((s) => ({
    role: `${ROLE_TEXT[s.role] ?? s.role} (${s.distanceCm} cm)`,
    doseMicroSv: s.doseMicroSv,
    source,
  }));
}
