// The PDF case report as its reader sees it, for a report model written by hand (render-fixture.ts): its
// words where poppler finds them on the page (`pdftotext -bbox`) and the colours of its chart as poppler
// paints them (`pdftoppm`). Every expected figure is worked out below from the layout the report promises
// (A4, 40 pt margins; the chart's plot starts 130 pt right of the margin, ends 10 pt before the right
// margin, and its scale runs to 1.05 × the largest value shown, never less than 2.1).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { LesionBar } from './model.js';
import { renderReportPdf } from './pdf.js';
import { handModel as model } from './render-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-render-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Words of page 1 with their boxes in points from the top left (poppler `pdftotext -bbox`). */
interface Word {
  text: string;
  x: number;
  y: number;
  xMax: number;
}
function pdfPages(pdf: Buffer, name: string): { words: (page?: number) => Word[]; file: string } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']).toString('utf8');
  const pages = html.split('<page ').slice(1);
  return {
    file,
    words: (page = 1) =>
      [
        ...(pages[page - 1] ?? '').matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g,
        ),
      ].map((m) => ({ text: m[4] ?? '', x: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]) })),
  };
}
const near = (actual: number | undefined, expected: number, what: string): void => {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) < 0.01,
    `${what}: at ${actual}, expected ${expected}`,
  );
};
/** The chart's lesion names: the words "node" at the margin (the table's cells start 2 pt further in). */
const chartNames = (words: Word[]): Word[] =>
  words.filter((w) => w.text === 'node' && Math.abs(w.x - 40) < 0.01);
/** The top of the chart's first row: its lesion name is 6 pt below it. */
const chartTop = (words: Word[]): number => (chartNames(words)[0]?.y ?? Number.NaN) - 6;
const wordAt = (words: Word[], text: string, nth = 0): Word => {
  const found = words.filter((w) => w.text === text)[nth];
  assert.ok(found, `no word "${text}" (#${nth}) on the page`);
  return found;
};

/**
 * The top 350 pt of page 1 (where these models put the chart) painted by poppler at 144 dpi (2 pixels a
 * point) without anti-aliasing; returns the colour at a point.
 */
