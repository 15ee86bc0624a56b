// The probe's QC profile as a form (issue 13): the check source (nuclide, certified activity and date,
// serial), the baseline response to it, the constancy tolerances and the counting time. PUT replaces the
// whole profile, so the fields this form does not show (energy windows, dead time, NEMA reference figures)
// are sent back as they were read.
import { type FormEvent, useId, useState } from 'react';
import { toLocalInput as localInput } from '../format.js';
import { CHECK_SOURCE_NUCLIDES, type FullProfile, type ProfileInput, qcApi } from '../qc-api.js';
import { errorText } from '../use-async.js';

interface Fields {
  nuclide: string;
  activityMBq: string;
  calibratedAt: string;
  serial: string;
  baselineCpsPerMBq: string;
  warnPercent: string;
  failPercent: string;
  countSeconds: string;
}

function fieldsOf(profile: FullProfile | null): Fields {
  const src = profile?.referenceSource;
  return {
    nuclide: src?.nuclide ?? 'Co-57',
    activityMBq: src ? String(src.activityMBq) : '',
    calibratedAt: src ? localInput(new Date(src.calibratedAt)) : '',
    serial: src?.serial ?? '',
    baselineCpsPerMBq: profile?.baselineCpsPerMBq != null ? String(profile.baselineCpsPerMBq) : '',
    warnPercent: String(profile?.constancyTolerance?.warnPercent ?? 5),
    failPercent: String(profile?.constancyTolerance?.failPercent ?? 10),
    countSeconds: String(profile?.constancyCountSeconds ?? 10),
  };
}

/** A positive number from a form field, or an error naming the field and what it holds. */
function positive(text: string, label: string, unit: string): number {
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw new Error(
      `${label}: enter a number greater than 0 (${unit})${text.trim() ? `, not '${text}'` : ''}`,
    );
  return value;
}

export function profileInput(fields: Fields, previous: FullProfile | null): ProfileInput {
  const calibrated = new Date(fields.calibratedAt);
  if (fields.calibratedAt === '' || Number.isNaN(calibrated.getTime()))
    throw new Error('Source certified on: enter the date and time of the source certificate');
  const warnPercent = positive(fields.warnPercent, 'Warn tolerance', '%');
  const failPercent = positive(fields.failPercent, 'Fail tolerance', '%');
  if (warnPercent > failPercent)
    throw new Error(
      `Warn tolerance (${warnPercent} %) must not exceed the fail tolerance (${failPercent} %)`,
    );
  return {
    detectorMaterial: previous?.detectorMaterial ?? null,
    energyWindows: previous?.energyWindows ?? [],
    deadTimeSeconds: previous?.deadTimeSeconds ?? null,
    referenceSource: {
      nuclide: fields.nuclide,
      activityMBq: positive(fields.activityMBq, 'Source activity', 'MBq'),
      calibratedAt: calibrated.toISOString(),
      serial: fields.serial.trim() === '' ? null : fields.serial.trim(),
    },
    baselineCpsPerMBq: positive(fields.baselineCpsPerMBq, 'Baseline', 'cps per MBq'),
    baselineMeasuredAt: previous?.baselineMeasuredAt ?? new Date().toISOString(),
    constancyTolerance: { warnPercent, failPercent },
    constancyCountSeconds: positive(fields.countSeconds, 'Counting time', 's'),
    maxBackgroundCps: previous?.maxBackgroundCps ?? null,
    referenceBackgroundCps: previous?.referenceBackgroundCps ?? null,
    manufacturerFigures: previous?.manufacturerFigures ?? {},
    baselineFigures: previous?.baselineFigures ?? {},
  };
}

export function QcProfileForm({
  probeId,
  profile,
  onSaved,
}: {
  probeId: string;
  profile: FullProfile | null;
  onSaved: (message: string) => void;
}) {
  const id = useId();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(profile));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Fields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [key]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let input: ProfileInput;
    try {
      input = profileInput(fields, profile);
    } catch (reason) {
      setError(errorText(reason));
      return;
    }
    setBusy(true);
    try {
      await qcApi.putProfile(probeId, input);
      onSaved('QC profile saved: daily checks are now computed against this source and baseline.');
    } catch (reason) {
      setError(`The profile was not saved: ${errorText(reason)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel stack" onSubmit={(e) => void submit(e)} aria-label="QC profile" noValidate>
      <h2>QC profile</h2>
      <p className="small muted">
        The check source and the probe's baseline response to it: each daily check is compared with the
        baseline corrected for the source's decay since its certificate.
      </p>
      <div className="form-grid">
        <label htmlFor={`${id}-nuclide`}>
          Check source
          <select
            id={`${id}-nuclide`}
            name="qcSourceNuclide"
            value={fields.nuclide}
            onChange={set('nuclide')}
          >
            {CHECK_SOURCE_NUCLIDES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Certified activity (MBq)
          <input
            name="qcSourceActivityMBq"
            inputMode="decimal"
            value={fields.activityMBq}
            onChange={set('activityMBq')}
            required
          />
        </label>
        <label>
          Certified on
          <input
            name="qcSourceCalibratedAt"
            type="datetime-local"
            value={fields.calibratedAt}
            onChange={set('calibratedAt')}
            required
          />
        </label>
        <label>
          Source serial
          <input name="qcSourceSerial" value={fields.serial} onChange={set('serial')} />
        </label>
        <label>
          Baseline (cps per MBq)
          <input
            name="qcBaselineCpsPerMBq"
            inputMode="decimal"
            value={fields.baselineCpsPerMBq}
            onChange={set('baselineCpsPerMBq')}
            required
          />
        </label>
        <label>
          Warn beyond (± %)
          <input
            name="qcWarnPercent"
            inputMode="decimal"
            value={fields.warnPercent}
            onChange={set('warnPercent')}
          />
        </label>
        <label>
          Fail beyond (± %)
          <input
            name="qcFailPercent"
            inputMode="decimal"
            value={fields.failPercent}
            onChange={set('failPercent')}
          />
        </label>
        <label>
          Counting time (s)
          <input
            name="qcCountSeconds"
            inputMode="decimal"
            value={fields.countSeconds}
            onChange={set('countSeconds')}
          />
        </label>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save QC profile'}
        </button>
      </div>
    </form>
  );
}
