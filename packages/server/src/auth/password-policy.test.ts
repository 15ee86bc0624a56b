// The new-password rules of password-policy.ts's head comment (NIST SP 800-63B §5.1.1.2, OWASP ASVS v4
// 2.1), one hand-made password per rule and its boundary. "Common" means in @zxcvbn-ts/language-common's
// passwords-common list; each word used here was looked up in that list (the test checks it is there,
// so a new version of the list cannot silently turn a case into a different one).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem } from './password-policy.js';

const listed = new Set(dictionary['passwords-common']);

test('length: at least 12 characters (code points, so 12 emoji count as 12), at most 200', () => {
  assert.equal(passwordProblem('k7#vq2!mzp9'), 'must be at least 12 characters');
  assert.equal(passwordProblem('k7#vq2!mzp9w'), null);
  // 11 astral characters are 22 UTF-16 units: still too short.
  assert.equal(passwordProblem('🦊🐙🦉🐝🦀🐬🦜🐢🦔🐞🦎'), 'must be at least 12 characters');
  assert.equal(passwordProblem('🦊🐙🦉🐝🦀🐬🦜🐢🦔🐞🦎🐌'), null);
  const long = 'k7#vq2!mzp9w'.repeat(17); // 204 characters, not a pattern of ≤ 4
  assert.equal(passwordProblem(long.slice(0, 200)), null);
  assert.equal(passwordProblem(long.slice(0, 201)), 'must be at most 200 characters');
  assert.equal(passwordProblem(''), 'must be at least 12 characters');
});

test('whitespace only is refused, whatever the whitespace', () => {
  assert.equal(passwordProblem(' '.repeat(12)), 'must not be only spaces');
  assert.equal(passwordProblem(' \t\n '.repeat(3)), 'must not be only spaces');
  assert.equal(passwordProblem(`${' '.repeat(11)}x`), null, 'one visible character is enough for this rule');
});

test('one character, or a pattern of up to four, repeated (whole or cut short) is refused', () => {
  assert.equal(passwordProblem('aaaaaaaaaaaa'), 'must not be one character repeated');
  assert.equal(passwordProblem('🦊'.repeat(12)), 'must not be one character repeated');
  assert.equal(passwordProblem('abababababab'), "must not be a short pattern repeated ('ab' …)");
  assert.equal(passwordProblem('xyzxyzxyzxyz'), "must not be a short pattern repeated ('xyz' …)");
  assert.equal(passwordProblem('wxyzwxyzwxyz'), "must not be a short pattern repeated ('wxyz' …)");
  assert.equal(passwordProblem('wxyzwxyzwxyzwx'), "must not be a short pattern repeated ('wxyz' …)");
  assert.equal(passwordProblem('qwxyzqwxyzqwxyz'), null, 'a pattern of five is not refused');
  assert.equal(passwordProblem('wxyzwxyzwxyq'), null, 'the last character breaks the pattern');
  assert.equal(passwordProblem('awxyzwxyzwxyz'), null, 'the first character breaks the pattern');
  assert.equal(passwordProblem('aaaaaaaaaaab'), null);
});

test('a pattern must be seen three times: four characters repeated three times is the shortest such', () => {
  // 12 = 4 · 3 characters: refused. Three of a 4-pattern is also the 12-character minimum, so the
  // "three times" rule shows on a longer unit only through the cut-short case above.
  assert.equal(passwordProblem('abcdabcdabcd'), "must not be a short pattern repeated ('abcd' …)");
});

test('a password on the common list is refused, in any case', () => {
  assert.ok(listed.has('leavemealone') && listed.has('finalfantasy'));
  const msg = 'is one of the most common passwords (a list of leaked passwords); choose another';
  assert.equal(passwordProblem('leavemealone'), msg);
  assert.equal(passwordProblem('FinalFantasy'), msg);
  assert.equal(passwordProblem('LEAVEMEALONE'), msg);
});

test('a common word of five or more letters with only digits or symbols around it is refused', () => {
  assert.ok(listed.has('dragon') && listed.has('tiger') && listed.has('love'));
  assert.ok(!listed.has('2024!!dragon') && !listed.has('1234567tiger') && !listed.has('12345678love'));
  assert.equal(
    passwordProblem('2024!!dragon'),
    "is a common password ('dragon') with digits or symbols added; choose another",
  );
  assert.equal(
    passwordProblem('dragon!!2024'),
    "is a common password ('dragon') with digits or symbols added; choose another",
  );
  assert.equal(
    passwordProblem('__Dragon__12'),
    "is a common password ('dragon') with digits or symbols added; choose another",
    'underscores count as symbols; case does not matter',
  );
  assert.equal(
    passwordProblem('1234567tiger'),
    "is a common password ('tiger') with digits or symbols added; choose another",
    'five letters: long enough to be looked for',
  );
  assert.equal(passwordProblem('12345678love'), null, 'four letters are too short a core');
  assert.equal(
    passwordProblem('12dragon34xy'),
    null,
    'letters after the digits: the core is not a listed word',
  );
  assert.equal(passwordProblem('2024 x dragon'), null, 'the core is "x dragon", not listed');
  assert.ok(!listed.has('drag!!on') && !listed.has('12drag!!on34'));
  assert.equal(passwordProblem('12drag!!on34'), null, 'only the ends are stripped: the core is "drag!!on"');
});

