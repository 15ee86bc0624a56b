import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Draft, followUpProblems, pathologyPatch, todayLocal } from './record-forms.js';

const draft = (over: Partial<Draft>): Draft => ({
  result: 'net-confirmed',
  grade: '',
  ki67: '',
  size: '',
  margin: '',
  note: '',
  ...over,
});

describe('pathologyPatch', () => {
  test('empty fields are sent as "not recorded" (null), never a default', () => {
    assert.deepEqual(pathologyPatch(draft({ result: 'pending' })), {
      ok: true,
      patch: {
        pathologyResult: 'pending',
        pathologyGrade: null,
        ki67Percent: null,
        sizeMm: null,
        marginStatus: null,
        pathologyNote: null,
      },
    });
  });
  test('numbers parsed (a decimal comma too), note trimmed', () => {
    const result = pathologyPatch(
      draft({ grade: 'G2', ki67: '7,5', size: ' 14 ', margin: 'involved', note: '  2/11 nodes ' }),
    );
    assert.deepEqual(result, {
      ok: true,
      patch: {
        pathologyResult: 'net-confirmed',
        pathologyGrade: 'G2',
        ki67Percent: 7.5,
        sizeMm: 14,
        marginStatus: 'involved',
        pathologyNote: '2/11 nodes',
      },
    });
  });
  test('out-of-range and non-numbers are refused, naming the field and the value', () => {
    const result = pathologyPatch(draft({ ki67: '140', size: '0' }));
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.problems[0] ?? '', /^Ki-67: '140' must be a percentage from 0 to 100/);
      assert.match(result.problems[1] ?? '', /^Size: '0' must be a size in mm above 0/);
    }
    const words = pathologyPatch(draft({ ki67: 'twelve' }));
    assert.equal(words.ok, false);
  });
  test('grade and Ki-67 on a lesion without tumour are refused, not silently dropped', () => {
    const result = pathologyPatch(draft({ result: 'no-tumour', grade: 'G1' }));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0] ?? '', /Grade and Ki-67 describe a tumour/);
    assert.equal(pathologyPatch(draft({ result: 'other-tumour', grade: 'G3', ki67: '35' })).ok, true);
  });
});

describe('followUpProblems', () => {
  const base = { date: '2026-10-01', recurrence: false, today: '2026-11-26', procedureDate: '2026-06-01' };
  test('a past visit after the operation with a recurrence answer passes', () => {
    assert.deepEqual(followUpProblems(base), []);
    assert.deepEqual(followUpProblems({ ...base, date: '2026-11-26' }), [], 'today is allowed');
  });
  test('each problem names its field', () => {
    assert.match(followUpProblems({ ...base, date: '' })[0] ?? '', /^Date: choose/);
    assert.match(
      followUpProblems({ ...base, date: '2026-11-27' })[0] ?? '',
      /^Date: 2026-11-27 is in the future/,
    );
    assert.match(
      followUpProblems({ ...base, date: '2026-05-31' })[0] ?? '',
      /before the operation \(2026-06-01\)/,
    );
    assert.match(followUpProblems({ ...base, recurrence: null })[0] ?? '', /^Recurrence: choose/);
  });
  test('today in the local calendar', () => {
    assert.equal(todayLocal(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
  });
});
