// M opens this picker: first what kind of measurement, then which lesion, specimen or site. Driven by a
// single key per choice (digits), arrows and Enter, or the mouse; Escape goes back, then closes.
import { LESION_SITES } from '@openrgs/api';
import { useEffect, useRef, useState } from 'react';
import type { Lesion, MeasurementKind, Specimen } from '../api.js';
import { siteText } from '../case/SiteSelect.js';

export interface MarkTarget {
  kind: MeasurementKind;
  siteLabel: string;
  lesionId?: string;
  specimenId?: string;
  /**
   * A lesion to create first: a finding RGS made that pre-op imaging did not show, with its coded tissue
   * site (LESION_SITES), chosen in the picker's last step.
   */
  newLesion?: { label: string; siteCode: string };
  /** A specimen to create first (ex vivo count of a newly resected piece). */
  newSpecimen?: { label: string; lesionId?: string };
}

interface Option {
  label: string;
  detail?: string;
  target: MarkTarget;
  /** The target still needs the new lesion's tissue site: the picker asks for it next. */
  askSite?: boolean;
}

const KINDS: { kind: MeasurementKind; label: string; detail: string }[] = [
  { kind: 'in-vivo', label: 'In vivo', detail: 'over a lesion or suspected site in the patient' },
  { kind: 'ex-vivo', label: 'Ex vivo', detail: 'a resected specimen, away from the patient' },
  { kind: 'tumour-bed', label: 'Tumour bed', detail: 'after resection: residual activity?' },
  { kind: 'background', label: 'Background', detail: 'normal tissue (B does this directly)' },
];

export const BACKGROUND_SITES = [
  'Bowel wall',
  'Mesentery',
  'Liver edge',
  'Abdominal wall',
  'Other normal tissue',
];

function imagingText(lesion: Lesion): string {
  switch (lesion.preopImagingStatus) {
    case 'seen':
      return 'seen on pre-op imaging';
    case 'indeterminate':
      return 'indeterminate on pre-op imaging';
    case 'not-seen':
      return 'not seen on pre-op imaging';
    default:
      return 'no pre-op imaging status';
  }
}

/** The second step's choices for a kind: the case's lesions and specimens, plus a way to add a new one. */
export function optionsFor(
  kind: MeasurementKind,
  lesions: readonly Lesion[],
  specimens: readonly Specimen[],
): Option[] {
  const detail = (lesion: Lesion) =>
    [lesion.siteCode ? siteText(lesion.siteCode) : null, lesion.location, imagingText(lesion)]
      .filter(Boolean)
      .join(' · ');
  switch (kind) {
    case 'in-vivo': {
      const findings = lesions.filter((l) => /^Finding \d+$/.test(l.label)).length;
      const label = `Finding ${findings + 1}`;
      return [
        ...lesions.map((lesion) => ({
          label: lesion.label,
          detail: detail(lesion),
          target: { kind, siteLabel: lesion.label, lesionId: lesion.id },
        })),
        {
          label: `New finding (${label})`,
          detail: 'a site not shown on pre-op imaging; its tissue site is asked next',
          target: { kind, siteLabel: label, newLesion: { label, siteCode: '' } },
          askSite: true,
        },
        { label: 'Survey point', detail: 'no lesion', target: { kind, siteLabel: 'Survey' } },
      ];
    }
    case 'ex-vivo': {
      const specimen = `Specimen ${specimens.length + 1}`;
      const lesionsWithout = lesions.filter((lesion) => !specimens.some((s) => s.lesionId === lesion.id));
      return [
        ...specimens.map((s) => ({
          label: s.label,
          detail: s.lesionId
            ? `of ${lesions.find((l) => l.id === s.lesionId)?.label ?? 'a lesion'}`
            : 'specimen',
          target: {
            kind,
            siteLabel: s.label,
            specimenId: s.id,
            ...(s.lesionId ? { lesionId: s.lesionId } : {}),
          },
        })),
        ...lesionsWithout.map((lesion) => ({
          label: `New specimen of ${lesion.label}`,
          detail: detail(lesion),
          target: {
            kind,
            siteLabel: `Specimen ${lesion.label}`,
            lesionId: lesion.id,
            newSpecimen: { label: `Specimen ${lesion.label}`, lesionId: lesion.id },
          },
        })),
        {
          label: `Other specimen (${specimen})`,
          target: { kind, siteLabel: specimen, newSpecimen: { label: specimen } },
        },
      ];
    }
    case 'tumour-bed':
      return [
        ...lesions.map((lesion) => ({
          label: `Bed of ${lesion.label}`,
          detail: detail(lesion),
          target: { kind, siteLabel: `Bed of ${lesion.label}`, lesionId: lesion.id },
        })),
        { label: 'Tumour bed (general)', target: { kind, siteLabel: 'Tumour bed' } },
      ];
    case 'background':
    case 'reference-source':
      return BACKGROUND_SITES.map((site) => ({
        label: site,
        target: { kind: 'background', siteLabel: site },
      }));
  }
}

