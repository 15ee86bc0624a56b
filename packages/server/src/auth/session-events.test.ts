import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SessionEnd, SessionEvents } from './session-events.js';

test('every listener hears every session end until it unsubscribes', () => {
  const events = new SessionEvents();
  assert.equal(events.listenerCount, 0);
  const a: SessionEnd[] = [];
  const b: SessionEnd[] = [];
  const offA = events.on((e) => a.push(e));
  events.on((e) => b.push(e));
  assert.equal(events.listenerCount, 2);
  const logout: SessionEnd = { kind: 'token', tokenId: 't1', reason: 'logout' };
  events.ended(logout);
  assert.equal(offA(), true);
  assert.equal(events.listenerCount, 1);
  const changed: SessionEnd = { kind: 'user', userId: 'u1', reason: 'password-change' };
  events.ended(changed);
  assert.deepEqual(a, [logout]);
  assert.deepEqual(b, [logout, changed]);
});
