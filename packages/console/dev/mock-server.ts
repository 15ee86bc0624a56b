// A development stand-in for `rgs serve`, for working on the console's look without the real server:
// in-memory cases, one simulated station streaming LiveState at 20 Hz, the routes of
// docs/console-needs.md, request bodies checked with the @openrgs/api schemas. NOT used by the E2E tests
// (they start the real server) and not part of the product.
//   node --import tsx packages/console/dev/mock-server.ts [--port 8080]
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CaseCreate,
  LesionCreate,
  LiveMeasurementCreate,
  type LiveState,
  MarkSiteRequest,
  SpecimenCreate,
  TracerAdministrationCreate,
} from '@openrgs/api';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { WebSocketServer } from 'ws';
import type { z } from 'zod';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const now = () => new Date().toISOString();

type Row = Record<string, unknown> & { id: string };
const users: Row[] = [];
const cases: Row[] = [];
const items = {
  tracers: [] as Row[],
  lesions: [] as Row[],
  specimens: [] as Row[],
  measurements: [] as Row[],
};
const probes: Row[] = [
  {
    id: randomUUID(),
    name: 'Sim CsI 14 mm',
    detector: 'gamma',
    model: 'virtual',
    serialNumber: 'SIM-1',
    qcStatus: 'pass',
    qcCheckedAt: now(),
  },
  {
    id: randomUUID(),
    name: 'Lap CdTe 11 mm',
    detector: 'gamma',
    model: 'virtual',
    serialNumber: 'SIM-2',
    qcStatus: 'unknown',
    qcCheckedAt: null,
  },
];
const station = {
  id: 'sim-1',
  name: 'OR 1 (simulated)',
  kind: 'simulated' as const,
  scenario: 'ileal-primary-occult-node',
  probe: { name: 'Sim CsI 14 mm', status: 'connected' as LiveState['probe']['status'] },
  frameSeconds: 0.05,
  lastSeq: null as number | null,
  session: null as null | {
    liveSessionId: string;
    caseId: string;
    startedAt: string;
    siteLabel: string | null;
    siteKind: string | null;
    siteFromSeq: number;
  },
  poseSupported: true,
};
const lesionsCm = [
  { id: 'L1', label: 'Ileal primary', xCm: -6, yCm: -12, strength: 900 },
  { id: 'L2', label: 'Mesenteric node', xCm: -2, yCm: -6, strength: 300 },
];
let pose = { xCm: 8, yCm: 0 };
let seq = 0;
const frames: { seq: number; counts: number; durationSeconds: number }[] = [];
const backgroundRates: number[] = [];

function rateAt(p: { xCm: number; yCm: number }): number {
  let rate = 25 + (p.xCm < -2 && p.yCm > 8 ? 60 : 0); // liver region raises background
  for (const l of lesionsCm) rate += l.strength / (1 + ((p.xCm - l.xCm) ** 2 + (p.yCm - l.yCm) ** 2) / 2);
  return rate;
}
// Live counts for the mock: the project's one Poisson sampler, seeded per start so demos differ run to run.
const random = createRandom(Date.now() % 2 ** 32);

