// The pre-op position boxes of the lesion form: three coordinates in cm (patient / tracker-reference frame,
// @openrgs/api PreopPositionCm), all three or none. Checked here with the api's own schema so the form
// refuses what the server would, before sending, with the axis named.
import { PREOP_POSITION_LIMIT_CM, PreopPositionCm } from '@openrgs/api';

export type PositionParse =
  | { ok: true; positionCm: [number, number, number] | null }
  | { ok: false; message: string };

const AXES = ['x (left +)', 'y (head +)', 'z (anterior +)'] as const;

/** Parses the three boxes: all empty → no position; otherwise three finite numbers within the limit. */
export function parsePreopPosition(texts: readonly [string, string, string]): PositionParse {
  const trimmed = texts.map((t) => t.trim().replace(',', '.'));
  if (trimmed.every((t) => t === '')) return { ok: true, positionCm: null };
  const missing = trimmed.flatMap((t, i) => (t === '' ? [AXES[i]] : []));
  if (missing.length > 0)
    return {
      ok: false,
      message: `Pre-op position: give all three coordinates or none — ${missing.join(', ')} is empty.`,
    };
  const values = trimmed.map(Number);
  const notNumber = trimmed.findIndex(
    (t, i) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || !Number.isFinite(values[i]),
  );
  if (notNumber >= 0)
    return {
      ok: false,
      message: `Pre-op position: ${AXES[notNumber]} must be a number in cm (got '${texts[notNumber]}').`,
    };
  const parsed = PreopPositionCm.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const axis = typeof issue?.path[0] === 'number' ? AXES[issue.path[0]] : undefined;
    return {
      ok: false,
      message: `Pre-op position: ${axis ? `${axis} ` : ''}must be within ±${PREOP_POSITION_LIMIT_CM} cm of the tracker's reference — is it in mm rather than cm?`,
    };
  }
  return { ok: true, positionCm: parsed.data };
}
