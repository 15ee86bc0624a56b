// Lesions of the case with their pre-op imaging status (seen / indeterminate / not seen).
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';
import { parsePreopPosition } from './preop-position.js';
import { SiteSelect, siteText } from './SiteSelect.js';

export const IMAGING_TEXT: Record<api.PreOpImaging, string> = {
  seen: 'seen',
  indeterminate: 'indeterminate',
  'not-seen': 'not seen',
};

export function LesionsPanel({
  caseData,
  onSaved,
  readOnly,
}: {
  caseData: api.Case;
  onSaved: () => void;
  readOnly: boolean;
}) {
  const lesions = caseData.lesions ?? [];
  const [label, setLabel] = useState('');
  const [siteCode, setSiteCode] = useState('');
  const [location, setLocation] = useState('');
  const [imaging, setImaging] = useState<api.PreOpImaging>('seen');
  const [position, setPosition] = useState<[string, string, string]>(['', '', '']);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!label.trim()) return setError('Give the lesion a label, e.g. L1.');
    if (!siteCode) return setError('Choose the tissue site from the list (the location box is a note).');
    const place = parsePreopPosition(position);
    if (!place.ok) return setError(place.message);
    setError(null);
    try {
      await api.addLesion(caseData.id, {
        label: label.trim(),
        siteCode,
        preopImagingStatus: imaging,
        ...(location.trim() ? { location: location.trim() } : {}),
        ...(place.positionCm ? { preopPositionCm: place.positionCm } : {}),
      });
      setLabel('');
      setPosition(['', '', '']);
      setSiteCode('');
      setLocation('');
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <div className="stack">
      {lesions.length === 0 ? (
        <p className="muted">
          No lesions yet. Add those planned from pre-op imaging; RGS findings are added from the live view.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Lesion</th>
              <th>Tissue site</th>
              <th>Location note</th>
              <th>Pre-op imaging</th>
              <th>Pre-op position (cm)</th>
              <th>RGS result</th>
              <th>Pathology</th>
            </tr>
          </thead>
          <tbody>
            {lesions.map((lesion) => (
              <tr key={lesion.id}>
                <td>{lesion.label}</td>
                <td data-testid="lesion-site">
                  {lesion.siteCode || readOnly ? (
                    siteText(lesion.siteCode)
                  ) : (
                    <CodeSite caseId={caseData.id} lesion={lesion} onSaved={onSaved} />
                  )}
                </td>
                <td>{lesion.location ?? '—'}</td>
                <td>{lesion.preopImagingStatus ? IMAGING_TEXT[lesion.preopImagingStatus] : '—'}</td>
                <td data-testid="lesion-position">
                  <PositionCell caseId={caseData.id} lesion={lesion} onSaved={onSaved} readOnly={readOnly} />
                </td>
                <td>{lesion.rgsResult}</td>
                <td>{lesion.pathologyResult}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!readOnly && (
        <form className="stack" onSubmit={(event) => void submit(event)} aria-label="Add a lesion">
          <div className="form-grid">
            <label>
              Label
              <input
                name="lesionLabel"
                value={label}
                onChange={(event) => setLabel(event.target.value)}
                placeholder="e.g. L1"
                maxLength={40}
              />
            </label>
            <SiteSelect name="lesionSite" value={siteCode} onChange={setSiteCode} />
            <label>
              Location note <span className="hint">(optional)</span>
              <input
                name="lesionLocation"
                value={location}
                onChange={(event) => setLocation(event.target.value)}
                placeholder="e.g. terminal ileum"
                maxLength={120}
              />
            </label>
          </div>
          <fieldset>
            <legend>Pre-op imaging</legend>
            <div className="choice-row">
              {(Object.keys(IMAGING_TEXT) as api.PreOpImaging[]).map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="preOpImaging"
                    value={value}
                    checked={imaging === value}
                    onChange={() => setImaging(value)}
                  />
                  {IMAGING_TEXT[value]}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>
              Pre-op position <span className="hint">(optional; for the 3D map)</span>
            </legend>
            <p className="hint" style={{ margin: '0 0 0.3rem' }}>
              The lesion's centre in cm in the tracker's reference frame (+x patient left, +y head, +z
              anterior): its CT/PET coordinate after the image is registered to the tracker (e.g. read in 3D
              Slicer), not the scanner's own coordinates. All three or none.
            </p>
            <div className="choice-row">
              {(['x', 'y', 'z'] as const).map((axis, i) => (
                <label key={axis}>
                  {axis} (cm){' '}
                  <input
                    name={`lesionPreop${axis.toUpperCase()}`}
                    inputMode="decimal"
                    value={position[i]}
                    onChange={(event) => {
                      const next: [string, string, string] = [...position];
                      next[i] = event.target.value;
                      setPosition(next);
                    }}
                    style={{ width: '6rem' }}
                  />
                </label>
              ))}
            </div>
          </fieldset>
          {error && (
            <div className="alert error" role="alert">
              {error}
            </div>
          )}
          <div>
            <button type="submit">Add lesion</button>
          </div>
        </form>
      )}
    </div>
  );
}

/** A lesion's pre-op position, and (on an open case) its change: set after registration in the OR. */
function PositionCell({
  caseId,
  lesion,
  onSaved,
  readOnly,
}: {
  caseId: string;
  lesion: api.Lesion;
  onSaved: () => void;
  readOnly: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [texts, setTexts] = useState<[string, string, string]>(['', '', '']);
  const [error, setError] = useState<string | null>(null);
  const shown = lesion.preopPositionCm ? `(${lesion.preopPositionCm.join(', ')})` : '—';
  if (readOnly) return <>{shown}</>;
  if (!editing)
    return (
      <>
        <span data-testid="lesion-position-value">{shown}</span>{' '}
        <button
          type="button"
          className="small"
          onClick={() => {
            const p = lesion.preopPositionCm;
            setTexts(p ? [String(p[0]), String(p[1]), String(p[2])] : ['', '', '']);
            setError(null);
            setEditing(true);
          }}
        >
          {lesion.preopPositionCm ? 'Change' : 'Set'}
        </button>
      </>
    );
  const save = (positionCm: [number, number, number] | null) =>
    api.setLesionPosition(caseId, lesion.id, positionCm).then(
      () => {
        setEditing(false);
        onSaved();
      },
      (reason: unknown) => setError(errorText(reason)),
    );
  return (
    <form
      aria-label={`Pre-op position of ${lesion.label}`}
      onSubmit={(event) => {
        event.preventDefault();
        const place = parsePreopPosition(texts);
        if (!place.ok) return setError(place.message);
        void save(place.positionCm);
      }}
    >
      {(['x', 'y', 'z'] as const).map((axis, i) => (
        <input
          key={axis}
          name={`lesionPosition${axis.toUpperCase()}-${lesion.id}`}
          aria-label={`${axis} (cm)`}
          placeholder={`${axis} cm`}
          inputMode="decimal"
          value={texts[i]}
          onChange={(event) => {
            const next: [string, string, string] = [...texts];
            next[i] = event.target.value;
            setTexts(next);
          }}
          style={{ width: '4.5rem' }}
        />
      ))}{' '}
      <button type="submit" className="small">
        Save
      </button>{' '}
      <button type="button" className="small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {error && (
        <div className="alert error small" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

/** A lesion without a coded site (a finding from before sites were coded): code it in place. */
function CodeSite({ caseId, lesion, onSaved }: { caseId: string; lesion: api.Lesion; onSaved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <SiteSelect
        name={`lesionSite-${lesion.id}`}
        label="Not coded:"
        value=""
        onChange={(code) => {
          if (!code) return;
          setError(null);
          api
            .setLesionSite(caseId, lesion.id, code)
            .then(onSaved, (reason: unknown) => setError(errorText(reason)));
        }}
      />
      {error && (
        <div className="alert error small" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
