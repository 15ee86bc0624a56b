// The example session in docs/openrgs-line-protocol.md must decode as the document says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { crc16Ccitt, crc16Hex } from '../crc16.js';
import { feed, framesOf, issueCodes, text } from '../test-support.js';
import { createOpenRgsCodec } from './openrgs.js';

const doc = readFileSync(new URL('../../../../docs/openrgs-line-protocol.md', import.meta.url), 'utf8');
/** Fenced code blocks, in order. */
const blocks: string[] = [];
{
  let current: string[] | undefined;
  for (const l of doc.split('\n')) {
    if (l.startsWith('```')) {
      if (current === undefined) current = [];
      else {
        blocks.push(current.join('\n'));
        current = undefined;
      }
    } else current?.push(l);
  }
}

function deviceLines(block: string): string {
  return block
    .split('\n')
    .filter((l) => l.startsWith('< '))
    .map((l) => `${l.slice(2)}\r\n`)
    .join('');
}

describe('docs/openrgs-line-protocol.md', () => {
  test('example session: 4 frames (37, 41, 38, 2950 counts), battery 3.71 V, overload then ok, no issues', () => {
    const session = blocks.find((b) => b.startsWith('> $HOST'));
    assert.ok(session, 'example session block found');
    const events = feed(createOpenRgsCodec(), [{ at: 0, bytes: text(deviceLines(session)) }]);
    assert.deepEqual(issueCodes(events), []);
    assert.deepEqual(
      framesOf(events).map((f) => [f.durationSeconds, f.counts]),
      [
        [0.1, 37],
        [0.1, 41],
        [0.1, 38],
        [0.1, 2950],
      ],
    );
    assert.deepEqual(
      events.find((e) => e.type === 'battery'),
      { type: 'battery', hostMs: 0, batteryVolts: 3.71, batteryPercent: 82, low: false },
    );
    const fault = events.find((e) => e.type === 'device-fault');
    assert.equal(fault?.type === 'device-fault' && fault.reason, 'overload: rate-above-40kcps');
    assert.ok(events.some((e) => e.type === 'device-ok'));
  });

  test('histogram example decodes to 3 non-empty bins', () => {
    const block = blocks.find((b) => b.includes('hist=64:20:10'));
    assert.ok(block);
    const events = feed(createOpenRgsCodec(), [{ at: 0, bytes: text(deviceLines(block)) }]);
    assert.deepEqual(issueCodes(events), []);
    const spectrum = framesOf(events)[0]?.spectrum;
    assert.equal(spectrum?.kind === 'histogram' && spectrum.bins.length, 3);
  });

  test('every host line and every CRC test vector in the document is right', () => {
    const table = [...doc.matchAll(/^\| `([^`]+)`\s*\| `([0-9A-F]{4})`/gm)];
    assert.ok(table.length >= 5);
    for (const [, body, crc] of table) assert.equal(crc16Hex(crc16Ccitt(text(body ?? ''))), crc, body);
    for (const [, line] of doc.matchAll(/`(\$[A-Z]+[^`]*\*[0-9A-F]{4})`/g)) {
      const body = (line ?? '').slice(1, -5);
      assert.equal(crc16Hex(crc16Ccitt(text(body))), (line ?? '').slice(-4), line);
    }
  });
});
