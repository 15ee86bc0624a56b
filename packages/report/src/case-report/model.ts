// The case report's content, independent of its rendering: the PDF and the printable HTML view both draw
// this model, so they cannot disagree.
import { isNotDetectable } from '@openrgs/counting';
import type { BackgroundModelRecord, CaseRecord, MeasurementRecord, Verdict } from '../record.js';

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  note?: string;
}

export interface LesionBar {
  label: string;
  inVivo: { ratio: number; low?: number; high?: number } | null;
  exVivo: { ratio: number; low?: number; high?: number } | null;
}

export interface ReportModel {
  title: string;
  subtitle: string;
  synthetic: boolean;
  facts: Array<[string, string]>;
  tables: Table[];
  chart: { title: string; bars: LesionBar[] };
  signOff: string;
}

export interface ReportOptions {
  /** Time the decay-corrected rates refer to (ISO-8601 with zone); defaults to the case's own reference. */
  decayReferenceTime?: string;
  /**
   * Corrects a rate measured at `measuredAt` to `referenceTime` (both ISO with zone). Supplied by the caller
   * from the physics package (the report itself knows no half-lives). Without it, rates are shown as stored.
   */
  decayCorrect?: (rateCps: number, measuredAt: string, referenceTime: string) => number;
  /** When the report was generated (ISO with zone). */
  generatedAt: string;
}

const fmt = (value: number | undefined, digits = 1): string =>
  value === undefined ? '—' : value.toFixed(digits);
/**
 * A count rate to the precision the live screen and the engine's evidence line print it (@openrgs/counting
 * background-summary.ts `cps`, the console's formatRate): whole cps from 100, one decimal from 10, two below.
 * The background figures use it, so "limit 100 cps" in the evidence is "limit 100 cps" in the facts too.
 */
const rate = (cps: number | undefined): string =>
  cps === undefined ? '—' : cps >= 100 ? cps.toFixed(0) : cps >= 10 ? cps.toFixed(1) : cps.toFixed(2);
const verdictText = (v: Verdict | undefined): string => (v === undefined ? '—' : v);
/** A measurement's verdict in one word or phrase: "not detectable here" for a negative under 50 % sure. */
const measurementVerdictText = (m: MeasurementRecord): string =>
  isNotDetectable(
    m.verdict ?? 'undecided',
    m.confidencePercent === undefined ? null : m.confidencePercent / 100,
  )
    ? 'not detectable here'
    : verdictText(m.verdict);
/**
 * The verdict with its confidence as the screen showed it, e.g. "positive, 99 % sure (provisional)". A
 * negative at under 50 % confidence reads "not detectable here (negative, 12 % sure)", as on the screen
 * (@openrgs/counting verdict-wording.ts): the lesion asked for could not be told from tissue there.
 */
export function verdictWithConfidence(m: MeasurementRecord): string {
  if (m.verdict === undefined) return '—';
  const sure = m.confidencePercent === undefined ? '' : `, ${confidenceText(m.confidencePercent)} sure`;
  const provisional = m.provisional ? ' (provisional)' : '';
  const confidence = m.confidencePercent === undefined ? null : m.confidencePercent / 100;
  if (isNotDetectable(m.verdict, confidence))
    return `not detectable here (${m.verdict}${sure})${provisional}`;
  return `${m.verdict}${sure}${provisional}`;
}
/**
 * Confidence as the live screen and the evidence line print it: rounded down to 0.1 %, never up, so a
 * 99.8 % verdict never reads "100 % sure".
 */