function paint(file: string): (xPt: number, yPt: number) => string {
  const crop = ['-x', '0', '-y', '0', '-W', '1191', '-H', '700'];
  const ppm = execFileSync(
    'pdftoppm',
    ['-r', '144', '-aa', 'no', '-aaVector', 'no', ...crop, '-f', '1', '-l', '1', file],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  // PPM P6: "P6\n<width> <height>\n255\n" then 3 bytes a pixel.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'pdftoppm wrote a P6 image');
  const width = Number(header[1]);
  const offset = header[0].length;
  return (xPt, yPt) => {
    assert.ok(yPt < 350, `${yPt} pt lies below the painted part`);
    const i = offset + 3 * (Math.floor(yPt * 2) * width + Math.floor(xPt * 2));
    return `#${[ppm[i], ppm[i + 1], ppm[i + 2]].map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
  };
}

describe('PDF', () => {
  // Chart geometry on A4 (595.28 pt wide, 40 pt margins → 515.28 pt of content): the plot starts at
  // 40 + 130 = 170 pt and is 515.28 − 130 − 10 = 375.28 pt wide; x(r) = 170 + r / scale × 375.28.
  // For model(): the largest value drawn is node 1's ex vivo 6 → scale 6.3, so
  //   x(1) = 229.568, x(1.5) = 259.352, x(1.8) = 277.223, x(2) = 289.137, x(2.5) = 318.921,
  //   x(3) = 348.705, x(4) = 408.273, x(5) = 467.841, x(6) = 527.410.
  test('places the chart on its scale: ratio labels past the bar or interval, ticks under the axis (pdftotext -bbox)', async () => {
    const { words } = pdfPages(await renderReportPdf(model()), 'scale');
    const page = words();
    const title = wordAt(page, 'per');
    // The ratio label starts 3 pt past the interval's high end, or past the bar without one.
    near(wordAt(page, '3.00', 1).x, 408.273 + 3, 'node 1 in vivo label (after its interval to 4)');
    near(wordAt(page, '6.00').x, 527.41 + 3, 'node 1 ex vivo label (after its bar to 6)');
    near(wordAt(page, '1.50').x, 277.223 + 3, 'node 2 ex vivo label (after its interval to 1.8)');
    // Tick labels 5 pt left of their tick: 1, 1.5, 2, 3, 5 for a scale up to 8.
    const ticks: Array<[string, number]> = [
      ['1.5', 259.352],
      ['2', 289.137],
      ['3', 348.705],
      ['5', 467.841],
    ];
    const top = chartTop(page);
    const tickRow = page.filter((w) => Math.abs(w.y - (top + 2 * 26 + 2 + 3)) < 0.01);
    assert.deepEqual(
      tickRow.map((w) => [w.text, Number(w.x.toFixed(3))]),
      [['1', 224.568], ...ticks.map(([text, x]): [string, number] => [text, Number((x - 5).toFixed(3))])],
      'tick labels 5 pt left of their ticks',
    );
    // Rows 26 pt apart below the title; within a row the in vivo bar 2 pt and the ex vivo bar 13 pt down,
    // labels 1 pt below their bar's top; names 6 pt down; the axis 2 pt below the last row, tick labels 3 pt
    // under it, the legend 12 pt under it.
    near(chartNames(page)[1]?.y, top + 26 + 6, 'second lesion name');
    near(wordAt(page, '3.00', 1).y, top + 2 + 1, 'in vivo label row');
    near(wordAt(page, '6.00').y, top + 13 + 1, 'ex vivo label row');
    near(wordAt(page, '1.50').y, top + 26 + 13 + 1, 'second row ex vivo label');
    near(wordAt(page, '5').y, top + 2 * 26 + 2 + 3, 'tick labels under the axis');
    near(wordAt(page, '(blue),').y, top + 2 * 26 + 2 + 12, 'legend');
    near(wordAt(page, 'in').x, 40, 'legend starts at the margin');
    assert.ok(title.y < top, 'the chart title above the bars');
    assert.equal(
      page
        .filter((w) => w.y >= top + 2 * 26 + 2 + 12 - 0.01 && w.y < top + 2 * 26 + 2 + 13)
        .map((w) => w.text)
        .join(' '),
      'in vivo (blue), ex vivo (orange); T/B = 1 is background',
    );
  });

  test('a scale past 8 takes the ticks 1, 2, 5, 10, 20, 50 up to the largest value (pdftotext -bbox)', async () => {
    // Largest value 12 → scale 12.6; x(r) = 170 + r / 12.6 × 375.28: x(1) = 199.784, x(2) = 229.568,
    // x(5) = 318.921, x(10) = 467.841; 20 and 50 lie past the scale and are not drawn, nor is 1.5 or 3.
    const bars: LesionBar[] = [{ label: 'hot', inVivo: { ratio: 12 }, exVivo: null }];
    const page = pdfPages(await renderReportPdf(model({ chart: { title: 'Chart', bars } })), 'ticks').words();
    const axis = wordAt(page, '12.00').y + 26 - 2 - 1 + 2 + 3; // label row (top + 3) → axis (top + 28) + 3
    const tickLabels = page.filter((w) => Math.abs(w.y - axis) < 0.01);
    assert.deepEqual(
      tickLabels.map((w) => [w.text, Number(w.x.toFixed(3))]),
      [
        ['1', 194.784],
        ['2', 224.568],
        ['5', 313.921],
        ['10', 462.841],
      ],
    );
    near(wordAt(page, '12.00').x, 527.41 + 3, 'the largest ratio label past its bar at x(12) = 527.410');
  });

  test("draws the bars in the legend's colours to their ratio, the interval as a black line (pdftoppm)", async () => {
    const { file, words } = pdfPages(await renderReportPdf(model()), 'colours');
    const top = chartTop(words());
    const at = paint(file);
    const blue = '#0072b2';
    const orange = '#e69f00';
    const white = '#ffffff';
    const black = '#000000';
    // Row 1, in vivo: a blue bar from 170 to x(3) = 348.705, 9 pt high from top + 2; the interval
    // x(2.5) = 318.921 … x(4) = 408.273 as a 1 pt black line through its middle (top + 6.5).
    const inVivo = top + 2 + 2; // a line inside the bar above the interval line
    assert.equal(at(171, inVivo), blue);
    assert.equal(at(348, inVivo), blue);
    assert.equal(at(349.5, inVivo), white);
    assert.equal(at(300, top + 6.5), blue, 'no interval line left of its low end 2.5');
    assert.equal(at(330, top + 6.5), black, 'interval line over the bar');
    assert.equal(at(400, top + 6.5), black, 'interval line past the bar, to 4');
    assert.equal(at(409, top + 6.5), white, 'interval ends at 4');
    // Row 1, ex vivo: orange from 170 to x(6) = 527.410, from top + 13; no interval.
    const exVivo = top + 13 + 4.5;
    assert.equal(at(171, exVivo), orange);
    assert.equal(at(527, exVivo), orange);
    assert.equal(at(528, exVivo), white);
    // Row 2 has no in vivo bar; its ex vivo bar is orange to x(1.5) = 259.352 with a black line from
    // x(1.2) = 241.482 to x(1.8) = 277.223.
    assert.equal(at(200, top + 26 + 2 + 4.5), white, 'no in vivo bar in row 2');
    assert.equal(at(250, top + 26 + 13 + 2), orange);
    assert.equal(at(260, top + 26 + 13 + 2), white);
    assert.equal(at(235, top + 26 + 13 + 4.5), orange);
    assert.equal(at(250, top + 26 + 13 + 4.5), black);
    assert.equal(at(270, top + 26 + 13 + 4.5), black);
    assert.equal(at(278, top + 26 + 13 + 4.5), white);
    // The axis: a black line at top + 54 from 170 to 545.28; tick 1 is a black line, the others grey.
    const axisY = top + 2 * 26 + 2;
    assert.equal(at(171, axisY), black);
    assert.equal(at(545, axisY), black);
    assert.equal(at(546, axisY), white);
    assert.equal(at(229.568, top + 26 + 1), black, 'tick 1 in black');
    assert.notEqual(at(467.841, top + 26 + 1), black, 'tick 5 in grey');
    assert.notEqual(at(467.841, top + 26 + 1), white, 'tick 5 drawn');
    assert.equal(at(467.841, axisY - 1), at(467.841, top + 26 + 1), 'tick 5 runs from the top to the axis');
  });

  test('draws no interval line for a bar with only one end known (pdftoppm)', async () => {
    // Scale: 3 × 1.05 = 3.15; x(2) = 170 + 2 / 3.15 × 375.28 = 408.273; x(3) = 527.410.
    const bars: LesionBar[] = [{ label: 'a', inVivo: { ratio: 2, high: 3 }, exVivo: { ratio: 2, low: 1 } }];
    const { file, words } = pdfPages(
      await renderReportPdf(model({ chart: { title: 'Chart', bars } })),
      'one-end',
    );
    const page = words();
    const top = wordAt(page, 'a').y - 6;
    const at = paint(file);
    assert.equal(at(450, top + 6.5), '#ffffff', 'nothing drawn between 2 and the high end 3');
    assert.equal(at(300, top + 13 + 4.5), '#e69f00', 'no line over the ex vivo bar');
    // The in vivo label goes past the high end, the ex vivo one past the bar.
    near(wordAt(page, '2.00', 0).x, 527.41 + 3, 'in vivo label past its high end');
    near(wordAt(page, '2.00', 1).x, 408.273 + 3, 'ex vivo label past its bar');
  });

  test('prints facts, the first table before the chart and the others after, "none recorded", notes, the sign-off last', async () => {
    const { file, words } = pdfPages(await renderReportPdf(model()), 'order');
    const page = words();
    const yOf = (text: string, nth = 0) => wordAt(page, text, nth).y;
    // Facts: the label at the margin, the value 135 pt to its right.
    near(wordAt(page, 'Patient').x, 40, 'fact label');
    near(wordAt(page, 'PSN-1').x, 175, 'fact value');
    assert.equal(yOf('PSN-1'), yOf('Patient'));
    const order = [
      yOf('Case'),
      yOf('Generated'),
      yOf('Patient'),
      yOf('Tracer'),
      yOf('Lesions'),
      yOf('CI'),
      yOf('lesion'),
      yOf('(blue),'),
      yOf('Pathology'),
      yOf('none'),
      yOf('Doses'),
      yOf('surgeon'),
      yOf('Signed'),
    ];
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'title, subtitle, facts, first table and its note, chart, the other tables, sign-off',
    );
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ');
    for (const needle of [
      'Case report <RGS-1>',
      `PSN-1 & "Ødegård" 'x'`,
      'T/B with 95 % CI',
      'Pathology none recorded',
      'Signed off by dr.x',
    ]) {
      assert.ok(text.includes(needle), `PDF text lacks "${needle}"`);
    }
    assert.ok(!text.includes('SYNTHETIC'));
    assert.ok(!text.includes('undefined'));
    // The Doses table has no note: the sign-off follows its last row.
    assert.ok(text.includes('surgeon 12 scrub nurse 3 Signed off by dr.x'));
  });

  test('a synthetic case opens with a red banner; a model without tables still prints its chart', async () => {
    const { file, words } = pdfPages(
      await renderReportPdf(model({ synthetic: true, tables: [] })),
      'synthetic',
    );
    const page = words();
    near(wordAt(page, 'SYNTHETIC').y, 40, 'banner at the top margin');
    near(wordAt(page, 'SYNTHETIC').x, 40, 'banner at the left margin');
    assert.ok(wordAt(page, 'Case').y > 40, 'title below the banner');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ');
    assert.ok(text.includes('SYNTHETIC DEMONSTRATION DATA — NOT A PATIENT RECORD'));
    assert.ok(text.includes('T/B per lesion'));
    assert.ok(!text.includes('Lesions'));
    // The banner's letters in red (#B00000): the middle of the "S" stroke lies in the first 9 pt.
    const at = paint(file);
    let red = 0;
    for (let x = 40; x < 120; x += 0.5) for (let y = 40; y < 52; y += 0.5) if (at(x, y) === '#b00000') red++;
    assert.ok(red > 20, `red banner pixels: ${red}`);
    let redTitle = 0;
    for (let x = 40; x < 120; x += 0.5)
      for (let y = wordAt(page, 'Case').y; y < wordAt(page, 'Case').y + 15; y += 0.5)
        if (at(x, y) === '#b00000') redTitle++;
    assert.equal(redTitle, 0, 'the title in black');
  });

  // Line heights: PDFKit advances a line by (ascender − descender + line gap) / units per em × size; DejaVu
  // Sans, Bold and Oblique 2.37 all have hhea ascender 1901, descender −483, line gap 0 at 2048 units per
  // em (read from the TTF files' hhea tables, OpenType spec), so a line is 2384 / 2048 = 1.1640625 × size.
  const line = (sizePt: number): number => (sizePt * 2384) / 2048;

  test('spaces the blocks as promised: "none recorded" and a note 2 pt down, the chart rows 6 pt below its title, the sign-off a line below the last table (pdftotext -bbox)', async () => {
    const page = pdfPages(await renderReportPdf(model()), 'spacing').words();
    const yOf = (text: string, nth = 0) => wordAt(page, text, nth).y;
    // "none recorded" 2 pt under the 11 pt heading "Pathology" (its one line: 12.805 pt).
    near(yOf('none') - yOf('Pathology'), line(11) + 2, '"none recorded" under its heading');
    // The note 2 pt under the last row of its table: a row is its 7.5 pt line plus 4 pt (2 above the
    // text, 2 below), so from the row's text (2 pt into the row) to the note: 8.730 + 4 − 2 + 2 = 12.730.
    const rowNode = page.find((w) => w.text === 'node' && Math.abs(w.x - 42) < 0.01);
    near(yOf('CI') - (rowNode?.y ?? Number.NaN), line(7.5) + 4, 'note under the last row');
    // The chart: its title's 11 pt line, 6 pt to the first row's top, the name 6 pt into the row.
    near(chartTop(page) - yOf('per'), line(11) + 6, 'first chart row below the title');
    // The sign-off: the last row of Doses ends 8.730 + 4 − 2 pt below its text, then one empty 7.5 pt line
    // (the table's font) — and nothing for the note Doses does not have.
    near(yOf('Signed') - yOf('scrub'), line(7.5) + 4 - 2 + line(7.5), 'sign-off a line under the last row');
  });

  test('prints the subtitle grey, the ratio labels black and the axis black after a table ruled in grey (pdftoppm)', async () => {
    // No bar has an interval, so nothing between the Lesions table (rules #999) and the axis strokes black.
    const bars: LesionBar[] = [{ label: 'a', inVivo: { ratio: 2 }, exVivo: { ratio: 3 } }];
    const { file, words } = pdfPages(
      await renderReportPdf(model({ chart: { title: 'Chart', bars } })),
      'ink',
    );
    const page = words();
    const at = paint(file);
    const inks = (w: Word, widthPt: number, heightPt: number): Set<string> => {
      const seen = new Set<string>();
      for (let x = w.x; x < w.x + widthPt; x += 0.5)
        for (let y = w.y; y < w.y + heightPt; y += 0.5) seen.add(at(x, y));
      seen.delete('#ffffff');
      return seen;
    };
    // Subtitle "Generated …" in #444 (8.5 pt): its first 30 pt hold "Gene".
    assert.deepEqual([...inks(wordAt(page, 'Generated'), 30, 8)], ['#444444'], 'subtitle grey');
    // Ratio labels (7 pt) past their bars, black: 2.00 after the blue bar, 3.00 after the orange one.
    assert.deepEqual([...inks(wordAt(page, '2.00'), 14, 7)], ['#000000'], 'in vivo ratio label black');
    assert.deepEqual([...inks(wordAt(page, '3.00', 1), 14, 7)], ['#000000'], 'ex vivo ratio label black');
    // The axis: 6 pt under the row's name (top + 26 + 2, the name at top + 6), from x = 170 to 545.28.
    const axisY = wordAt(page, 'a').y - 6 + 26 + 2;
    assert.equal(at(300, axisY), '#000000', 'axis black');
  });

  test('wraps a long lesion name within its 124 pt column left of the plot (pdftotext -bbox)', async () => {
    // The name column is 130 pt less a 6 pt gap: no word may reach past 40 + 124 = 164 pt, so this name
    // takes two lines (8 pt type, lines 9.3125 pt apart).
    const label = 'right external iliac lymph node 12';
    const bars: LesionBar[] = [{ label, inVivo: { ratio: 2 }, exVivo: null }];
    const page = pdfPages(await renderReportPdf(model({ chart: { title: 'Chart', bars } })), 'wrap').words();
    const first = label.split(' ')[0] ?? '';
    const top = wordAt(page, first).y;
    const nameWords = page.filter((w) => label.split(' ').includes(w.text) && w.y >= top && w.y < top + 20);
    assert.equal(nameWords.length, label.split(' ').length, 'every word of the name printed');
    const xMax = Math.max(...nameWords.map((w) => w.xMax));
    assert.ok(xMax <= 164, `the name reaches ${xMax} pt`);
    assert.deepEqual(
      [...new Set(nameWords.map((w) => Number((w.y - top).toFixed(3))))],
      [0, Number(line(8).toFixed(3))],
      'two lines',
    );
  });

  test('the scale boundaries: at exactly 8 the fine ticks, and a tick at the scale end is drawn (pdftotext -bbox)', async () => {
    const ticksOf = async (value: number, name: string): Promise<Array<[string, number]>> => {
      const bars: LesionBar[] = [{ label: 'a', inVivo: { ratio: value }, exVivo: null }];
      const page = pdfPages(await renderReportPdf(model({ chart: { title: 'Chart', bars } })), name).words();
      const row = wordAt(page, '(blue),').y - 9; // tick labels 3 pt under the axis, the legend 12 pt
      return page.filter((w) => Math.abs(w.y - row) < 0.01).map((w) => [w.text, Number(w.x.toFixed(3))]);
    };
    // A largest value of 8 / 1.05 makes the scale exactly 8 (the product is 8 in binary floating point):
    // "a scale up to 8" keeps 1, 1.5, 2, 3, 5; x(t) = 170 + t / 8 × 375.28, labels 5 pt to the left.
    assert.equal((8 / 1.05) * 1.05, 8);
    assert.deepEqual(await ticksOf(8 / 1.05, 'scale-8'), [
      ['1', 211.91],
      ['1.5', 235.365],
      ['2', 258.82],
      ['3', 305.73],
      ['5', 399.55],
    ]);
    // 3 / 1.05 makes the scale exactly 3: the tick 3 is the plot's right end, x(3) = 545.28;
    // x(1) = 295.093, x(1.5) = 357.64, x(2) = 420.187.
    assert.equal((3 / 1.05) * 1.05, 3);
    assert.deepEqual(await ticksOf(3 / 1.05, 'scale-3'), [
      ['1', 290.093],
      ['1.5', 352.64],
      ['2', 415.187],
      ['3', 540.28],
    ]);
  });

  test('a chart that does not fit below the facts starts on the next page, whole (pdftotext -bbox)', async () => {
    // 60 facts of one 9 pt line (10.48 pt each) from y = 73.5 end near 702 pt; a chart of 3 bars needs
    // 40 + 3 × 26 + 20 = 138 pt, and the page's text ends at 841.89 − 40 = 801.89 pt: it goes to page 2.
    const facts = Array.from({ length: 60 }, (_, i): [string, string] => [`fact ${i + 1}`, `value ${i + 1}`]);
    const bars: LesionBar[] = ['node 1', 'node 2', 'node 3'].map((label) => ({
      label,
      inVivo: { ratio: 2 },
      exVivo: null,
    }));
    const { words } = pdfPages(
      await renderReportPdf(model({ facts, tables: [], chart: { title: 'Chart', bars } })),
      'page-break',
    );
    const one = words(1);
    const two = words(2);
    assert.ok(
      one.some((w) => w.text === '60'),
      'the last fact on page 1',
    );
    assert.ok(!one.some((w) => w.text === 'Chart' || w.text === 'node'), 'nothing of the chart on page 1');
    // At the top of page 2: the 40 pt margin and the gap of 0.6 line a heading leaves above itself.
    const titleY = wordAt(two, 'Chart').y;
    assert.ok(titleY >= 40 && titleY < 50, `the chart title at the top of page 2 (at ${titleY} pt)`);
    assert.equal(chartNames(two).length, 3, 'all three lesions on page 2');
    assert.ok(
      two.some((w) => w.text === '(blue),'),
      'the legend on page 2',
    );
  });
});
