// The case's patient, by pseudonym: choose one already registered or create one, and link it to the case.
// Only the pseudonym, sex and birth year are asked for here: identifying fields stay on the server
// (permission patient-identity:read), and the FHIR export carries this Patient once it is linked.
import { type FormEvent, useState } from 'react';
import { useSession } from '../App.js';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';

const SEX_TEXT: Record<api.Sex, string> = {
  female: 'female',
  male: 'male',
  other: 'other',
  unknown: 'unknown',
};

/** "P-0042 · female · born 1961": what a screen shows of a patient. */
export function patientText(patient: Pick<api.Patient, 'pseudonym' | 'sex' | 'birthYear'>): string {
  return [
    patient.pseudonym,
    patient.sex ? SEX_TEXT[patient.sex] : null,
    patient.birthYear !== null ? `born ${patient.birthYear}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A birth year typed into the form: empty, or a whole year from 1900 to this year. */
export function parseBirthYear(
  text: string,
  thisYear: number,
): { ok: true; year?: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true };
  if (!/^\d{4}$/.test(trimmed))
    return { ok: false, message: `Birth year must be four digits (got “${trimmed}”).` };
  const year = Number(trimmed);
  if (year < 1900 || year > thisYear) {
    return { ok: false, message: `Birth year must be between 1900 and ${thisYear} (got ${year}).` };
  }
  return { ok: true, year };
}

export function PatientPanel({
  caseData,
  onSaved,
  readOnly,
}: {
  caseData: api.Case;
  onSaved: () => void;
  readOnly: boolean;
}) {
  const { permissions } = useSession();
  const mayLink = permissions.includes('case:write') && permissions.includes('patient:write');
  const linkedId = caseData.patient?.id ?? null;
  const [changing, setChanging] = useState(false);
  const linked = useAsync(async () => (linkedId ? api.getPatient(linkedId) : null), [linkedId]);

  const editing = !readOnly && mayLink && (linkedId === null || changing);
  return (
    <div className="stack">
      {linkedId ? (
        <div className="row">
          <p data-testid="case-patient">
            Patient <strong>{linked.data ? patientText(linked.data) : caseData.patient?.pseudonym}</strong>
          </p>
          {!readOnly && mayLink && !changing && (
            <button type="button" onClick={() => setChanging(true)}>
              Change patient
            </button>
          )}
        </div>
      ) : (
        <p className="muted" data-testid="case-patient">
          No patient linked. The FHIR export carries a Patient only once one is linked here.
        </p>
      )}
      {linked.error && (
        <div className="alert error" role="alert">
          Could not load the patient: {linked.error}
        </div>
      )}
      {!readOnly && !mayLink && linkedId === null && (
        <p className="small muted">
          Your role may not link patients; a surgeon or nuclear-medicine physician can.
        </p>
      )}
      {editing && (
        <PatientChooser
          caseId={caseData.id}
          currentId={linkedId}
          onLinked={() => {
            setChanging(false);
            onSaved();
          }}
          {...(changing ? { onCancel: () => setChanging(false) } : {})}
        />
      )}
    </div>
  );
}

function PatientChooser({
  caseId,
  currentId,
  onLinked,
  onCancel,
}: {
  caseId: string;
  currentId: string | null;
  onLinked: () => void;
  onCancel?: () => void;
}) {
  const patients = useAsync(() => api.listPatients(), []);
  const [chosen, setChosen] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const [sex, setSex] = useState<api.Sex | ''>('');
  const [birthYear, setBirthYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const others = (patients.data ?? []).filter((p) => p.id !== currentId);

  async function link(patientId: string) {
    await api.updateCase(caseId, { patientId });
    onLinked();
  }

  async function choose(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return setError('Choose a patient from the list first.');
    setBusy(true);
    setError(null);
    try {
      await link(chosen);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    const name = pseudonym.trim();
    if (!name) return setError('Give the new patient a pseudonym, e.g. a study number.');
    const year = parseBirthYear(birthYear, new Date().getFullYear());
    if (!year.ok) return setError(year.message);
    setBusy(true);
    setError(null);
    try {
      const created = await api.createPatient({
        pseudonym: name,
        ...(sex ? { sex } : {}),
        ...(year.year !== undefined ? { birthYear: year.year } : {}),
      });
      await link(created.id);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      {others.length > 0 && (
        <form className="row" onSubmit={(event) => void choose(event)} aria-label="Choose a patient">
          <label>
            Registered patient
            <select name="patientId" value={chosen} onChange={(event) => setChosen(event.target.value)}>
              <option value="">Choose…</option>
              {others.map((p) => (
                <option key={p.id} value={p.id}>
                  {patientText(p)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || !chosen}>
            Link patient
          </button>
        </form>
      )}
      <form className="stack" onSubmit={(event) => void create(event)} aria-label="New patient">
        <p className="small muted">
          {others.length > 0 ? 'Or a new patient: ' : 'A new patient: '}a pseudonym only (a study number),
          never a name or record number.
        </p>
        <div className="form-grid">
          <label>
            Pseudonym
            <input
              name="patientPseudonym"
              value={pseudonym}
              onChange={(event) => setPseudonym(event.target.value)}
              maxLength={64}
              placeholder="e.g. NET-P-0042"
              autoComplete="off"
            />
          </label>
          <label>
            Sex <span className="hint">(optional)</span>
            <select
              name="patientSex"
              value={sex}
              onChange={(event) => setSex(event.target.value as api.Sex | '')}
            >
              <option value="">not recorded</option>
              {(Object.keys(SEX_TEXT) as api.Sex[]).map((value) => (
                <option key={value} value={value}>
                  {SEX_TEXT[value]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Birth year <span className="hint">(optional)</span>
            <input
              name="patientBirthYear"
              value={birthYear}
              onChange={(event) => setBirthYear(event.target.value)}
              inputMode="numeric"
              maxLength={4}
              placeholder="e.g. 1961"
              autoComplete="off"
            />
          </label>
        </div>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        {patients.error && (
          <div className="alert error" role="alert">
            Could not list the registered patients: {patients.error}
          </div>
        )}
        <div className="row">
          <button type="submit" disabled={busy || !pseudonym.trim()}>
            Create and link patient
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