function confidenceText(percent: number): string {
  const v = Math.floor(percent * 10 + 1e-9) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)} %`;
}
/** The background model a verdict was made against: mean ± spread, sites, limit and rule. */
function backgroundText(m: MeasurementRecord): string {
  const b = m.background;
  if (b === undefined) return '—';
  return `${rate(b.meanCps)} ± ${rate(b.sdCps)} cps, ${sitesText(b)}${
    b.thresholdCps !== undefined ? `, limit ${rate(b.thresholdCps)} cps` : ''
  }${b.rule ? `, rule ${b.rule}` : ''}${flaggedText(b)}`;
}
/** "4 of 5 sites (provisional until 5)": sites used, given, and the minimum when below it. */
function sitesText(b: BackgroundModelRecord): string {
  const given = b.sitesGiven !== undefined && b.sitesGiven !== b.sites ? ` of ${b.sitesGiven}` : '';
  const provisional =
    b.provisional && b.minimumSites !== undefined ? ` (provisional until ${b.minimumSites})` : '';
  return `${b.sites}${given} site${(b.sitesGiven ?? b.sites) === 1 ? '' : 's'}${provisional}`;
}
/** Flagged background sites with the team's decision and why (issue 12). */
function flaggedText(b: BackgroundModelRecord): string {
  if (!b.flagged || b.flagged.length === 0) return '';
  return `; ${b.flagged
    .map(
      (f) =>
        `site '${f.siteLabel}' flagged (${f.direction === 'low' ? 'too low' : 'too high'}) ${
          f.status === 'unconfirmed' ? 'not yet kept or dropped: no verdict' : f.status
        }: ${f.reason}`,
    )
    .join('; ')}`;
}
const frameRange = (m: MeasurementRecord): string =>
  m.fromSeq === undefined || m.toSeq === undefined ? '—' : `${m.fromSeq}–${m.toSeq}`;
const time = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?(?=[Z+-])/, '');

function ratioText(m: MeasurementRecord): string {
  if (m.ratio === undefined) return '—';
  const ci =
    m.ratioLow !== undefined && m.ratioHigh !== undefined
      ? ` (${fmt(m.ratioLow, 2)}–${fmt(m.ratioHigh, 2)})`
      : '';
  return `${fmt(m.ratio, 2)}${ci}`;
}

export function buildReportModel(record: CaseRecord, options: ReportOptions): ReportModel {
  const reference = options.decayReferenceTime ?? record.decayReferenceTime;
  const corrected = (m: MeasurementRecord): string => {
    if (reference !== undefined && options.decayCorrect)
      return fmt(options.decayCorrect(m.rateCps, m.measuredAt, reference));
    // Without a corrector the stored rate is shown only when it refers to the report's reference time.
    const stored = m.decayReferenceTime ?? record.decayReferenceTime;
    if (stored !== undefined && reference !== undefined && Date.parse(stored) !== Date.parse(reference))
      return '—';
    return fmt(m.decayCorrectedRateCps);
  };
  const t = record.tracer;
  const p = record.probe;
  const facts: Array<[string, string]> = [
    ['Case', record.label],
    ['Patient (pseudonym)', record.patientPseudonym ?? 'no patient linked'],
    ['Surgery start', record.surgeryStart ? time(record.surgeryStart) : '—'],
    [
      'Tracer',
      t
        ? `${t.agent}, ${fmt(t.activityMBq, 0)} MBq at ${time(t.administeredAt)}${t.route ? `, ${t.route}` : ''}`
        : 'not recorded',
    ],
    [
      'Probe',
      p
        ? `${p.model} (serial ${p.serial})${p.energyWindow ? `, window ${p.energyWindow}` : ''}`
        : 'not recorded',
    ],
    [
      'Probe QC',
      p
        ? `${p.qc.state}${p.qc.checkedAt ? ` (checked ${time(p.qc.checkedAt)})` : ''}${
            p.qc.overrideReason
              ? ` — OVERRIDDEN by ${p.qc.overrideBy ?? 'unknown'}: ${p.qc.overrideReason}`
              : ''
          }`
        : '—',
    ],
    [
      'Background model',
      record.background
        ? `${rate(record.background.meanCps)} ± ${rate(record.background.sdCps)} cps (mean ± SD) over ${sitesText(record.background)}` +
          (record.background.thresholdCps !== undefined
            ? `, normal-tissue limit ${rate(record.background.thresholdCps)} cps`
            : '') +
          (record.background.description ? ` (${record.background.description})` : '') +
          flaggedText(record.background)
        : 'not recorded',
    ],
    ['Decay reference time', reference ? time(reference) : '— (rates not decay-corrected)'],
    ['Resection status', record.resectionStatus],
  ];

  const measurementRows = record.measurements.map((m) => [
    time(m.measuredAt).slice(11),
    m.kind,
    m.siteLabel,
    String(m.counts),
    fmt(m.durationSeconds),
    fmt(m.rateCps),
    corrected(m),
    ratioText(m),
    verdictWithConfidence(m),
  ]);

  const lesionBars: LesionBar[] = [];
  const lesionRows = record.lesions.map((l) => {
    const specimenIds = new Set(record.specimens.filter((s) => s.lesionId === l.id).map((s) => s.id));
    const of = (kind: MeasurementRecord['kind']): MeasurementRecord | undefined =>
      record.measurements
        .filter(
          (m) =>
            m.kind === kind &&
            (m.lesionId === l.id || (m.specimenId !== undefined && specimenIds.has(m.specimenId))),
        )
        .filter((m) => m.ratio !== undefined)
        .sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
    const inVivo = of('in-vivo');
    const exVivo = of('ex-vivo');
    const bar = (m: MeasurementRecord | undefined): LesionBar['inVivo'] =>
      m?.ratio === undefined
        ? null
        : {
            ratio: m.ratio,
            ...(m.ratioLow !== undefined ? { low: m.ratioLow } : {}),
            ...(m.ratioHigh !== undefined ? { high: m.ratioHigh } : {}),
          };
    lesionBars.push({ label: l.label, inVivo: bar(inVivo), exVivo: bar(exVivo) });
    const path = l.pathology;
    return [
      l.label,
      // An uncoded lesion (recorded before sites were coded) says so; "other" would read as a coded site.
      `${l.siteDisplay ?? 'site not coded'}${l.location ? ` (${l.location})` : ''}`,
      l.imagingStatus,
      inVivo ? `${ratioText(inVivo)} ${measurementVerdictText(inVivo)}` : '—',
      exVivo ? `${ratioText(exVivo)} ${measurementVerdictText(exVivo)}` : '—',
      verdictText(l.rgsResult),
      path
        ? `${path.netConfirmed ? 'NET' : 'no NET'}${path.grade ? ` ${path.grade}` : ''}${
            path.ki67Percent !== undefined ? `, Ki-67 ${path.ki67Percent} %` : ''
          }${path.sizeMm !== undefined ? `, ${path.sizeMm} mm` : ''}${path.margins ? `, margins ${path.margins}` : ''}`
        : 'pending',
    ];
  });

  const evidenceRows = record.measurements
    .filter((m) => m.evidence !== undefined)
    .map((m) => [
      m.siteLabel,
      m.kind,
      [m.evidence ?? '', ...(m.warnings ?? []).map((w) => `Warning: ${w}`)].join(' '),
      backgroundText(m),
      frameRange(m),
    ]);

  const tables: Table[] = [
    {
      title: 'Lesions',
      columns: [
        'Lesion',
        'Site',
        'Pre-op imaging',
        'In vivo T/B (95 % CI)',
        'Ex vivo T/B (95 % CI)',
        'RGS',
        'Pathology',
      ],
      rows: lesionRows,
    },
    {
      title: 'Measurements',
      columns: [
        'Time',
        'Kind',
        'Site',
        'Counts',
        'Time s',
        'Rate cps',
        'Decay-corr. cps',
        'T/B (95 % CI)',
        'Verdict',
      ],
      rows: measurementRows,
      note: reference
        ? `Decay-corrected to ${time(reference)}.`
        : 'No decay reference time: corrected rates not shown.',
    },
    {
      title: 'Tumour-bed checks',
      columns: ['Site', 'Rate cps', 'T/B (95 % CI)', 'Verdict'],
      rows: record.measurements
        .filter((m) => m.kind === 'tumour-bed')
        .map((m) => [m.siteLabel, fmt(m.rateCps), ratioText(m), measurementVerdictText(m)]),
    },
    {
      title: 'Evidence behind the verdicts',
      columns: ['Site', 'Kind', 'Evidence', 'Background used', 'Frames'],
      rows: evidenceRows,
    },
    {
      title: 'Staff dose estimate',
      columns: ['Role', 'Dose µSv', 'Source'],
      rows: (record.staffDose ?? []).map((d) => [d.role, fmt(d.doseMicroSv), d.source]),
    },
  ];
  if (record.followUps.length > 0) {
    tables.push({
      title: 'Follow-up',
      columns: ['Date', 'Recurrence', 'Note'],
      rows: record.followUps.map((f) => [f.date, f.recurrence ? 'yes' : 'no', f.note ?? '']),
    });
  }

  return {
    title: `Radioguided surgery report — ${record.label}`,
    subtitle: `Generated ${time(options.generatedAt)} by OpenRGS`,
    synthetic: record.synthetic === true,
    facts,
    tables,
    chart: {
      title: 'Tumour-to-background ratio per lesion (bars: in vivo, ex vivo; whiskers: 95 % CI)',
      bars: lesionBars,
    },
    signOff: record.signOff
      ? `Signed off by ${record.signOff.by} (${record.signOff.role}) at ${time(record.signOff.at)}`
      : 'NOT SIGNED OFF',
  };
}
