// The QC gate at the start of a live session (issue 8): a registered probe with no passing constancy
// check today (in the department's time zone), or whose last check failed, may start a live case only
// with an override — a reason recorded (audited) for this probe and this case via
// POST /api/probes/:id/qc/overrides. An override counts when it was recorded after the probe's last
// check and within the last 24 h: a new (e.g. failing) check, or a new day, asks again.
import { type QcGate, qcGate } from '@openrgs/qc';
import type { Store } from '@openrgs/store';
import { ApiError } from '../errors.js';

const DAY_MS = 24 * 3600 * 1000;

export function departmentTimeZone(): string {
  return process.env.RGS_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export async function probeGate(store: Store, probeId: string, nowMs: number): Promise<QcGate> {
  const checks = await store.probeQc.listChecks(probeId);
  return qcGate({
    checks: checks.map((c) => ({ id: c.id, checkedAt: c.checkedAt, result: c.result })),
    nowMs,
    timeZone: departmentTimeZone(),
  });
}

/** Throws a 409 naming the way forward when the probe needs an override for this case and has none. */
export async function requireQcGateOpen(
  store: Store,
  probeId: string,
  caseId: string,
  nowMs: number,
): Promise<void> {
  const gate = await probeGate(store, probeId, nowMs);
  if (!gate.requiresOverride) return;
  const since = Math.max(nowMs - DAY_MS, gate.lastCheck ? Date.parse(gate.lastCheck.checkedAt) : 0);
  const overrides = await store.probeQc.listOverrides({ probeId, caseId });
  if (overrides.some((o) => Date.parse(o.createdAt) >= since)) return;
  throw new ApiError(
    'conflict',
    `QC gate: ${gate.message} Record the reason first: POST /api/probes/${probeId}/qc/overrides ` +
      `{ "caseId": "${caseId}", "reason": "…" } (audited, shown in the case report).`,
    'body.probeId',
  );
}
