// Pathology of one lesion: result (NET confirmed / other tumour / no tumour / pending), WHO grade, Ki-67
// index, size, margins and a note. Sent as a PATCH of the lesion (audited on the server). Nothing is
// defaulted: an empty field is sent as "not recorded" (null), and the form says so.
import { type FormEvent, useId, useState } from 'react';
import {
  GRADES,
  type Grade,
  type LesionDetail,
  MARGINS,
  type Margin,
  PATHOLOGY_RESULTS,
  recordApi,
} from '../record-api.js';
import { whoGradeForKi67 } from '../registry/registry-format.js';
import { errorText } from '../use-async.js';
import { type Draft, draftOf, MARGIN_TEXT, PATHOLOGY_TEXT, pathologyPatch } from './record-forms.js';

export function PathologyForm({
  caseId,
  lesion,
  onSaved,
}: {
  caseId: string;
  lesion: LesionDetail;
  onSaved: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(lesion));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(null);
  };

  const ki67 = Number(draft.ki67.replace(',', '.'));
  const impliedGrade =
    draft.ki67.trim() !== '' && Number.isFinite(ki67) && ki67 >= 0 && ki67 <= 100
      ? whoGradeForKi67(ki67)
      : null;
  const gradeMismatch =
    draft.result === 'net-confirmed' &&
    draft.grade !== '' &&
    impliedGrade !== null &&
    impliedGrade !== draft.grade;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = pathologyPatch(draft);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      const stored = await recordApi.updatePathology(caseId, lesion.id, result.patch);
      setDraft(draftOf(stored));
      setSaved(`Saved: ${PATHOLOGY_TEXT[stored.pathologyResult]}.`);
      onSaved();
    } catch (reason) {
      setProblems([errorText(reason)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="stack lesion-pathology"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-h`}
      data-testid={`pathology-${lesion.label}`}
    >
      <h3 id={`${id}-h`}>
        Lesion {lesion.label}
        {lesion.location ? <span className="small muted"> · {lesion.location}</span> : null}
        <span className="small muted">
          {' '}
          · RGS: {lesion.rgsResult.replace('-', ' ')}
          {lesion.preopImagingStatus
            ? ` · pre-op imaging: ${lesion.preopImagingStatus.replace('-', ' ')}`
            : ''}
        </span>
      </h3>
      <fieldset>
        <legend>Pathology result</legend>
        <div className="choice-row">
          {PATHOLOGY_RESULTS.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-result`}
                value={value}
                checked={draft.result === value}
                onChange={() => set('result', value)}
              />
              {PATHOLOGY_TEXT[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <label>
          Grade <span className="hint">(WHO 2019)</span>
          <select
            name="pathologyGrade"
            value={draft.grade}
            onChange={(e) => set('grade', e.target.value as Grade | '')}
          >
            <option value="">not recorded</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ki-67 index <span className="hint">(%, 0–100)</span>
          <input
            name="ki67Percent"
            inputMode="decimal"
            value={draft.ki67}
            onChange={(e) => set('ki67', e.target.value)}
            placeholder="not recorded"
            aria-describedby={gradeMismatch ? `${id}-grade` : undefined}
          />
        </label>
        <label>
          Size <span className="hint">(mm, largest diameter)</span>
          <input
            name="sizeMm"
            inputMode="decimal"
            value={draft.size}
            onChange={(e) => set('size', e.target.value)}
            placeholder="not recorded"
          />
        </label>
        <label>
          Margins
          <select
            name="marginStatus"
            value={draft.margin}
            onChange={(e) => set('margin', e.target.value as Margin | '')}
          >
            <option value="">not recorded</option>
            {MARGINS.map((m) => (
              <option key={m} value={m}>
                {MARGIN_TEXT[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {gradeMismatch && (
        <p className="alert warning" id={`${id}-grade`}>
          Ki-67 {draft.ki67} % corresponds to {impliedGrade} by the WHO 2019 thresholds (G1 &lt; 3 %, G2 3–20
          %, G3 &gt; 20 %); grade entered: {draft.grade}. Check the report (the mitotic count can raise the
          grade).
        </p>
      )}
      <label>
        Note <span className="hint">(optional; no identifying data)</span>
        <textarea
          name="pathologyNote"
          rows={2}
          maxLength={2000}
          value={draft.note}
          onChange={(e) => set('note', e.target.value)}
        />
      </label>
      {problems.length > 0 && (
        <div className="alert error" role="alert">
          {problems.length === 1 ? (
            problems[0]
          ) : (
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : `Save pathology of ${lesion.label}`}
        </button>
        {saved && (
          <span className="tag pass" role="status">
            ✓ {saved}
          </span>
        )}
      </div>
    </form>
  );
}
