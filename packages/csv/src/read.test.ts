// The CSV reader on hand-written files: RFC 4180 quoting (IETF RFC 4180, §2 rules 5–7), line numbers of
// records, and issues naming the line and the column.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import { z } from 'zod';
import { nonEmptyField, numberField, oneOfField } from './fields.js';
import { csvRows, readCsvRecords } from './read.js';

function records(text: string, comments = false) {
  const r = readCsvRecords(text, { comments });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

function issue(text: string, comments = false) {
  const r = readCsvRecords(text, { comments });
  assert.ok(!r.ok, 'expected a problem');
  assert.equal(r.issues.length, 1, 'one problem stops the reading');
  return firstIssue(r.issues);
}

describe('readCsvRecords', () => {
  test('quoted fields keep commas, doubled quotes and line breaks (RFC 4180 §2.6, §2.7)', () => {
    const text = 'label,counts\n"bowel, distal",12\n"the ""hot"" one",3\n"two\nlines",4\n';
    assert.deepEqual(records(text), [
      { line: 1, fields: ['label', 'counts'] },
      { line: 2, fields: ['bowel, distal', '12'] },
      { line: 3, fields: ['the "hot" one', '3'] },
      { line: 4, fields: ['two\nlines', '4'] },
    ]);
  });

  test('line numbers count blank lines, comment lines and CRLF; BOM and blanks around fields dropped', () => {
    const text = '\uFEFF# a comment\r\na, b\r\n\r\n 1 ,2\r\n# another\r\n3,"4"\r\n';
    assert.deepEqual(records(text, true), [
      { line: 2, fields: ['a', 'b'] },
      { line: 4, fields: ['1', '2'] },
      { line: 6, fields: ['3', '4'] },
    ]);
  });

  test('without comments a # line is data; # inside a field is always data', () => {
    assert.deepEqual(
      records('a\n#1\n').map((r) => r.fields),
      [['a'], ['#1']],
    );
    assert.deepEqual(
      records('a,b\nx#1,2\n', true).map((r) => r.fields),
      [
        ['a', 'b'],
        ['x#1', '2'],
      ],
    );
  });

  test('an unclosed quote names the line it opens on, not the end of the file', () => {
    const i = issue('a,b\n1,2\n\n"x,1\n3,4\n5,6\n');
    assert.equal(i.line, 4);
    assert.match(i.message, /a quoted field is not closed/);
  });

  test('a quote inside an unquoted field, and text after a closing quote, name their line', () => {
    const a = issue('a,b\n1,2\nx"y,1\n');
    assert.equal(a.line, 3);
    assert.match(a.message, /a quote in the middle of a field/);
    const b = issue('a,b\n"x"y,1\n');
    assert.equal(b.line, 2);
    assert.match(b.message, /text after a closing quote/);
  });

  test('an empty text has no records', () => {
    assert.deepEqual(records(''), []);
    assert.deepEqual(records('\n\n'), []);
  });
});

describe('csvRows with a zod schema per row', () => {
  const schema = z.object({
    site: nonEmptyField(),
    kind: oneOfField(['front', 'side'] as const),
    counts: numberField({ integer: true, min: 0 }),
    seconds: numberField({ greaterThan: 0 }),
  });
  const columns = ['site', 'kind', 'counts', 'seconds'];
  const rows = (text: string) => {
    const r = readCsvRecords(text);
    assert.ok(r.ok);
    return csvRows(r.value.slice(1), columns, schema);
  };

  test('good rows come out typed, with their line', () => {
    const r = rows('site,kind,counts,seconds\n"a, b",front,12,1.5\n\nc,side,0,2e1\n');
    assert.ok(r.ok);
    assert.deepEqual(r.value, [
      { site: 'a, b', kind: 'front', counts: 12, seconds: 1.5, line: 2 },
      { site: 'c', kind: 'side', counts: 0, seconds: 20, line: 4 },
    ]);
  });

  test('each bad value is an issue naming its line, its column and the value', () => {
    const r = rows(
      'site,kind,counts,seconds\n' +
        'a,front,abc,1\n' + // line 2: not a number
        'a,top,1,1\n' + // line 3: not one of
        'a,side,1.5,1\n' + // line 4: not whole
        'a,side,-1,0\n' + // line 5: two problems
        ',side,1,0x10\n' + // line 6: empty, hex is not a number
        'a,side,1\n' + // line 7: wrong field count
        'a,side,1,Infinity\n', // line 8
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => [i.line, i.column, i.message]),
      [
        [2, 'counts', "counts 'abc' is not a number"],
        [3, 'kind', "kind 'top' is not one of front, side"],
        [4, 'counts', "counts '1.5' is not a whole number"],
        [5, 'counts', "counts '-1' must be at least 0"],
        [5, 'seconds', "seconds '0' must be greater than 0"],
        [6, 'site', "site '' must not be empty"],
        [6, 'seconds', "seconds '0x10' is not a number"],
        [7, undefined, '3 fields, expected 4 (site,kind,counts,seconds)'],
        [8, 'seconds', "seconds 'Infinity' is not a number"],
      ],
    );
  });

  test('1e999 is a number but not finite', () => {
    const r = rows('site,kind,counts,seconds\na,front,1,1e999\n');
    assert.ok(!r.ok);
    assert.equal(r.issues[0]?.message, "seconds '1e999' is not finite");
  });
});