function liveFrame(): LiveState {
  seq += 1;
  const counts = samplePoisson(random, rateAt(pose) * station.frameSeconds);
  frames.push({ seq, counts, durationSeconds: station.frameSeconds });
  if (frames.length > 20 * 600) frames.shift();
  station.lastSeq = seq;
  const recent = frames.slice(-20);
  const c = recent.reduce((a, f) => a + f.counts, 0);
  const t = recent.length * station.frameSeconds;
  const rateCps = c / t;
  const half = (1.96 * Math.sqrt(Math.max(c, 1))) / t;
  const bg =
    backgroundRates.length > 0 ? backgroundRates.reduce((a, b) => a + b, 0) / backgroundRates.length : null;
  const sd =
    backgroundRates.length > 1
      ? Math.sqrt(
          backgroundRates.reduce((a, b) => a + (b - (bg ?? 0)) ** 2, 0) / (backgroundRates.length - 1),
        )
      : bg
        ? Math.sqrt(bg)
        : 0;
  const threshold = bg !== null ? bg + 3 * sd : null;
  const ratio = bg ? rateCps / bg : null;
  const verdict =
    threshold === null
      ? 'undecided'
      : rateCps - half > threshold
        ? 'positive'
        : rateCps + half < threshold
          ? 'negative'
          : 'undecided';
  return {
    type: 'live',
    stationId: station.id,
    seq,
    receivedAtMs: Date.now(),
    probe: { ...station.probe },
    frame: { startSeconds: seq * station.frameSeconds, durationSeconds: station.frameSeconds, counts },
    rateCps,
    rateLowCps: Math.max(0, rateCps - half),
    rateHighCps: rateCps + half,
    background:
      bg === null
        ? null
        : { meanCps: bg, sdCps: sd, sites: backgroundRates.length, thresholdCps: threshold ?? 0 },
    ratio,
    ratioLow: ratio === null || !bg ? null : Math.max(0, (rateCps - half) / bg),
    ratioHigh: ratio === null || !bg ? null : (rateCps + half) / bg,
    verdict,
    evidence:
      ratio === null
        ? 'no background yet: record 3 background sites'
        : `T/B ${ratio.toFixed(2)} after ${t.toFixed(1)} s (mock)`,
    holdStillSeconds: verdict === 'undecided' && threshold !== null ? 1.5 : null,
    audio: {
      frequencyHz: 200 * 2 ** Math.log10(Math.max(1, rateCps)),
      clicks: counts,
      gain: 0.6,
      squelched: threshold !== null && rateCps < threshold,
    },
  };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
function fail(res: ServerResponse, status: number, code: string, message: string, path?: string): void {
  send(res, status, { error: { code, message, ...(path ? { path } : {}) } });
}
async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}
function parse<T>(schema: z.ZodType<T>, value: unknown, res: ServerResponse): T | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  fail(res, 400, 'validation', issue?.message ?? 'invalid', `body.${issue?.path.join('.') ?? ''}`);
  return null;
}
function caseDetail(c: Row): Row {
  return {
    ...c,
    tracerAdministrations: items.tracers.filter((t) => t.caseId === c.id),
    lesions: items.lesions.filter((l) => l.caseId === c.id),
    specimens: items.specimens.filter((s) => s.caseId === c.id),
    notes: [],
  };
}
const tokens = new Set<string>();
function signedIn(req: IncomingMessage): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = /rgs_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return (bearer !== undefined && tokens.has(bearer)) || (cookie !== undefined && tokens.has(cookie));
}
const user = () =>
  users[0] ?? {
    id: randomUUID(),
    username: 'admin',
    displayName: null,
    role: 'admin',
    disabled: false,
    createdAt: now(),
    updatedAt: now(),
  };

