// The pure part of the case record forms: what a pathology draft becomes on the wire, and what is wrong
// with a follow-up entry before it is sent. Each problem names its field. Tested in record-forms.test.ts.
import type { Grade, LesionDetail, Margin, PathologyPatch, PathologyResult } from '../record-api.js';

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

export interface Draft {
  result: PathologyResult;
  grade: Grade | '';
  ki67: string;
  size: string;
  margin: Margin | '';
  note: string;
}

export function draftOf(lesion: LesionDetail): Draft {
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

const pad = (n: number) => String(n).padStart(2, '0');
/** Today as YYYY-MM-DD in the browser's zone (the date a clinician means). */
export function todayLocal(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Problems with a follow-up entry before it is sent, each naming the field. */
export function followUpProblems(input: {
  date: string;
  recurrence: boolean | null;
  today: string;
  procedureDate: string | null;
}): string[] {
  const problems: string[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) problems.push('Date: choose the date of the follow-up visit.');
  else if (input.date > input.today)
    problems.push(`Date: ${input.date} is in the future; record follow-up once it has happened.`);
  else if (input.procedureDate && input.date < input.procedureDate)
    problems.push(`Date: ${input.date} is before the operation (${input.procedureDate}).`);
  if (input.recurrence === null) problems.push('Recurrence: choose “No recurrence” or “Recurrence found”.');
  return problems;
}
