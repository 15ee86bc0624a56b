// Decoding throughput of each codec, and of the whole session path (codec + clock alignment + timeline).
// Run: node --import tsx packages/probe/bench/codec-throughput.ts
// A benchmark, not a test: it prints figures and checks only that every frame came out.
import {
  createGmcCodec,
  createOpenRgsCodec,
  createRadProCodec,
  encodeOpenRgsLine,
  GMC_COMMANDS,
  ProbeSession,
  radProRequest,
} from '../src/index.js';

const enc = new TextEncoder();

// Per CPU-second of this process (user + system), so that a loaded shared machine does not distort the
// figure; wall time is printed too.
let cpuAtStart = process.cpuUsage();
function startTimer(): number {
  cpuAtStart = process.cpuUsage();
  return performance.now();
}

function report(name: string, frames: number, bytes: number, wallStart: number): void {
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const fps = (frames / cpuMs) * 1000;
  const mbps = ((bytes / cpuMs) * 1000) / 1e6;
  console.log(
    `${name.padEnd(44)} ${frames.toString().padStart(7)} frames  cpu ${cpuMs.toFixed(0).padStart(5)} ms (wall ${wallMs.toFixed(0).padStart(5)} ms)  ${(fps / 1e3).toFixed(0).padStart(5)} k frames/s  ${mbps.toFixed(1).padStart(5)} MB/s`,
  );
}

function openRgsStream(frames: number, withWindows: boolean): Uint8Array {
  let text = encodeOpenRgsLine('HELLO', { v: 1, id: 'bench', model: 'bench', win: '126-154,100-126', t: 0 });
  for (let s = 1; s <= frames; s++) {
    const n = 20 + (s % 37);
    text += encodeOpenRgsLine('C', {
      s,
      t: (s - 1) * 10000,
      d: 10000,
      n,
      lt: 9900,
      ...(withWindows ? { w: `${n - 3},3` } : {}),
    });
  }
  return enc.encode(text);
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function benchOpenRgs(frames: number, chunkSize: number, withWindows: boolean): void {
  const parts = chunks(openRgsStream(frames, withWindows), chunkSize);
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  const codec = createOpenRgsCodec();
  let count = 0;
  const start = startTimer();
  for (let i = 0; i < parts.length; i++) {
    for (const e of codec.received(parts[i] as Uint8Array, i)) if (e.type === 'frame') count++;
  }
  if (count !== frames) throw new Error(`openrgs: ${count} of ${frames} frames`);
  report(`openrgs ${withWindows ? 'C+lt+w' : 'C+lt'}, ${chunkSize}-byte reads`, count, bytes, start);
}

function benchSession(frames: number): void {
  const parts = chunks(openRgsStream(frames, true), 64);
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  let count = 0;
  const session = new ProbeSession({
    protocol: 'openrgs',
    createCodec: () => createOpenRgsCodec(),
    emit: (e) => {
      if (e.type === 'frame') count++;
    },
  });
  session.connected(0, 'bench');
  const start = startTimer();
  for (let i = 0; i < parts.length; i++) session.received(parts[i] as Uint8Array, i * 0.1);
  if (count !== frames) throw new Error(`session: ${count} of ${frames} frames`);
  report('openrgs through ProbeSession (align+timeline)', count, bytes, start);
}

function benchGmc(beats: number): void {
  const codec = createGmcCodec({ countBits: 14 });
  codec.sent(enc.encode(GMC_COMMANDS.heartbeatOn), 0);
  const beat = Uint8Array.from([0x00, 0x1c]);
  let count = 0;
  const start = startTimer();
  for (let k = 1; k <= beats; k++) {
    for (const e of codec.received(beat, k * 1000)) if (e.type === 'frame') count++;
  }
  for (const e of codec.flush(beats * 1000 + 1000)) if (e.type === 'frame') count++;
  if (count !== beats) throw new Error(`gmc: ${count} of ${beats} frames`);
  report('gmc RFC1201 heartbeats (2-byte reads)', count, beats * 2, start);
}

function benchRadPro(polls: number): void {
  const codec = createRadProCodec({ pollIntervalMs: 100, replyTimeoutMs: 1000 });
  const request = radProRequest('tubePulseCount');
  const replies: Uint8Array[] = [];
  for (let k = 0; k <= polls; k++) replies.push(enc.encode(`OK ${(4294960000 + k * 17) % 4294967296}\r\n`));
  let count = 0;
  let bytes = 0;
  const start = startTimer();
  for (let k = 0; k <= polls; k++) {
    codec.sent(request, k * 100);
    const reply = replies[k] as Uint8Array;
    bytes += reply.length;
    for (const e of codec.received(reply, k * 100 + 5)) if (e.type === 'frame') count++;
  }
  if (count !== polls) throw new Error(`radpro: ${count} of ${polls} frames`);
  report('radpro tubePulseCount replies (wrapping)', count, bytes, start);
}

console.log(
  `node ${process.version}, ${process.platform} ${process.arch}, load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
);
for (let round = 0; round < 2; round++) {
  console.log(round === 0 ? '-- warm-up' : '-- measured');
  benchOpenRgs(200_000, 64, false);
  benchOpenRgs(200_000, 4096, true);
  benchSession(200_000);
  benchGmc(200_000);
  benchRadPro(200_000);
}
