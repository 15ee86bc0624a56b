// Issue 14 point 10 in a real browser against the real server: an administrator adds a user on the Users
// page; that user's password is then tried wrongly until sign-in is slowed down (even the right password
// waits, per ASVS 2.2.1 / SP 800-63B §5.2.2: a slow-down, never a lock); the administrator presses
// "Unlock sign-in" on the Users page, the page says so, the right password works at once, and the audit log
// holds the unlock with who did it. Debian's Chromium through playwright-core; `rgs serve` on a free port.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, firstRunSetup } from './flows.js';
import {
  apiGet,
  apiLogin,
  e2eScenario,
  ensureBuilt,
  launchBrowser,
  type RunningServer,
  removeDir,
  startServer,
  watchPage,
} from './harness.js';

const NURSE = { username: 'scrub-nurse-7', password: 'tallow-quarry-lantern-41' };

let server: RunningServer;
let browser: Browser;
let page: Page;

before(async () => {
  ensureBuilt();
  server = await startServer({ scenario: e2eScenario() });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

/** A sign-in through the API: its HTTP status and, when slowed, the Retry-After seconds. */
async function tryLogin(password: string): Promise<{ status: number; retryAfter: number | null }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: NURSE.username, password }),
  });
  await response.arrayBuffer();
  const retry = response.headers.get('retry-after');
  return { status: response.status, retryAfter: retry === null ? null : Number(retry) };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

test('Users page: add a user, their slowed-down sign-in is lifted by Unlock sign-in (audited)', async () => {
  const watch = watchPage(page);
  await firstRunSetup(page, server.url);

  // The administrator adds the user on the Users page.
  await page.goto(`${server.url}/#/admin/users`);
  await page.locator('h1', { hasText: 'Users' }).waitFor();
  await page.locator('input[name=newUsername]').fill(NURSE.username);
  await page.locator('select[name=newRole]').selectOption('viewer');
  await page.locator('input[name=newPassword]').fill(NURSE.password);
  await page.getByRole('button', { name: 'Add user' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Created ${NURSE.username} (viewer).` })
    .waitFor();
  await page.locator('td', { hasText: NURSE.username }).waitFor();

  // Wrong passwords until the wait before the next attempt is long (the server's per-address rule: 5 free
  // failures, then 1 s, 2 s, 4 s, … from the last failure; an attempt during a wait is refused and not
  // counted, so the test waits each one out).
  let failures = 0;
  let waitSeconds = 0;
  while (waitSeconds < 8) {
    const attempt = await tryLogin('not-the-password-at-all');
    if (attempt.status === 429) {
      assert.ok(
        attempt.retryAfter !== null && attempt.retryAfter > 0,
        'a slowed sign-in says how long to wait',
      );
      waitSeconds = attempt.retryAfter;
      if (waitSeconds < 8) await sleep(waitSeconds * 1000 + 50);
      continue;
    }
    assert.equal(attempt.status, 401);
    failures += 1;
    assert.ok(failures <= 12, 'the sign-in was never slowed down');
  }
  // Now even the right password has to wait: that is what the administrator lifts.
  const slowed = await tryLogin(NURSE.password);
  assert.equal(slowed.status, 429, 'the right password is slowed down too');

  await page.getByRole('button', { name: `Unlock sign-in of ${NURSE.username}` }).click();
  const notice = page
    .getByRole('status')
    .filter({ hasText: `Sign-in slow-down lifted for ${NURSE.username}` });
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /\(1 address cleared\)\.$/);

  // At once, with no wait: the right password signs in.
  const token = await apiLogin(server, NURSE.username, NURSE.password);
  assert.ok(token.length > 0);

  // The record says who lifted it, for whom.
  const adminToken = await apiLogin(server, ADMIN.username, ADMIN.password);
  const audit = await apiGet<{ action: string; actor: { username: string }; entityId: string | null }[]>(
    server,
    adminToken,
    '/api/audit?limit=500',
  );
  const users = await apiGet<{ id: string; username: string }[]>(server, adminToken, '/api/users');
  const nurse = users.find((u) => u.username === NURSE.username);
  assert.ok(nurse, 'the user added on the page exists');
  const unlocks = audit.filter((r) => r.action === 'auth.unlock');
  assert.equal(unlocks.length, 1, JSON.stringify(unlocks));
  assert.equal(unlocks[0]?.actor.username, ADMIN.username);
  assert.equal(unlocks[0]?.entityId, nurse.id);
  assert.deepEqual(watch.errors, []);
});
