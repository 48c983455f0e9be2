import { describe, expect, it } from 'vitest';
import { LoopReport } from '../../../src/artefacts/loop-report.js';
import { escapeHtml } from '../../../src/report/loop-html-parts.js';
import { renderLoopHtml } from '../../../src/report/loop-html.js';

const BASE = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

function stage(number: number, name: string, status: string, startSec: number, durationMs: number | null): unknown {
  return {
    number, stage: name, attempt: 1, cycle: 1, status, outcome: status === 'succeeded' ? 'PASSED' : null, summary: `${name} ran`,
    input_commit_sha: BASE, commit_sha: null, artefact: null, started_at: new Date(T0 + startSec * 1000).toISOString(),
    duration_ms: durationMs, error: null,
  };
}

const FILES = [
  { file: 'src/text.js', before: 40, after: 95.5 },
  { file: 'src/router.js', before: 72.2, after: 88.9 },
  { file: 'src/<img src=x onerror=alert(1)>.js', before: 20, after: 60 },
  { file: 'src/same.js', before: 55, after: 55 },
];

function makeReport(overrides: Record<string, unknown> = {}): LoopReport {
  return LoopReport.parse({
    version: 1, kind: 'loop_report', run_id: 'run-1', status: 'DONE', stop_reason: 'green',
    summary: 'Green <b>now</b> & then', goal: 'Add slugify', engine: 'model', model: 'gpt-test',
    base_sha: BASE, final_commit_sha: 'ffee0011223344556677889900aabbccddeeff00', branch_name: 'agt/loop/run-1', merge: 'merged',
    stages: [stage(1, 'code', 'succeeded', 0, 40_000), stage(2, 'build-1', 'failed', 40, 20_000), stage(3, 'fix', 'succeeded', 60, 80_000), stage(4, 'build-2', 'succeeded', 140, 60_000)],
    coverage: { before: 61.4, after: 78.9, files: FILES },
    failures: [
      { id: 'test/a.test.js > keeps digits', message: 'expected 1 to be 2', fixed_by: 'fault-localised: off-by-one in src/a.js' },
      { id: 'src/b.js:no-undef', message: '<script>alert("x")</script>', fixed_by: null },
    ],
    tests: [
      { file: 'test/t.gen.test.js', name: 'lowercases', target: 'src/text.js#slugify', status: 'kept', reason: 'Covers 6 new lines', failure: null },
      { file: 'test/t.gen.test.js', name: 'leap day', target: null, status: 'dropped-flaky', reason: 'Passed 2 of 3 runs', failure: null },
      { file: 'test/t.gen.test.js', name: 'keeps <script>alert(1)</script> accents', target: 'src/text.js#slugify', status: 'quarantined-bug-revealing', reason: 'Fails every run', failure: "expected 'caf' to be 'cafe'" },
    ],
    tests_added: 1, fixes_applied: 1,
    guards: [{ name: 'coverage-drop', tripped: false, detail: 'rose 17.5 points' }, { name: 'deadline', tripped: true, detail: '30m of 30m used' }],
    usage: { calls: 3, prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234, cost_usd: 0.0123, cost_known: false },
    notes: ['Retried <once>.'],
    started_at: new Date(T0).toISOString(), duration_ms: 200_000,
    ...overrides,
  });
}

interface Bar {
  file: string;
  series: string;
  pct: number;
  width: number;
}

function chartBars(html: string): Bar[] {
  const bars = [...html.matchAll(/<rect class="cov-(?:before|after)" data-file="([^"]*)" data-series="(\w+)" data-pct="([\d.]+)" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)];
  return bars.map(([, file = '', series = '', pct = '', width = '']) => ({ file, series, pct: Number(pct), width: Number(width) }));
}

