// New passwords must not be built on the user's own words (NIST SP 800-63B §5.1.1.2: "context-specific
// words, such as the name of the service, the username, and derivatives thereof"): creating a user,
// an administrator's reset (PATCH) and the user's own change refuse a password that equals or contains
// the user name, the display name or a part of it (case, accents, spaces and punctuation ignored).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { passwordProblem } from './auth/password-policy.js';
import { as, errorOf, PASSWORD, type TestApp, testApp } from './test-support.js';

test('the policy: context words refused in any case, spacing or accents; other passphrases pass', () => {
  const context = { username: 'mbeaumont-or1', displayName: 'Zoë Beaumont-Clérmont' };
  for (const [password, rule] of [
    ['mbeaumont-or1', /must not contain the user name/],
    ['MBeaumont.OR1', /must not contain the user name/],
    ['amber mbeaumontor1!', /must not contain the user name/],
    ['zoe beaumont clermont', /must not contain the user's display name/],
    ['amber Beaumont lantern', /a part of the user's display name \('Beaumont'\)/],
    ['clermont is my town 9', /a part of the user's display name \('Clérmont'\)/],
    ['CLÉR-MONT lantern 42', /a part of the user's display name \('Clérmont'\)/],
  ] as const) {
    assert.match(passwordProblem(password, context) ?? 'accepted', rule, password);
  }
  // 'Zoë' has 3 letters: only refused when the password is little more than it.
  assert.equal(passwordProblem('zoe and the amber lantern', context), null);
  assert.match(passwordProblem('zoe-2026-!!!!', context) ?? '', /display name/);
  assert.equal(passwordProblem('amber lantern 42', context), null);
  // Without context the same words are fine (the rule is about this user's words).
  assert.equal(passwordProblem('amber Beaumont lantern', {}), null);
});

describe('new passwords and the user’s own words (HTTP)', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite');
  });
  after(async () => t.close());

  const createUser = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/users', headers: as(t.tokens.admin), payload });

  test('POST /api/users refuses the user name and the display name, naming the rule', async () => {
    for (const [payload, rule] of [
      [{ username: 'mbeaumont-or1', password: 'mbeaumont-or1' }, /user name/],
      [{ username: 'mbeaumont', password: 'mbeaumont-amber-42' }, /user name/],
      [
        { username: 'mbeaumont', displayName: 'Marie Beaumont', password: 'Marie Beaumont 2026' },
        /display name/,
      ],
      [
        { username: 'mbeaumont', displayName: 'Marie Beaumont', password: 'lantern BEAUMONT 7' },
        /'Beaumont'/,
      ],
    ] as const) {
      const res = await createUser({ role: 'viewer', ...payload });
      assert.equal(res.statusCode, 400, `${payload.password}: ${res.body}`);
      assert.equal(errorOf(res).code, 'validation');
      assert.equal(errorOf(res).path, 'body.password');
      assert.match(errorOf(res).message, rule);
    }
    const ok = await createUser({
      username: 'mbeaumont',
      displayName: 'Marie Beaumont',
      role: 'viewer',
      password: 'amber lantern 42',
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('PATCH /api/users/:id (reset) checks the stored names, or the display name it sets', async () => {
    const created = await createUser({
      username: 'jkeller',
      displayName: 'Jo Keller',
      role: 'surgeon',
      password: PASSWORD,
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { id: string }).id;
    const reset = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: as(t.tokens.admin), payload });
    const stored = await reset({ password: 'keller amber lantern' });
    assert.equal(stored.statusCode, 400, stored.body);
    assert.match(errorOf(stored).message, /'Keller'/);
    const renamed = await reset({ displayName: 'Johanna Lindqvist', password: 'lindqvist amber 42' });
    assert.equal(renamed.statusCode, 400, renamed.body);
    assert.match(errorOf(renamed).message, /'Lindqvist'/);
    const fine = await reset({ password: 'quiet amber lantern' });
    assert.equal(fine.statusCode, 200, fine.body);
    // The user's own change (POST /api/auth/password) refuses them too.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'jkeller', password: 'quiet amber lantern' },
    });
    const token = (login.json() as { token: string }).token;
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: as(token),
      payload: { currentPassword: 'quiet amber lantern', newPassword: 'Jo Keller forever' },
    });
    assert.equal(change.statusCode, 400, change.body);
    assert.equal(errorOf(change).path, 'body.newPassword');
    assert.match(errorOf(change).message, /display name/);
  });
});
