// The HTML view of the case report as its reader sees it, for a report model written by hand
// (render-fixture.ts): the visible text, the markup that shapes it, and the bar widths, each worked out
// below from the layout the view promises (bars on a scale to 1.05 × the largest value drawn, at least 2.1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderReportHtml } from './html.js';
import type { LesionBar } from './model.js';
import { handModel as model } from './render-fixture.js';

/** What a browser shows of the page: the body's text, tags and the style sheet removed, entities decoded. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body>'));
  return body
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('HTML view', () => {
  test('prints the title, facts, tables in order, "none recorded", the notes and the sign-off', () => {
    const html = renderReportHtml(model());
    assert.equal(
      visibleText(html),
      [
        'Case report <RGS-1>',
        'Generated 2026-11-21 09:00',
        `Patient PSN-1 & "Ødegård" 'x' Tracer Tc-99m`,
        'T/B per lesion',
        'node 1 3.00 (2.50–4.00) 6.00',
        'node 2 1.50 (1.20–1.80)',
        'Lesions Lesion T/B node 1 3.00 T/B with 95 % CI',
        'Pathology none recorded',
        'Doses Role µSv surgeon 12 scrub nurse 3',
        'Signed off by dr.x',
      ].join(' '),
    );
    // The page's own title (the browser tab, the print header) is the report's title too.
    assert.ok(html.includes('<title>Case report &lt;RGS-1&gt;</title>'));
    // Facts as a definition list, tables with a header row, notes in italics, the sign-off in bold.
    assert.ok(
      html.includes(
        '<dl><dt>Patient</dt><dd>PSN-1 &amp; &quot;Ødegård&quot; &#39;x&#39;</dd><dt>Tracer</dt><dd>Tc-99m</dd></dl>',
      ),
    );
    assert.ok(
      html.includes(
        '<h2>Lesions</h2><table><thead><tr><th>Lesion</th><th>T/B</th></tr></thead><tbody><tr><td>node 1</td><td>3.00</td></tr></tbody></table><p><em>T/B with 95 % CI</em></p>\n',
      ),
    );
    assert.ok(html.includes('<h2>Pathology</h2><p><em>none recorded</em></p>\n<h2>Doses</h2>'));
    assert.ok(
      html.includes(
        '<tbody><tr><td>surgeon</td><td>12</td></tr><tr><td>scrub nurse</td><td>3</td></tr></tbody></table>\n<p><strong>Signed off by dr.x</strong></p>',
      ),
    );
    assert.ok(!html.includes('SYNTHETIC'));
    // A page of its own, in English, in UTF-8, with a print style.
    assert.ok(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'));
    assert.ok(html.includes('@media print{body{margin:0}}'));
    assert.ok(html.endsWith('</body></html>\n'));
  });

  test('escapes each of & < > " \' wherever text goes (title, facts, chart, tables, notes, sign-off)', () => {
    const typed = `a&b<c>d"e'f`;
    const escaped = 'a&amp;b&lt;c&gt;d&quot;e&#39;f';
    const html = renderReportHtml(
      model({
        title: typed,
        subtitle: typed,
        facts: [[typed, typed]],
        tables: [{ title: typed, columns: [typed], rows: [[typed]], note: typed }],
        chart: { title: typed, bars: [{ label: typed, inVivo: { ratio: 3 }, exVivo: null }] },
        signOff: typed,
      }),
    );
    // title ×2 (page title and heading), subtitle, fact label and value, chart title, bar label, table
    // title, column, cell, note, sign-off: 12 places.
    assert.equal(html.split(escaped).length - 1, 12);
    assert.ok(!html.includes(typed));
    assert.equal(visibleText(html).split(typed).length - 1, 11);
  });

  test('marks synthetic cases in a red banner above the title', () => {
    const html = renderReportHtml(model({ synthetic: true }));
    assert.ok(
      html.includes(
        '<p class="synthetic">SYNTHETIC DEMONSTRATION DATA — NOT A PATIENT RECORD</p>\n<h1>Case report &lt;RGS-1&gt;</h1>',
      ),
    );
    assert.ok(html.includes('.synthetic{color:#b00000;'));
  });

  // Bar width = ratio / (1.05 × the largest value drawn: an interval's high end, else the ratio; at least 2).
  const barsOf = (bars: LesionBar[]): string => {
    const html = renderReportHtml(model({ chart: { title: 'T/B', bars } }));
    return html.slice(
      html.indexOf('<div class="chart">'),
      html.indexOf('</div>\n', html.indexOf('<div class="chart">')),
    );
  };
  test('draws each bar to its ratio on a scale to 1.05 × the largest value drawn (worked by hand)', () => {
    // Largest: node 1's ex vivo ratio 6 (no interval) → scale 6.3: 3 → 47.6 %, 6 → 95.2 %, 1.5 → 23.8 %.
    assert.equal(
      barsOf(model().chart.bars),
      '<div class="chart"><div class="row"><div>node 1</div><div>' +
        '<div class="bar in-vivo" style="width:47.6%"><span>3.00 (2.50–4.00)</span></div>' +
        '<div class="bar ex-vivo" style="width:95.2%"><span>6.00</span></div></div></div>' +
        '<div class="row"><div>node 2</div><div>' +
        '<div class="bar ex-vivo" style="width:23.8%"><span>1.50 (1.20–1.80)</span></div></div></div>',
    );
    // Largest: an in vivo interval's high end 7 → 7.35: 3 → 40.8 %, 6 → 81.6 %.
    const inVivoHigh = barsOf([{ label: 'a', inVivo: { ratio: 3, low: 2, high: 7 }, exVivo: { ratio: 6 } }]);
    assert.match(inVivoHigh, /in-vivo" style="width:40\.8%".*ex-vivo" style="width:81\.6%"/);
    // Largest: an ex vivo interval's high end 8 → 8.4: 3 → 35.7 %, 6 → 71.4 %.
    const exVivoHigh = barsOf([{ label: 'a', inVivo: { ratio: 3 }, exVivo: { ratio: 6, low: 5, high: 8 } }]);
    assert.match(exVivoHigh, /in-vivo" style="width:35\.7%".*ex-vivo" style="width:71\.4%"/);
    // Largest: an in vivo ratio 5 without interval → 5.25: 5 → 95.2 %, 1.5 → 28.6 %.
    const inVivoRatio = barsOf([
      { label: 'a', inVivo: { ratio: 5 }, exVivo: { ratio: 1.5, low: 1.2, high: 1.8 } },
    ]);
    assert.match(inVivoRatio, /in-vivo" style="width:95\.2%".*ex-vivo" style="width:28\.6%"/);
    // Everything below 2: the scale stays 2 × 1.05 = 2.1, so 1.2 → 57.1 % (background-like lesions look small).
    assert.match(
      barsOf([{ label: 'a', inVivo: { ratio: 1.2 }, exVivo: null }]),
      /in-vivo" style="width:57\.1%"/,
    );
  });

  test('prints an interval only when both of its ends are known', () => {
    const oneSided = barsOf([
      { label: 'a', inVivo: { ratio: 2, high: 3 }, exVivo: { ratio: 2.5, low: 1.5 } },
    ]);
    // Scale: the high end 3 → 3.15: 2 → 63.5 %, 2.5 → 79.4 %.
    assert.ok(oneSided.includes('style="width:63.5%"><span>2.00</span>'));
    assert.ok(oneSided.includes('style="width:79.4%"><span>2.50</span>'));
  });
});