describe('renderLoopHtml', () => {
  it('is one self-contained HTML5 document with no scripts and no external resources', () => {
    const html = renderLoopHtml(makeReport());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html.match(/https?:\/\/[^"\s]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|<embed|url\(|@import/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(?:src|href)="(?!#)/i);
  });

  it('escapes every piece of report text', () => {
    const html = renderLoopHtml(makeReport());
    expect(html).toContain('keeps &lt;script&gt;alert(1)&lt;/script&gt; accents');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Green &lt;b&gt;now&lt;/b&gt; &amp; then');
    expect(html).toContain('data-file="src/&lt;img src=x onerror=alert(1)&gt;.js"');
    expect(html).toContain('<li>Retried &lt;once&gt;.</li>');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('heads the page with status, stop reason, summary, goal, branch, commits and duration', () => {
    const html = renderLoopHtml(makeReport());
    expect(html).toContain('<span class="badge s-DONE">DONE</span><span class="chip">green</span>');
    expect(html).toContain('<dt>Goal</dt><dd>Add slugify</dd>');
    expect(html).toContain('<code>agt/loop/run-1</code> — merged into your branch');
    expect(html).toContain(`<code>${BASE.slice(0, 12)}</code> → <code>ffee00112233</code>`);
    expect(html).toContain('took 3m 20s');
  });

  it('draws a timeline bar per stage, placed and sized by its time, coloured by status', () => {
    const html = renderLoopHtml(makeReport());
    const bars = [...html.matchAll(/<span class="tl-bar st-(\w+)" style="left:([\d.]+)%;width:([\d.]+)%"/g)].map(([, status, left, width]) => ({ status, left: Number(left), width: Number(width) }));
    expect(bars).toEqual([
      { status: 'succeeded', left: 0, width: 20 },
      { status: 'failed', left: 20, width: 10 },
      { status: 'succeeded', left: 30, width: 40 },
      { status: 'succeeded', left: 70, width: 30 },
    ]);
    expect(html).toContain('<span class="tl-meta">PASSED · 40.0 s</span>');
  });

  it('charts every file as a before and an after bar whose widths are proportional to the percentages', () => {
    const html = renderLoopHtml(makeReport());
    expect(html).toMatch(/<svg id="coverage-chart" role="img" aria-label="Line coverage per file[^"]*total 61.4% before, 78.9% after"/);
    const bars = chartBars(html);
    for (const file of FILES) {
      const name = escapeHtml(file.file);
      expect(bars.filter((bar) => bar.file === name).map((bar) => [bar.series, bar.pct])).toEqual([['before', file.before], ['after', file.after]]);
    }
    expect(bars.filter((bar) => bar.file === 'Total line coverage').map((bar) => bar.pct)).toEqual([61.4, 78.9]);
    const scale = bars.map((bar) => bar.width / bar.pct);
    for (const ratio of scale) expect(ratio).toBeCloseTo(scale[0] ?? 0, 1);
    expect(html).toContain('>before (first green build 1)</text>');
    expect(html).toMatch(/>100%<\/text>/);
  });

  it('orders the chart by gain, and leaves a side undrawn when it was not measured', () => {
    const html = renderLoopHtml(makeReport({ coverage: { before: 50, after: 60, files: [{ file: 'b.js', before: 10, after: 20 }, { file: 'a.js', before: null, after: 90 }, { file: 'c.js', before: 10, after: 70 }] } }));
    expect([...new Set(chartBars(html).map((bar) => bar.file))]).toEqual(['Total line coverage', 'c.js', 'b.js', 'a.js']);
    expect(html).toContain('>not measured</text>');
  });

  it('says coverage was not measured instead of drawing an empty chart', () => {
    const html = renderLoopHtml(makeReport({ coverage: { before: null, after: null, files: [] } }));
    expect(html).not.toContain('<svg');
    expect(html).toContain('Coverage was not measured in this run, so there is no chart.');
  });

  it('lists failures with their fixes', () => {
    const html = renderLoopHtml(makeReport());
    expect(html).toContain('<td><code>test/a.test.js &gt; keeps digits</code></td><td><pre>expected 1 to be 2</pre></td><td><span class="badge t-kept">fixed</span> fault-localised: off-by-one in src/a.js</td>');
    expect(html).toContain('<span class="badge s-FAILED">not fixed</span>');
  });

  it('highlights quarantined bug-revealing tests before the tests table, which lists them first', () => {
    const html = renderLoopHtml(makeReport());
    const bugs = html.indexOf('<section id="possible-bugs" class="bugs">');
    expect(bugs).toBeGreaterThan(0);
    expect(bugs).toBeLessThan(html.indexOf('<section id="tests">'));
    expect(html).toContain("<pre>expected &#39;caf&#39; to be &#39;cafe&#39;</pre>");
    expect(html).toContain('href="#possible-bugs">1 possible bug(s) found</a>');
    const statuses = [...html.matchAll(/<tr><td><span class="badge t-([\w-]+)">/g)].map(([, status]) => status);
    expect(statuses).toEqual(['quarantined-bug-revealing', 'kept', 'dropped-flaky']);
    expect(html).toContain('<span class="chip">kept: <strong>1</strong></span>');
  });

  it('puts tripped guards first and in the header', () => {
    const html = renderLoopHtml(makeReport());
    expect(html).toContain('<p class="alert">Guard <strong>deadline</strong> tripped: 30m of 30m used</p>');
    expect(html.indexOf('<li class="tripped">')).toBeLessThan(html.indexOf('<strong>coverage-drop</strong>'));
  });

  it('shows usage, and leaves the section out when there were no model calls', () => {
    expect(renderLoopHtml(makeReport())).toContain('<dt>Cost</dt><dd>$0.0123 or more (some calls had no known price)</dd>');
    const none = makeReport({ usage: { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true } });
    expect(renderLoopHtml(none)).not.toContain('id="usage"');
  });
});
