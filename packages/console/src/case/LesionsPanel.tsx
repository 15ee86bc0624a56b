// Lesions of the case with their pre-op imaging status (seen / indeterminate / not seen).
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';

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
  const [location, setLocation] = useState('');
  const [imaging, setImaging] = useState<api.PreOpImaging>('seen');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!label.trim()) return setError('Give the lesion a label, e.g. L1.');
    setError(null);
    try {
      await api.addLesion(caseData.id, {
        label: label.trim(),
        preopImagingStatus: imaging,
        ...(location.trim() ? { location: location.trim() } : {}),
      });
      setLabel('');
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
              <th>Location</th>
              <th>Pre-op imaging</th>
              <th>RGS result</th>
              <th>Pathology</th>
            </tr>
          </thead>
          <tbody>
            {lesions.map((lesion) => (
              <tr key={lesion.id}>
                <td>{lesion.label}</td>
                <td>{lesion.location ?? '—'}</td>
                <td>{lesion.preopImagingStatus ? IMAGING_TEXT[lesion.preopImagingStatus] : '—'}</td>
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
            <label>
              Location <span className="hint">(optional)</span>
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
