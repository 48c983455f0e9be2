import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopReport } from '../../../src/artefacts/loop-report.js';
import { renderLoopHtml } from '../../../src/report/loop-html.js';

const chromium = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium')).find((path) => existsSync(path));

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** How Chromium logs a page's console messages, uncaught errors and CSP violations with --enable-logging=stderr. */
const PAGE_CONSOLE_LINE = /:CONSOLE[:(]\d+/;

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const sha = (digit: string): string => digit.repeat(40);

function stage(number: number, name: string, start: number, seconds: number, status: string, outcome: string | null, commit: string | null = null, attempt = 1): unknown {
  return {
    number, stage: name, attempt, cycle: 1, status, outcome, summary: `${name} ${status}`, input_commit_sha: sha('a'), commit_sha: commit,
    artefact: null, started_at: at(start), duration_ms: seconds * 1000, error: status === 'errored' ? 'model request timed out' : null,
  };
}

const FILES = [
  { file: 'src/text.js', before: 40, after: 95.5 },
  { file: 'src/router.js', before: 72.2, after: 88.9 },
  { file: 'src/db/pool/connection-pool.js', before: 30, after: 41.7 },
  { file: 'src/legacy.js', before: 80, after: 76.5 },
  { file: 'src/new-file.js', before: null, after: 100 },
  { file: 'src/util/dates.js', before: 55, after: 55 },
];

const report = LoopReport.parse({
  version: 1, kind: 'loop_report', run_id: '20260302-100000-ab12', status: 'DONE', stop_reason: 'green',
  summary: 'The change builds green with 3 new tests; line coverage 61.4% → 78.9%.', goal: 'Add slugify(title) to src/text.js and use it in the router',
  engine: 'model', model: 'gpt-4.1-mini', base_sha: sha('a'), final_commit_sha: sha('3'), branch_name: 'agt/loop/20260302-100000-ab12', merge: 'kept',
  stages: [
    stage(1, 'code', 0, 42, 'succeeded', 'SUCCESS', sha('1')),
    stage(2, 'build-1', 42, 18, 'failed', 'FAILED'),
    stage(3, 'fix', 61, 7, 'errored', null),
    stage(4, 'fix', 71, 35, 'succeeded', 'FIXED', sha('2'), 2),
    stage(5, 'build-1', 106, 17, 'succeeded', 'PASSED'),
    stage(6, 'plan-tests', 123, 12, 'succeeded', '4 target(s)'),
    stage(7, 'build-tests', 135, 96, 'succeeded', 'SUCCESS', sha('3')),
    stage(8, 'build-2', 231, 21, 'succeeded', 'PASSED'),
  ],
  coverage: { before: 61.4, after: 78.9, files: FILES },
  failures: [
    { id: 'test/text.test.js > slugify > keeps digits', message: "AssertionError: expected 'a-b' to be 'a-1-b'\n    at test/text.test.js:14:22", fixed_by: 'fault-localised: regex dropped digits in src/text.js' },
    { id: 'test/router.test.js > routes <script>alert(1)</script>', message: '<script>document.title = "pwned"</script>', fixed_by: null },
  ],
  tests: [
    { file: 'test/text.gen.test.js', name: 'slugify lowercases and hyphenates', target: 'src/text.js#slugify', status: 'kept', reason: 'Covers 6 new lines', failure: null },
    { file: 'test/router.gen.test.js', name: 'router 404s on an unknown slug', target: 'src/router.js#route', status: 'kept', reason: 'Covers 4 new lines', failure: null },
    { file: 'test/dates.gen.test.js', name: 'parses ISO week dates', target: null, status: 'dropped-flaky', reason: 'Passed 2 of 3 runs', failure: 'Timeout' },
    { file: 'test/text.gen.test.js', name: 'slugify keeps accents <img src=x onerror=alert(1)>', target: 'src/text.js#slugify', status: 'quarantined-bug-revealing', reason: 'Fails on every run', failure: "AssertionError: expected 'caf' to be 'cafe'" },
  ],
  tests_added: 2, fixes_applied: 1,
  guards: [{ name: 'coverage-drop', tripped: false, detail: 'coverage rose 17.5 points' }, { name: 'deadline', tripped: false, detail: '4m 13s of 30m used' }],
  usage: { calls: 14, prompt_tokens: 58_211, completion_tokens: 9_120, total_tokens: 67_331, cost_usd: 0.0412, cost_known: true },
  notes: ['The fix stage errored once and was retried.'],
  started_at: at(0), duration_ms: 253_000,
});

let dir = '';

function runChromium(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(chromium ?? 'chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', '--no-first-run',
    `--user-data-dir=${join(dir, 'profile')}`, '--enable-logging=stderr', '--v=0', ...args,
  ], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 50_000, maxBuffer: 64 * 1024 * 1024 });
  expect(result.error).toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

function screenshot(page: string, png: string): string {
  return runChromium(['--window-size=1200,1600', `--screenshot=${png}`, pathToFileURL(page).href]).stderr;
}

function pageConsoleLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => PAGE_CONSOLE_LINE.test(line));
}

describe.skipIf(!chromium)('heal loop report.html in headless Chromium', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heal-loop-html-'));
    writeFileSync(join(dir, 'report.html'), renderLoopHtml(report));
    writeFileSync(join(dir, 'blank.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>');
    writeFileSync(join(dir, 'broken.html'), '<!DOCTYPE html><html><body><p>x</p><script>console.error("boom"); throw new Error("oops")</script></body></html>');
  });
  // report.html and report.png stay in the temp dir for a look after a failure; only the profile goes.
  afterAll(() => rmSync(join(dir, 'profile'), { recursive: true, force: true }));

  it('renders to a screenshot with far more on it than a blank page', () => {
    const png = join(dir, 'report.png');
    const blank = join(dir, 'blank.png');
    screenshot(join(dir, 'report.html'), png);
    screenshot(join(dir, 'blank.html'), blank);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 1600]);
    expect(statSync(png).size).toBeGreaterThan(statSync(blank).size * 5);
  }, 60_000);

  it('has the coverage chart, its bars for every file, and the escaped text in the rendered DOM', () => {
    const { stdout } = runChromium(['--dump-dom', pathToFileURL(join(dir, 'report.html')).href]);
    expect(stdout).toMatch(/<svg id="coverage-chart" role="img" aria-label="[^"]+"/);
    for (const { file, before, after } of FILES) {
      const series = [before === null ? [] : ['before'], after === null ? [] : ['after']].flat();
      for (const name of series) expect(stdout).toContain(`data-file="${file}" data-series="${name}"`);
    }
    expect(stdout.match(/<span class="tl-bar /g)).toHaveLength(report.stages.length);
    expect(stdout).not.toMatch(/<script|<img/);
    expect(stdout).toContain('slugify keeps accents &lt;img src=x onerror=alert(1)&gt;');
    expect(stdout).toMatch(/<title>heal loop DONE \(green\)/);
  }, 60_000);

  it('loads without a console message, page error or blocked resource', () => {
    const { stderr } = runChromium(['--dump-dom', pathToFileURL(join(dir, 'report.html')).href]);
    expect(pageConsoleLines(stderr)).toEqual([]);
  }, 60_000);

  it('would see a page error (control: the log format is what the check above expects)', () => {
    const { stderr } = runChromium(['--dump-dom', pathToFileURL(join(dir, 'broken.html')).href]);
    const lines = pageConsoleLines(stderr);
    expect(lines.some((line) => line.includes('"boom"'))).toBe(true);
    expect(lines.some((line) => line.includes('Uncaught Error: oops'))).toBe(true);
  }, 60_000);
});
