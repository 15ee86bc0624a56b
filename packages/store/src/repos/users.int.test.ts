// The users repository's rules, on a real store (each engine of RGS_TEST_ENGINES) with a clock the test
// sets: at least one enabled administrator always remains (a demotion or disabling of the last one is
// refused, naming the field); a patch that changes nothing writes nothing; a new role, a disabled
// account or a new password ends that user's sessions; a token is found only while unrevoked, unexpired
// and its user enabled; revoking is audited once. Expected values are the rules themselves, written out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StoreError } from '../errors.js';
import { Store } from '../store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from '../testing.js';

const system = { userId: null, username: 'system' };

function refusedWith(code: string, message: string, path: string[]) {
  return (err: unknown) => {
    assert.ok(err instanceof StoreError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.deepEqual(err.path, path);
    return true;
  };
}

const LAST_ADMIN = 'this is the last enabled administrator; make another admin first';

for (const engine of TEST_ENGINES) {
  describe(`users repository on ${engine}`, () => {
    let temp: TempTarget;
    let store: Store;
    let clock = new Date('2026-12-03T10:00:00.000Z');
    before(async () => {
      temp = await tempTarget(engine);
      store = await Store.open(temp.target, { now: () => clock });
    });
    after(async () => {
      await store.close();
      await temp.cleanup();
    });

    let n = 0;
    const newUser = (role: 'admin' | 'surgeon' | 'viewer') => {
      n += 1;
      const name = `${role}-${n}`;
      return store.users.create(system, {
        username: name,
        displayName: null,
        role,
        passwordHash: `hash-${name}`,
      });
    };
    const token = async (userId: string, hash: string, expiresAt = '2026-12-04T10:00:00.000Z') =>
      store.users.createToken({
        userId,
        tokenHash: hash,
        kind: 'session',
        label: null,
        expiresAt,
        actor: system,
      });

    test('the first admin is created only while no user exists; user names are stored in lower case', async () => {
      const first = await store.users.createFirstAdmin({
        username: 'Root',
        displayName: 'Root',
        passwordHash: 'h',
      });
      assert.equal(first?.role, 'admin');
      assert.equal(first?.username, 'root');
      assert.equal(first?.disabled, false);
      assert.equal(first?.displayName, 'Root');
      assert.equal(
        await store.users.createFirstAdmin({ username: 'root2', displayName: null, passwordHash: 'h' }),
        undefined,
      );
      assert.equal(await store.users.count(), 1);
      const audit = await store.audit.list({ entityType: 'user', limit: 10 });
      assert.deepEqual(
        audit.map((a) => [a.action, a.actor.username]),
        [['user.first-run-setup', 'root']],
      );
    });

    test('a new user: name in lower case, display name kept (null when not given), audited as user.create', async () => {
      const named = await store.users.create(system, {
        username: 'Dr.Who',
        displayName: 'Dr Who',
        role: 'surgeon',
        passwordHash: 'h1',
      });
      assert.equal(named.username, 'dr.who');
      assert.equal(named.displayName, 'Dr Who');
      assert.equal(named.role, 'surgeon');
      const unnamed = await store.users.create(system, {
        username: 'plain',
        role: 'viewer',
        passwordHash: 'h2',
      });
      assert.equal(unnamed.displayName, null);
      const audit = await store.audit.list({ entityId: named.id, limit: 10 });
      assert.deepEqual(
        audit.map((a) => [a.action, a.entityType, a.actor.username]),
        [['user.create', 'user', 'system']],
      );
      assert.deepEqual(audit[0]?.after, named);
      // The user name is claimed as an identifier of kind 'username' (the look-alike index).
      const keys = await store.db
        .selectFrom('identifierKeys')
        .selectAll()
        .where('entityId', '=', named.id)
        .execute();
      assert.deepEqual(
        keys.map((k) => [k.kind, k.value]),
        [['username', 'dr.who']],
      );
    });

    test('a user name already taken, in any case or as a look-alike, is a conflict naming it', async () => {
      await assert.rejects(
        store.users.create(system, { username: 'DR.WHO', role: 'viewer', passwordHash: 'h' }),
        refusedWith('conflict', "username 'dr.who' is taken", ['username']),
      );
      // Cyrillic 'о' (U+043E) for Latin 'o': equal after look-alike folding (Unicode TS #39).
      await assert.rejects(
        store.users.create(system, { username: 'dr.wh\u043e', role: 'viewer', passwordHash: 'h' }),
        refusedWith(
          'conflict',
          "username 'dr.wh\u043e' looks the same as the existing 'dr.who' (equal after Unicode normalisation and " +
            'look-alike folding, Unicode TS #39): a wrong-patient or wrong-device risk; choose a clearly different username',
          ['username'],
        ),
      );
    });

    test('the last enabled administrator can be neither demoted nor disabled', async () => {
      const root = (await store.users.list()).find((u) => u.username === 'root');
      assert.ok(root);
      await assert.rejects(
        store.users.update(system, root.id, { role: 'surgeon' }),
        refusedWith('conflict', LAST_ADMIN, ['role']),
      );
      await assert.rejects(
        store.users.update(system, root.id, { disabled: true }),
        refusedWith('conflict', LAST_ADMIN, ['disabled']),
      );
      await assert.rejects(
        store.users.update(system, root.id, { role: 'viewer', disabled: true }),
        refusedWith('conflict', LAST_ADMIN, ['disabled']),
      );
      // Changes that keep them an enabled admin are fine.
      const renamed = await store.users.update(system, root.id, {
        displayName: 'Root Admin',
        role: 'admin',
        disabled: false,
      });
      assert.equal(renamed.displayName, 'Root Admin');
      assert.equal(renamed.role, 'admin');
      assert.equal(
        (await store.users.update(system, root.id, { displayName: 'The Root' })).displayName,
        'The Root',
      );
      assert.equal((await store.users.update(system, root.id, { passwordHash: 'root-2' })).role, 'admin');
    });

    test('with a second enabled admin either may go; a disabled admin does not count as the second', async () => {
      const root = (await store.users.list()).find((u) => u.username === 'root');
      assert.ok(root);
      const second = await newUser('admin');
      const off = await store.users.update(system, second.id, { disabled: true });
      assert.equal(off.disabled, true);
      await assert.rejects(
        store.users.update(system, root.id, { role: 'viewer' }),
        refusedWith('conflict', LAST_ADMIN, ['role']),
      );
      // The disabled admin is not the last enabled one: it may be changed freely.
      const demoted = await store.users.update(system, second.id, { role: 'viewer' });
      assert.equal(demoted.role, 'viewer');
      const promoted = await store.users.update(system, second.id, { role: 'admin', disabled: false });
      assert.equal(promoted.role, 'admin');
      assert.equal(promoted.disabled, false);
      // Now two enabled admins: root may be demoted, and then `second` is the last one.
      assert.equal((await store.users.update(system, root.id, { role: 'surgeon' })).role, 'surgeon');
      await assert.rejects(
        store.users.update(system, second.id, { disabled: true }),
        refusedWith('conflict', LAST_ADMIN, ['disabled']),
      );
      // A non-admin can always be disabled.
      assert.equal((await store.users.update(system, root.id, { disabled: true })).disabled, true);
      await store.users.update(system, root.id, { role: 'admin', disabled: false });
    });

    test('an unknown user id is not found', async () => {
      await assert.rejects(
        store.users.update(system, '00000000-0000-4000-8000-000000000000', { displayName: 'x' }),
        refusedWith('not-found', "user '00000000-0000-4000-8000-000000000000' does not exist", ['id']),
      );
    });

    test('a patch that changes nothing writes nothing (no updatedAt, no audit); a new password always writes', async () => {
      const u = await newUser('surgeon');
      const auditBefore = (await store.audit.list({ entityId: u.id, limit: 50 })).length;
      clock = new Date('2026-12-03T11:00:00.000Z');
      const same = await store.users.update(system, u.id, {
        role: 'surgeon',
        disabled: false,
        displayName: null,
      });
      assert.deepEqual(same, u);
      assert.equal((await store.audit.list({ entityId: u.id, limit: 50 })).length, auditBefore);
      const pw = await store.users.update(system, u.id, { passwordHash: `hash-${u.username}` });
      assert.equal(pw.updatedAt, '2026-12-03T11:00:00.000Z', 'the same hash text is still a new password');
      const audit = await store.audit.list({ entityId: u.id, limit: 50 });
      assert.equal(audit.at(-1)?.action, 'user.password-change');
      assert.equal(audit.at(-1)?.entityType, 'user');
      await store.users.update(system, u.id, { passwordHash: 'a-new-hash' });
      assert.equal((await store.users.findWithHash(u.username))?.passwordHash, 'a-new-hash');
      await store.users.update(system, u.id, { passwordHash: `hash-${u.username}` });
      clock = new Date('2026-12-03T11:05:00.000Z');
      const renamed = await store.users.update(system, u.id, { displayName: 'Dr Ana' });
      assert.equal(renamed.updatedAt, '2026-12-03T11:05:00.000Z');
      assert.equal(renamed.createdAt, u.createdAt);
      const last = (await store.audit.list({ entityId: u.id, limit: 50 })).at(-1);
      assert.equal(last?.action, 'user.update');
      assert.equal(last?.entityType, 'user');
      assert.deepEqual((last?.before as { displayName: unknown } | undefined)?.displayName, null);
      assert.deepEqual((last?.after as { displayName: unknown } | undefined)?.displayName, 'Dr Ana');
      // The other fields are left as they were.
      assert.equal(renamed.role, 'surgeon');
      assert.equal((await store.users.findWithHash(u.username))?.passwordHash, `hash-${u.username}`);
      const unnamed = await store.users.update(system, u.id, { displayName: null });
      assert.equal(unnamed.displayName, null);
      // A disabled user given a new display name stays disabled, with the same role.
      const off = await store.users.update(system, u.id, { disabled: true });
      const offRenamed = await store.users.update(system, u.id, { displayName: 'Away' });
      assert.deepEqual([offRenamed.disabled, offRenamed.role], [true, 'surgeon']);
      assert.equal(off.disabled, true);
      await store.users.update(system, u.id, { disabled: false });
    });

    test('a new role, disabling or a new password ends every session of that user; a new display name does not', async () => {
      clock = new Date('2026-12-03T12:00:00.000Z');
      const u = await newUser('surgeon');
      const other = await newUser('surgeon');
      const live = async (hash: string) => (await store.users.findActiveToken(hash)) !== undefined;
      const cases: [string, Parameters<Store['users']['update']>[2], boolean][] = [
        ['display name', { displayName: 'New Name' }, true],
        ['role', { role: 'viewer' }, false],
        ['disabled', { disabled: true }, false],
        ['re-enabled', { disabled: false }, true],
        ['password', { passwordHash: 'new-hash' }, false],
      ];
      for (const [what, patch, survives] of cases) {
        await token(u.id, `t-${what}`);
        await token(other.id, `o-${what}`);
        await store.users.update(system, u.id, patch);
        const tokensAfter = await store.users.listTokens(u.id);
        const mine = tokensAfter.find((t) => t.kind === 'session' && t.revokedAt === null);
        if (survives) {
          assert.equal(await live(`t-${what}`), true, `${what}: the session survives`);
        } else {
          assert.equal(mine, undefined, `${what}: every session of the user is revoked`);
          assert.ok(
            tokensAfter.every((t) => t.revokedAt === '2026-12-03T12:00:00.000Z'),
            what,
          );
        }
        assert.equal(await live(`o-${what}`), true, `${what}: another user's session survives`);
      }
    });

    test('a token is active only while unrevoked, unexpired and its user enabled', async () => {
      clock = new Date('2026-12-03T13:00:00.000Z');
      const u = await newUser('viewer');
      const t = await token(u.id, 'active-1', '2026-12-03T14:00:00.000Z');
      assert.equal(t.kind, 'session');
      assert.equal(t.revokedAt, null);
      assert.equal(t.lastUsedAt, null);
      assert.equal(t.createdAt, '2026-12-03T13:00:00.000Z');
      assert.equal('tokenHash' in t, false, 'the hash never leaves the store');
      const found = await store.users.findActiveToken('active-1');
      assert.equal(found?.token.id, t.id);
      assert.equal('tokenHash' in (found?.token ?? {}), false);
      assert.deepEqual(found?.user, await store.users.get(u.id));
      assert.equal(await store.users.findActiveToken('active-2'), undefined, 'unknown hash');
      clock = new Date('2026-12-03T13:59:59.999Z');
      assert.ok(await store.users.findActiveToken('active-1'), 'a millisecond before expiry');
      clock = new Date('2026-12-03T14:00:00.000Z');
      assert.equal(await store.users.findActiveToken('active-1'), undefined, 'at expiry');
      clock = new Date('2026-12-03T13:30:00.000Z');
      await store.users.touchToken(t.id);
      assert.equal((await store.users.getToken(t.id))?.lastUsedAt, '2026-12-03T13:30:00.000Z');
      // A disabled user's tokens stop working (they are revoked, and the join checks `disabled`).
      const v = await newUser('viewer');
      await token(v.id, 'disabled-1', '2026-12-04T00:00:00.000Z');
      const db = store.db;
      await db.updateTable('users').set({ disabled: 1 }).where('id', '=', v.id).execute();
      assert.equal(await store.users.findActiveToken('disabled-1'), undefined);
    });

    test('revoking a token: audited once with the reason; a second revocation changes nothing', async () => {
      clock = new Date('2026-12-03T15:00:00.000Z');
      const u = await newUser('surgeon');
      const a = await token(u.id, 'rev-a');
      clock = new Date('2026-12-03T15:01:00.000Z');
      const b = await store.users.createToken({
        userId: u.id,
        tokenHash: 'rev-b',
        kind: 'api',
        label: 'script',
        expiresAt: '2027-01-01T00:00:00.000Z',
        actor: { userId: u.id, username: u.username },
      });
      const created = await store.audit.list({ entityId: b.id, limit: 10 });
      assert.deepEqual(
        created.map((r) => r.action),
        ['auth.token-create'],
      );
      assert.equal(created[0]?.entityType, 'auth-token');
      assert.deepEqual(
        (await store.audit.list({ entityId: a.id, limit: 10 })).map((r) => r.action),
        ['auth.login'],
      );
      clock = new Date('2026-12-03T15:10:00.000Z');
      const actor = { userId: u.id, username: u.username };
      const ra = await store.users.revokeToken(actor, a.id, 'logout');
      const rb = await store.users.revokeToken(actor, b.id, 'revoke');
      assert.equal(ra.revokedAt, '2026-12-03T15:10:00.000Z');
      assert.equal(rb.label, 'script');
      assert.equal(await store.users.findActiveToken('rev-a'), undefined);
      assert.equal(await store.users.findActiveToken('rev-b'), undefined);
      clock = new Date('2026-12-03T15:20:00.000Z');
      const again = await store.users.revokeToken(actor, a.id, 'revoke');
      assert.equal(again.revokedAt, '2026-12-03T15:10:00.000Z', 'the first revocation time stays');
      const logA = await store.audit.list({ entityId: a.id, limit: 10 });
      assert.deepEqual(
        logA.map((r) => r.action),
        ['auth.login', 'auth.logout'],
      );
      assert.equal((logA[1]?.before as { revokedAt: unknown } | undefined)?.revokedAt, null);
      assert.equal(
        (logA[1]?.after as { revokedAt: unknown } | undefined)?.revokedAt,
        '2026-12-03T15:10:00.000Z',
      );
      assert.equal(logA[1]?.actor.username, u.username);
      assert.equal(logA[1]?.entityType, 'auth-token');
      assert.deepEqual(
        (await store.audit.list({ entityId: b.id, limit: 10 })).map((r) => r.action),
        ['auth.token-create', 'auth.token-revoke'],
      );
      await assert.rejects(
        store.users.revokeToken(actor, '00000000-0000-4000-8000-000000000001', 'revoke'),
        refusedWith('not-found', "token '00000000-0000-4000-8000-000000000001' does not exist", ['id']),
      );
      // Newest first: b was created a minute after a.
      assert.deepEqual(
        (await store.users.listTokens(u.id)).map((t) => t.id),
        [b.id, a.id],
      );
      assert.deepEqual(await store.users.listTokens('00000000-0000-4000-8000-000000000002'), []);
    });
  });
}

for (const engine of TEST_ENGINES) {
  describe(`users repository without an enabled administrator (records made before setup) on ${engine}`, () => {
    let temp: TempTarget;
    let store: Store;
    before(async () => {
      temp = await tempTarget(engine);
      store = await Store.open(temp.target);
    });
    after(async () => {
      await store.close();
      await temp.cleanup();
    });

    test('a non-admin can be disabled and a disabled admin demoted: the rule guards enabled admins only', async () => {
      const surgeon = await store.users.create(system, {
        username: 'surgeon',
        role: 'surgeon',
        passwordHash: 'h',
      });
      assert.equal((await store.users.update(system, surgeon.id, { disabled: true })).disabled, true);
      const admin = await store.users.create(system, { username: 'admin', role: 'admin', passwordHash: 'h' });
      await assert.rejects(
        store.users.update(system, admin.id, { disabled: true }),
        refusedWith('conflict', LAST_ADMIN, ['disabled']),
      );
      // Disabled behind the repository's back (as a restore of old records could leave it):
      await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', admin.id).execute();
      assert.equal((await store.users.update(system, admin.id, { role: 'viewer' })).role, 'viewer');
    });
  });
}
