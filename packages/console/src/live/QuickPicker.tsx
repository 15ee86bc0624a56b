// M opens this picker: first what kind of measurement, then which lesion, specimen or site. Driven by a
// single key per choice (digits), arrows and Enter, or the mouse; Escape goes back, then closes.
import { useEffect, useRef, useState } from 'react';
import type { Lesion, MeasurementKind } from '../api.js';

export interface MarkTarget {
  kind: MeasurementKind;
  siteLabel: string;
  lesionId?: string;
  /** A lesion to create first (a finding RGS made that pre-op imaging did not show). */
  newLesionLabel?: string;
  specimenLabel?: string;
}

interface Option {
  label: string;
  detail?: string;
  target: MarkTarget;
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
  switch (lesion.preOpImaging) {
    case 'seen':
      return 'seen on pre-op imaging';
    case 'indeterminate':
      return 'indeterminate on pre-op imaging';
    case 'not-seen':
      return 'not seen on pre-op imaging';
    default:
      return '';
  }
}

export function optionsFor(
  kind: MeasurementKind,
  lesions: readonly Lesion[],
  counts: { findings: number; specimens: number },
): Option[] {
  const lesionOptions = (prefix: string, kindFor: MeasurementKind): Option[] =>
    lesions.map((lesion) => ({
      label: `${prefix}${lesion.label}`,
      detail: [lesion.location, imagingText(lesion)].filter(Boolean).join(' · '),
      target: {
        kind: kindFor,
        siteLabel: `${prefix}${lesion.label}`,
        lesionId: lesion.id,
        ...(kindFor === 'ex-vivo' ? { specimenLabel: `Specimen ${lesion.label}` } : {}),
      },
    }));
  switch (kind) {
    case 'in-vivo': {
      const label = `Finding ${counts.findings + 1}`;
      return [
        ...lesionOptions('', 'in-vivo'),
        {
          label: `New finding (${label})`,
          detail: 'a site not shown on pre-op imaging',
          target: { kind: 'in-vivo', siteLabel: label, newLesionLabel: label },
        },
        { label: 'Survey point', detail: 'no lesion', target: { kind: 'in-vivo', siteLabel: 'Survey' } },
      ];
    }
    case 'ex-vivo': {
      const specimen = `Specimen ${counts.specimens + 1}`;
      return [
        ...lesionOptions('Specimen ', 'ex-vivo'),
        {
          label: `Other specimen (${specimen})`,
          target: { kind: 'ex-vivo', siteLabel: specimen, specimenLabel: specimen },
        },
      ];
    }
    case 'tumour-bed':
      return [
        ...lesionOptions('Bed of ', 'tumour-bed'),
        { label: 'Tumour bed (general)', target: { kind: 'tumour-bed', siteLabel: 'Tumour bed' } },
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
  counts: { findings: number; specimens: number };
  onPick: (target: MarkTarget) => void;
  onClose: () => void;
}) {
  const { open, lesions, counts, onPick, onClose } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [kind, setKind] = useState<MeasurementKind | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setKind(null);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  // Focus the first choice of each step.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes.
  useEffect(() => {
    if (open) listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open, kind]);

  const choices: { label: string; detail?: string; choose: () => void }[] =
    kind === null
      ? KINDS.map((k) => ({ label: k.label, detail: k.detail, choose: () => setKind(k.kind) }))
      : optionsFor(kind, lesions, counts).map((option) => ({
          label: option.label,
          ...(option.detail ? { detail: option.detail } : {}),
          choose: () => onPick(option.target),
        }));

  function onKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (kind !== null) setKind(null);
      else onClose();
      return;
    }
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= choices.length) {
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
        if (kind !== null) setKind(null);
        else onClose();
      }}
    >
      <h2 id="picker-title">
        {kind === null
          ? 'Mark a measurement: what kind?'
          : `${KINDS.find((k) => k.kind === kind)?.label}: which?`}
      </h2>
      <div ref={listRef} className="picker-list">
        {choices.map((choice, index) => (
          <button type="button" key={choice.label} onClick={choice.choose} className="picker-choice">
            <kbd>{index + 1}</kbd>
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