test("the software's name is refused inside a password, however it is written", () => {
  const msg = "must not be built on the name of this software ('openrgs')";
  assert.equal(passwordProblem('my OpenRGS login 7'), msg);
  assert.equal(passwordProblem('open-r.g.s is fine!'), msg, 'punctuation and spaces are ignored');
  assert.equal(passwordProblem('ÖPENRGS-station-9'), msg, 'accents are ignored');
  assert.equal(passwordProblem('open rg5 station'), null);
});

test('the user name is refused inside a password, compared without case, accents or punctuation', () => {
  const msg = 'must not contain the user name';
  assert.equal(passwordProblem('Station-jsmith-2026', { username: 'jsmith' }), msg);
  assert.equal(passwordProblem('Station-J.Smith-2026', { username: 'jsmith' }), msg);
  assert.equal(
    passwordProblem('Station-jsmith-2026', { username: 'j.smith' }),
    msg,
    'the name is folded too',
  );
  assert.equal(passwordProblem('Station-jsmith-2026', { username: 'msmith' }), null);
  assert.equal(passwordProblem('Station-jsmith-2026'), null, 'no context: no context word');
  assert.equal(
    passwordProblem('Station-jsmith-2026', { username: '' }),
    null,
    'an empty name matches nothing',
  );
  // Names under three letters are never looked for, even in a password that is little more than them.
  assert.equal(passwordProblem('ab-!-x-!-y-!', { username: 'ab' }), null);
  assert.equal(passwordProblem('ab-!-x-!-y-!', { username: '' }), null);
  assert.equal(passwordProblem('ab-!-x-!-y-!', { displayName: 'Ab' }), null);
});

test('the display name, and each part of it of three or more letters, is refused inside a password', () => {
  const ctx = { displayName: 'José Núñez-García' };
  assert.equal(passwordProblem('I am JoseNunezGarcia!', ctx), "must not contain the user's display name");
  assert.equal(
    passwordProblem('correct NUNEZ staple', ctx),
    "must not contain a part of the user's display name ('Núñez')",
  );
  assert.equal(
    passwordProblem('garcia horse battery', ctx),
    "must not contain a part of the user's display name ('García')",
  );
  assert.equal(passwordProblem('correct horse staple', ctx), null);
  // A part of four letters counts however long the password is.
  assert.equal(
    passwordProblem('correct lima battery staple horse', { displayName: 'Ana Lima' }),
    "must not contain a part of the user's display name ('Lima')",
  );
  assert.equal(passwordProblem('correct nunez staple', { displayName: null }), null);
  assert.equal(passwordProblem('correct nunez staple', { displayName: '' }), null);
});

test('a three-letter name counts only when the password is little more than it (fewer than 6 other letters)', () => {
  const ctx = { displayName: 'Ana Li' }; // 'ana' is a part; 'li' is too short to be looked for
  // Folded: 'ana' + 5 more letters → 8 − 3 = 5 < 6: refused.
  assert.equal(
    passwordProblem('Ana - x7 q!z - w', ctx),
    "must not contain a part of the user's display name ('Ana')",
  );
  // 'ana' + 6 more → 9 − 3 = 6: allowed ("ana" alone must not forbid "bananas …").
  assert.equal(passwordProblem('Ana - x7 q!z - wv', ctx), null);
  assert.equal(passwordProblem('bananas and kiwis', ctx), null);
  assert.equal(passwordProblem('li li li, lo la lu', ctx), null, 'two letters are never looked for');
  // The whole display name folded ('anali', 5 letters) counts whatever the password's length.
  assert.equal(passwordProblem('my friend AnaLi from 2026', ctx), "must not contain the user's display name");
  // A three-letter user name, likewise: 'bobx7qzw' is 8 letters (refused), 'bobx7qzw1' 9 (allowed).
  assert.equal(passwordProblem('bob-x7-q!z-w', { username: 'bob' }), 'must not contain the user name');
  assert.equal(passwordProblem('bob-x7-q!z-w1', { username: 'bob' }), null);
});

test('the rules are checked in order: length, spaces, patterns, the list, then words', () => {
  assert.equal(passwordProblem('openrgs'), 'must be at least 12 characters');
  assert.equal(
    passwordProblem('opopopopopop', { username: 'opop' }),
    "must not be a short pattern repeated ('op' …)",
  );
  assert.ok(listed.has('leavemealone'));
  assert.equal(
    passwordProblem('leavemealone', { username: 'leave' }),
    'is one of the most common passwords (a list of leaked passwords); choose another',
  );
  assert.equal(
    passwordProblem('openrgs jsmith 1', { username: 'jsmith' }),
    "must not be built on the name of this software ('openrgs')",
  );
  assert.equal(
    passwordProblem('Nunez jsmith 1x', { username: 'jsmith', displayName: 'Ana Nunez' }),
    'must not contain the user name',
  );
});