async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const m = req.method ?? 'GET';
  const parts = path.split('?')[0]?.split('/').filter(Boolean).slice(1) ?? [];
  const [a, id, sub] = parts;
  const key = a === 'auth' ? `${m} auth/${id}` : `${m} ${a ?? ''}${id ? '/:id' : ''}${sub ? `/${sub}` : ''}`;
  switch (key) {
    case 'GET setup':
      return send(res, 200, { needed: users.length === 0 });
    case 'POST setup': {
      const b = (await body(req)) as { username: string };
      users.push({ ...user(), username: b.username });
      return send(res, 201, users[0]);
    }
    case 'POST auth/login':
      if (users.length === 0) return fail(res, 401, 'unauthenticated', 'wrong user name or password');
      {
        const token = randomUUID();
        tokens.add(token);
        res.setHeader('set-cookie', `rgs_session=${token}; Path=/; HttpOnly; SameSite=Strict`);
        return send(res, 200, { token, expiresAt: now(), user: user() });
      }
    case 'POST auth/logout':
      return send(res, 204);
    case 'GET auth/me':
      if (!signedIn(req)) return fail(res, 401, 'unauthenticated', 'sign in');
      return send(res, 200, { user: user(), permissions: [], tokenId: randomUUID(), expiresAt: now() });
    case 'GET users':
      return send(res, 200, users);
    case 'GET probes':
      return send(res, 200, probes);
    case 'POST probes': {
      const b = (await body(req)) as Row;
      const row = {
        model: null,
        serialNumber: null,
        qcStatus: 'unknown',
        qcCheckedAt: null,
        ...b,
        id: randomUUID(),
      };
      probes.push(row);
      return send(res, 201, row);
    }
    case 'GET cases':
      return send(res, 200, cases);
    case 'POST cases': {
      const b = parse(CaseCreate, await body(req), res);
      if (!b) return;
      const c: Row = {
        id: randomUUID(),
        label: b.label,
        patient: null,
        procedureDate: null,
        indication: b.indication ?? null,
        resectionStatus: 'pending',
        decayReferenceTime: null,
        signOff: null,
        createdAt: now(),
        createdBy: 'admin',
        updatedAt: now(),
      };
      cases.push(c);
      return send(res, 201, c);
    }
  }
  const c = cases.find((x) => x.id === id);
  if (a === 'cases' && !c) return fail(res, 404, 'not-found', 'no such case', 'params.id');
  switch (key) {
    case 'GET cases/:id':
      return send(res, 200, caseDetail(c as Row));
    case 'PATCH cases/:id':
      Object.assign(c as Row, await body(req));
      return send(res, 200, c);
    case 'POST cases/:id/sign-off': {
      const b = (await body(req)) as { statement: string };
      (c as Row).signOff = { at: now(), byUserId: user().id, statement: b.statement };
      return send(res, 200, c);
    }
    case 'POST cases/:id/tracer-administrations': {
      const b = parse(TracerAdministrationCreate, await body(req), res);
      if (!b) return;
      const row = { id: randomUUID(), caseId: id, route: null, ...b };
      items.tracers.push(row);
      return send(res, 201, row);
    }
    case 'POST cases/:id/lesions': {
      const b = parse(LesionCreate, await body(req), res);
      if (!b) return;
      const row = {
        id: randomUUID(),
        caseId: id,
        location: null,
        preopImagingStatus: null,
        rgsResult: 'not-measured',
        pathologyResult: 'pending',
        ...b,
      };
      items.lesions.push(row);
      return send(res, 201, row);
    }
    case 'POST cases/:id/specimens': {
      const b = parse(SpecimenCreate, await body(req), res);
      if (!b) return;
      const row = { id: randomUUID(), caseId: id, lesionId: null, description: null, ...b };
      items.specimens.push(row);
      return send(res, 201, row);
    }
    case 'GET cases/:id/measurements':
      return send(
        res,
        200,
        items.measurements.filter((x) => x.caseId === id),
      );
    case 'GET audit':
      return send(res, 200, []);
    case 'GET stations':
      return send(res, 200, [station]);
    case 'POST stations/:id/session': {
      const b = (await body(req)) as { caseId: string };
      station.session = {
        liveSessionId: randomUUID(),
        caseId: b.caseId,
        startedAt: now(),
        siteLabel: null,
        siteKind: null,
        siteFromSeq: seq + 1,
      };
      broadcast({ type: 'station', station });
      return send(res, 201, station.session);
    }
    case 'POST stations/:id/site': {
      const b = parse(MarkSiteRequest, await body(req), res);
      if (!b || !station.session) return b ? fail(res, 409, 'conflict', 'no live session') : undefined;
      station.session = {
        ...station.session,
        siteLabel: b.siteLabel,
        siteKind: b.kind,
        siteFromSeq: seq + 1,
      };
      broadcast({ type: 'station', station });
      return send(res, 201, {
        id: `mark-${seq + 1}`,
        liveSessionId: station.session.liveSessionId,
        fromSeq: seq + 1,
        siteLabel: b.siteLabel,
        kind: b.kind,
        markedAt: new Date().toISOString(),
        markedBy: 'mock',
      });
    }
    case 'POST stations/:id/measurements': {
      const b = parse(LiveMeasurementCreate, await body(req), res);
      if (!b || !station.session) return b ? fail(res, 409, 'conflict', 'no live session') : undefined;
      const key = String(req.headers['idempotency-key'] ?? '');
      const existing = items.measurements.find((x) => x.idempotencyKey === key);
      if (existing) return send(res, 200, existing);
      const from = station.session.siteFromSeq;
      const used = frames.filter((f) => f.seq >= from);
      const counts = used.reduce((s, f) => s + f.counts, 0);
      const durationSeconds = used.length * station.frameSeconds;
      const rateCps = durationSeconds > 0 ? counts / durationSeconds : 0;
      if (b.kind === 'background') backgroundRates.push(rateCps);
      const bg =
        backgroundRates.length > 0
          ? backgroundRates.reduce((x, y) => x + y, 0) / backgroundRates.length
          : null;
      const row: Row = {
        id: randomUUID(),
        caseId: station.session.caseId,
        idempotencyKey: key,
        kind: b.kind,
        siteLabel: b.siteLabel ?? station.session.siteLabel ?? 'site',
        counts,
        durationSeconds,
        measuredAt: now(),
        rateCps,
        rateLowCps: null,
        rateHighCps: null,
        decayCorrectedRateCps: rateCps * 1.2,
        decayReferenceTime: null,
        nuclide: 'Tc-99m',
        halfLifeSeconds: 21624,
        backgroundModel: null,
        ratio: bg && b.kind !== 'background' ? rateCps / bg : null,
        ratioLow: null,
        ratioHigh: null,
        verdict: bg && b.kind !== 'background' ? (rateCps / bg > 1.5 ? 'positive' : 'negative') : 'undecided',
        confidencePercent: null,
        decisionSeconds: null,
        provisional: null,
        warnings: [],
        evidence: 'mock',
        lesionId: b.lesionId ?? null,
        specimenId: b.specimenId ?? null,
        probeId: probes[0]?.id ?? null,
        liveSessionId: station.session.liveSessionId,
        fromSeq: from,
        toSeq: seq,
        source: 'live',
        createdAt: now(),
        createdBy: 'admin',
      };
      items.measurements.push(row);
      return send(res, 201, row);
    }
    case 'POST stations/:id/pose':
      pose = (await body(req)) as typeof pose;
      return send(res, 204);
    case 'GET stations/:id/settings':
      return send(res, 200, {
        nuclidePresets: [
          { id: 'tc99m', label: 'Tc-99m (140 keV, window 126–154 keV)' },
          { id: 'in111', label: 'In-111 (171 + 245 keV)' },
          { id: 'ga68', label: 'Ga-68 (511 keV)' },
        ],
        integrationModes: [
          { id: 'adaptive', label: 'Adaptive (sequential test)' },
          { id: 'fixed-1s', label: 'Fixed 1 s' },
          { id: 'fixed-5s', label: 'Fixed 5 s' },
        ],
        nuclidePreset: 'tc99m',
        integrationMode: 'adaptive',
      });
    case 'PUT stations/:id/settings':
      return send(res, 204);
    case 'GET stations/:id/body-map':
      return send(res, 200, {
        outline: ellipse(0, 0, 16, 32, 48),
        organs: [
          { name: 'liver', outline: ellipse(-7, 16, 9, 7, 32) },
          { name: 'spleen', outline: ellipse(10, 16, 4, 5, 24) },
          { name: 'left kidney', outline: ellipse(8, 7, 3, 5, 24) },
          { name: 'right kidney', outline: ellipse(-8, 6, 3, 5, 24) },
          { name: 'pancreas', outline: ellipse(2, 9, 6, 1.6, 24) },
          { name: 'bowel', outline: ellipse(0, -10, 11, 10, 40) },
          { name: 'bladder', outline: ellipse(0, -27, 4, 3, 24) },
        ],
        lesions: lesionsCm.map(({ id: lid, label, xCm, yCm }) => ({ id: lid, label, xCm, yCm })),
      });
  }
  return fail(res, 404, 'not-found', `no route ${m} ${path}`);
}

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number): [number, number][] {
  return Array.from({ length: n }, (_, i) => [
    cx + rx * Math.cos((2 * Math.PI * i) / n),
    cy + ry * Math.sin((2 * Math.PI * i) / n),
  ]);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/api/')) {
    api(req, res, url).catch((error: unknown) => fail(res, 500, 'internal', String(error)));
    return;
  }
  const file = normalize(join(dist, url === '/' ? 'index.html' : (url.split('?')[0] ?? '')));
  if (!file.startsWith(dist)) return fail(res, 404, 'not-found', 'no');
  readFile(file)
    .then((data) => {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    })
    .catch(() => fail(res, 404, 'not-found', url));
});
const wss = new WebSocketServer({ server, path: '/api/live' });
function broadcast(message: unknown): void {
  const text = JSON.stringify(message);
  for (const client of wss.clients) client.send(text);
}
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string };
    if (message.type === 'subscribe') socket.send(JSON.stringify({ type: 'subscribed', station }));
  });
});
setInterval(() => broadcast(liveFrame()), station.frameSeconds * 1000);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`listening on http://127.0.0.1:${actual}\n`);
});
