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
  type PathologyPatch,
  type PathologyResult,
  recordApi,
} from '../record-api.js';
import { whoGradeForKi67 } from '../registry/registry-format.js';
import { errorText } from '../use-async.js';

export const PATHOLOGY_TEXT: Record<PathologyResult, string> = {
  'net-confirmed': 'NET confirmed',
  'other-tumour': 'Other tumour',
  'no-tumour': 'No tumour',
  pending: 'Pending',
};
export const MARGIN_TEXT: Record<Margin, string> = {
  clear: 'clear',
  involved: 'involved',
  'not-assessed': 'not assessed',
};

interface Draft {
  result: PathologyResult;
  grade: Grade | '';
  ki67: string;
  size: string;
  margin: Margin | '';
  note: string;
}

function draftOf(lesion: LesionDetail): Draft {
  return {
    result: lesion.pathologyResult,
    grade: lesion.pathologyGrade ?? '',
    ki67: lesion.ki67Percent === null || lesion.ki67Percent === undefined ? '' : String(lesion.ki67Percent),
    size: lesion.sizeMm === null || lesion.sizeMm === undefined ? '' : String(lesion.sizeMm),
    margin: lesion.marginStatus ?? '',
    note: lesion.pathologyNote ?? '',
  };
}

/** The draft as a patch, or the problems that keep it from being one (each names its field). */
export function pathologyPatch(
  draft: Draft,
): { ok: true; patch: PathologyPatch } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const number = (
    text: string,
    label: string,
    check: (n: number) => boolean,
    range: string,
  ): number | null => {
    const t = text.trim().replace(',', '.');
    if (t === '') return null;
    const n = Number(t);
    if (!Number.isFinite(n) || !check(n)) {
      problems.push(`${label}: '${text}' must be ${range}`);
      return null;
    }
    return n;
  };
  const ki67Percent = number(draft.ki67, 'Ki-67', (n) => n >= 0 && n <= 100, 'a percentage from 0 to 100');
  const sizeMm = number(draft.size, 'Size', (n) => n > 0 && n <= 1000, 'a size in mm above 0 (at most 1000)');
  const tumour = draft.result === 'net-confirmed' || draft.result === 'other-tumour';
  if (!tumour && (draft.grade !== '' || ki67Percent !== null))
    problems.push(
      `Grade and Ki-67 describe a tumour: choose “NET confirmed” or “Other tumour”, or clear them (result is “${PATHOLOGY_TEXT[draft.result]}”)`,
    );
  if (draft.note.length > 2000) problems.push(`Note: ${draft.note.length} characters, at most 2000`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    patch: {
      pathologyResult: draft.result,
      pathologyGrade: draft.grade === '' ? null : draft.grade,
      ki67Percent,
      sizeMm,
      marginStatus: draft.margin === '' ? null : draft.margin,
      pathologyNote: draft.note.trim() === '' ? null : draft.note.trim(),
    },
  };
}

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
