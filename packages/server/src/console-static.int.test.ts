// The built console is served at / with SPA fallback; the API keeps JSON 404s.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance } from 'fastify';
import { createAppWithStore } from './server.js';

let temp: TempTarget;
let store: Store;
let app: FastifyInstance;
let close: () => Promise<void>;
const dist = mkdtempSync(join(tmpdir(), 'openrgs-dist-'));

before(async () => {
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>OpenRGS console</title><div id="root"></div>',
  );
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  temp = await tempTarget('sqlite');
  store = await Store.open(temp.target);
  const built = await createAppWithStore(store, { consoleDir: dist, logError: () => {} });
  app = built.app;
  close = async () => {
    await app.close();
    await built.stations.close();
    await store.close();
    await temp.cleanup();
    rmSync(dist, { recursive: true, force: true });
  };
});
after(async () => close());

test('/ and client-side routes get index.html; assets are served; /api stays JSON', async () => {
  const root = await app.inject({ url: '/' });
  assert.equal(root.statusCode, 200);
  assert.match(root.body, /OpenRGS console/);
  assert.match(String(root.headers['content-security-policy']), /default-src 'self'/);
  const deep = await app.inject({ url: '/cases/123/live?station=sim-1' });
  assert.equal(deep.statusCode, 200);
  assert.match(deep.body, /OpenRGS console/);
  const asset = await app.inject({ url: '/assets/app.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['content-type']), /javascript/);
  const api = await app.inject({ url: '/api/nope' });
  assert.equal(api.statusCode, 404);
  assert.equal((api.json() as { error: { code: string } }).error.code, 'not-found');
  const post = await app.inject({ method: 'POST', url: '/cases' });
  assert.equal(post.statusCode, 404);
});