export function QuickPicker(props: {
  open: boolean;
  lesions: readonly Lesion[];
  specimens: readonly Specimen[];
  onPick: (target: MarkTarget) => void;
  onClose: () => void;
}) {
  const { open, lesions, specimens, onPick, onClose } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [kind, setKind] = useState<MeasurementKind | null>(null);
  // A new finding waiting for its coded tissue site (the third step).
  const [finding, setFinding] = useState<MarkTarget | null>(null);
  // Every opening starts at the first step. The reset happens during render, before the dialog is shown:
  // reset in the effect that shows it, a digit pressed within a few milliseconds of M would be read
  // against the previous opening's step (and, say, record an "Other specimen" instead of a tumour bed).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setKind(null);
      setFinding(null);
    }
  }

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  // Focus the first choice of each step.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes.
  useEffect(() => {
    if (open) listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open, kind, finding]);

  const back = () => {
    if (finding !== null) setFinding(null);
    else if (kind !== null) setKind(null);
    else onClose();
  };

  const choices: { label: string; detail?: string; choose: () => void }[] =
    finding?.newLesion !== undefined
      ? LESION_SITES.map((site) => ({
          label: site.display,
          choose: () => {
            const { newLesion } = finding;
            if (newLesion) onPick({ ...finding, newLesion: { ...newLesion, siteCode: site.code } });
          },
        }))
      : kind === null
        ? KINDS.map((k) => ({ label: k.label, detail: k.detail, choose: () => setKind(k.kind) }))
        : optionsFor(kind, lesions, specimens).map((option) => ({
            label: option.label,
            ...(option.detail ? { detail: option.detail } : {}),
            choose: () => (option.askSite ? setFinding(option.target) : onPick(option.target)),
          }));

  function onKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      back();
      return;
    }
    const digit = Number(event.key);
    // Digits choose among the first nine; arrows and Enter reach the rest (the site list is longer).
    if (Number.isInteger(digit) && digit >= 1 && digit <= Math.min(9, choices.length)) {
      event.preventDefault();
      choices[digit - 1]?.choose();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
      const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = event.key === 'ArrowDown' ? index + 1 : index - 1;
      buttons[(next + buttons.length) % buttons.length]?.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="picker"
      aria-labelledby="picker-title"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        back();
      }}
    >
      <h2 id="picker-title">
        {finding?.newLesion
          ? `${finding.newLesion.label}: which tissue site?`
          : kind === null
            ? 'Mark a measurement: what kind?'
            : `${KINDS.find((k) => k.kind === kind)?.label}: which?`}
      </h2>
      <div ref={listRef} className="picker-list">
        {choices.map((choice, index) => (
          <button type="button" key={choice.label} onClick={choice.choose} className="picker-choice">
            {index < 9 ? <kbd>{index + 1}</kbd> : <span className="kbd-blank" />}
            <span>
              <span className="picker-label">{choice.label}</span>
              {choice.detail && <span className="picker-detail">{choice.detail}</span>}
            </span>
          </button>
        ))}
      </div>
      <p className="muted small">
        Number keys choose · <kbd>↑</kbd>
        <kbd>↓</kbd> and <kbd>Enter</kbd> · <kbd>Esc</kbd> {kind === null ? 'closes' : 'goes back'}
      </p>
    </dialog>
  );
}
