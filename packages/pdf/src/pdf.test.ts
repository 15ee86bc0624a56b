import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  createPdfDocument,
  FONT,
  facts,
  heading,
  paragraph,
  table,
  widthsByContent,
  widthsKeepingWords,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Text of a PDF as poppler's pdftotext extracts it (what a reader copies or a search index sees). */
function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
}

// Strings chosen to lie outside WinAnsi (cp1252), the only encoding of the standard PDF fonts.
const SAMPLES = [
  'µSv ± 5 %', // micro sign and plus-minus are in WinAnsi, kept as a control
  'yield ≥ 0.1 %',
  'H*(10)/Φ vacuum',
  'Σπύρος Παπαδόπουλος', // Greek name
  'λ = 0.115 h⁻¹, σ 5 %, Δ 3 %', // Greek symbols in figures
  'Иван Петров, Ольга Смирнова', // Cyrillic
  'Łukasz Żółć, Şükrü Çelik, Ðorđe Ñúñez, Åsa Øberg', // accented Latin beyond WinAnsi (Ł, Ż, Ş, đ)
  '≤ → ≈ ∞ √ ⁻¹',
];

test('every sample prints and is read back by pdftotext exactly (headings, paragraphs, facts, tables)', async () => {
  const { doc, bytes } = createPdfDocument({ title: 'Probe Φ — Łódź', author: 'Иван Петров' });
  heading(doc, SAMPLES[2] ?? '');
  for (const s of SAMPLES) paragraph(doc, s);
  facts(doc, [['Signed off by', 'Ольга Смирнова']], 120);
  const rows = SAMPLES.map((s, i) => [String(i), s]);
  table(doc, { columns: ['#', 'text ≥'], rows, widthsPt: widthsByContent(['#', 'text ≥'], rows) });
  doc.end();
  const text = pdfText(await bytes, 'samples.pdf');
  for (const s of SAMPLES) assert.ok(text.includes(s), `pdftotext lacks "${s}"`);
  assert.ok(text.includes('Ольга Смирнова'));
  assert.ok(text.includes('text ≥'));
  assert.ok(!text.includes('?'), 'no character was replaced');
});

test('the document information carries the title and author in Unicode (pdfinfo)', async () => {
  const { doc, bytes } = createPdfDocument({ title: 'Probe Φ — Łódź', author: 'Иван Петров' });
  doc.end();
  const file = join(dir, 'info.pdf');
  writeFileSync(file, await bytes);
  const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', file]).toString('utf8');
  assert.match(info, /Title:\s+Probe Φ — Łódź/);
  assert.match(info, /Author:\s+Иван Петров/);
});

test('the font is embedded (pdffonts), so the page looks the same on any reader', async () => {
  const { doc, bytes } = createPdfDocument({ title: 'fonts' });
  paragraph(doc, 'Φ ≥ 1');
  doc.end();
  const file = join(dir, 'fonts.pdf');
  writeFileSync(file, await bytes);
  const fonts = execFileSync('pdffonts', [file]).toString('utf8');
  const rows = fonts
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '');
  assert.ok(rows.length >= 1);
  for (const row of rows) {
    assert.match(row, /DejaVuSans/);
    assert.match(row, /\byes\s+yes\s+yes\b/, `font not embedded as subset with ToUnicode: ${row}`);
  }
});

test('a table keeps whole words: "background" beside a long evidence column is not broken (pdftotext)', async () => {
  // The case report's evidence table: a short Kind column next to sentences of evidence. Widths by content
  // length alone gave "Kind" fewer points than the word "background" needs, printed as "backgroun d".
  const columns = ['Site', 'Kind', 'Evidence', 'Background used', 'Frames'];
  const evidence =
    'rate 372 cps (95 % CI 351–394) against the normal-tissue limit 400 cps; T/B 1.02 (0.94–1.10); negative, 99.9 % sure after 12.0 s of counting at this site, sequential test';
  const rows = [
    ['Background 1', 'background', evidence, '372 ± 13.1 cps, 3 sites, limit 400 cps', '1000–1012'],
    ['L1', 'in-vivo', evidence, '372 ± 13.1 cps, 3 sites, limit 400 cps', '1013–1030'],
  ];
  const { doc, bytes } = createPdfDocument({ title: 'widths' });
  const byContent = widthsByContent(columns, rows);
  const keeping = widthsKeepingWords(doc, columns, rows);
  // The check can fail: widths by content alone are too narrow for the word (the defect being fixed).
  doc.font(FONT.regular).fontSize(7.5);
  const word = doc.widthOfString('background') + 4;
  assert.ok((byContent[1] ?? 0) < word, `the content-length widths already fit (${byContent[1]} pt)`);
  assert.ok((keeping[1] ?? 0) >= word, `Kind column ${keeping[1]} pt < ${word} pt`);
  assert.ok(Math.abs(keeping.reduce((a, b) => a + b, 0) - byContent.reduce((a, b) => a + b, 0)) < 1e-6);
  table(doc, { columns, rows, widthsPt: keeping });
  doc.end();
  const text = pdfText(await bytes, 'widths.pdf');
  assert.match(text, /\bbackground\b/);
  assert.doesNotMatch(text, /backgroun\s+d\b/);
});
