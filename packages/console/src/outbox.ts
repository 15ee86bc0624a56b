// Live measurements on their way to the server. Each gets an idempotency key when the user marks it and is
// kept in localStorage until the server acknowledges it (201: on disk). A network failure, 401 or 5xx
// retries with the same key, so a retry never duplicates; another 4xx stops and shows the server's reason.
// A reload resumes whatever was still in flight.
import * as api from './api.js';

export type OutboxState = 'sending' | 'saved' | 'failed';

export interface OutboxItem {
  key: string;
  caseId: string;
  stationId: string;
  body: api.LiveMeasurementInput & { siteLabel: string };
  /** When the user marked it (the server stamps the measurement itself). */
  markedAt: string;
  state: OutboxState;
  attempts: number;
  error: string | null;
  saved: api.Measurement | null;
}

const STORAGE_KEY = 'openrgs.outbox';
const RETRY_MS = [500, 1000, 2000, 4000, 8000];

/** A random UUID v4; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isRetryable(error: unknown): boolean {
  const status = error instanceof api.ApiError ? error.status : 0;
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
}

class Outbox {
  private items: OutboxItem[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly savedListeners = new Set<(item: OutboxItem) => void>();

  constructor() {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      const stored = raw ? (JSON.parse(raw) as OutboxItem[]) : [];
      this.items = stored
        .filter((item) => item.state !== 'saved')
        .map((item) => ({ ...item, state: 'sending' }));
    } catch {
      this.items = [];
    }
    for (const item of this.items) void this.send(item.key);
  }

  get all(): readonly OutboxItem[] {
    return this.items;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onSaved(listener: (item: OutboxItem) => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
  }

  add(input: { caseId: string; stationId: string; body: OutboxItem['body'] }): OutboxItem {
    const item: OutboxItem = {
      key: newKey(),
      ...input,
      markedAt: new Date().toISOString(),
      state: 'sending',
      attempts: 0,
      error: null,
      saved: null,
    };
    this.items = [...this.items, item];
    this.persist();
    void this.send(item.key);
    return item;
  }

  /** Resolves once no measurement for this station is still being sent (before a new site is marked). */
  whenIdle(stationId: string): Promise<void> {
    const busy = () => this.items.some((item) => item.stationId === stationId && item.state === 'sending');
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe(() => {
        if (busy()) return;
        unsubscribe();
        resolve();
      });
    });
  }

  dismiss(key: string): void {
    this.items = this.items.filter((item) => item.key !== key);
    this.persist();
  }

  private patch(key: string, patch: Partial<OutboxItem>): OutboxItem | undefined {
    let updated: OutboxItem | undefined;
    this.items = this.items.map((item) => {
      if (item.key !== key) return item;
      updated = { ...item, ...patch };
      return updated;
    });
    this.persist();
    return updated;
  }

  private persist(): void {
    // Saved items stay in memory for the on-screen list; storage keeps only what is still in flight.
    const pending = this.items.filter((item) => item.state !== 'saved');
    localStorage.setItem(STORAGE_KEY, JSON.stringify(pending));
    for (const listener of this.listeners) listener();
  }

  private async send(key: string): Promise<void> {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    const attempts = item.attempts + 1;
    this.patch(key, { state: 'sending', attempts });
    try {
      const saved = await api.recordLiveMeasurement(item.stationId, item.key, item.body);
      const done = this.patch(key, { state: 'saved', saved, error: null });
      if (done) for (const listener of this.savedListeners) listener(done);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!isRetryable(error)) {
        this.patch(key, { state: 'failed', error: message });
        return;
      }
      this.patch(key, { state: 'sending', error: `${message} — retrying` });
      const delay = RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)] ?? 8000;
      setTimeout(() => void this.send(key), delay);
    }
  }
}

export const outbox = new Outbox();
