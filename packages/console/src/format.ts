// Number and time formatting for the screen. Pure functions: tested in format.test.ts.

/** A rate with sensible precision: 3 significant figures below 100, whole numbers above. */
export function formatRate(rateCps: number): string {
  if (!Number.isFinite(rateCps)) return '—';
  if (rateCps >= 100) return Math.round(rateCps).toLocaleString('en-GB');
  if (rateCps >= 10) return rateCps.toFixed(1);
  return rateCps.toFixed(2);
}

/** T/B ratio: two significant decimals below 10, one above. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2);
}

/**
 * A verdict's confidence, rounded DOWN to 0.1 % and never shown as 100 % (a 99.96 % verdict reads
 * "99.9 %", a certain one "> 99.9 %"): the screen never claims more than the model gives.
 */
export function formatConfidence(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  const floored = Math.floor(percent * 10 + 1e-9) / 10;
  if (floored >= 100) return '> 99.9 %';
  return `${Math.max(0, floored).toFixed(1)} %`;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}

/** "about 3 s" for the hold-still hint: whole seconds, at least 1, capped so a huge estimate reads sanely. */
export function holdStillText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds > 60) return 'hold still — more than a minute to decide';
  return `hold still about ${Math.max(1, Math.ceil(seconds))} s`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `<input type="datetime-local">` value for a Date, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A server sentence with ISO instants in it ("QC passed today (2026-11-26T07:30:00.000Z)") as people read it. */
export function readableTimes(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso));
}
