import { describe, expect, it } from 'vitest';
import { LoopReport } from '../../../src/artefacts/loop-report.js';
import { formatDuration, rankCoverageChanges, renderLoopMarkdown } from '../../../src/report/loop-markdown.js';

const BASE = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function stage(number: number, name: string, status: string, outcome: string | null, durationMs: number | null, commit: string | null = null, attempt = 1): unknown {
  return {
    number, stage: name, attempt, cycle: 1, status, outcome, summary: `${name} ran`, input_commit_sha: BASE, commit_sha: commit,
    artefact: null, started_at: '2026-03-02T10:00:00.000Z', duration_ms: durationMs, error: status === 'errored' ? 'model timed out' : null,
  };
}

function makeReport(overrides: Record<string, unknown> = {}): LoopReport {
  return LoopReport.parse({
    version: 1, kind: 'loop_report', run_id: 'run-1', status: 'DONE', stop_reason: 'green',
    summary: 'Green with 2 new tests.', goal: 'Add slugify', engine: 'model', model: 'gpt-test',
    base_sha: BASE, final_commit_sha: 'ffee0011223344556677889900aabbccddeeff00', branch_name: 'agt/loop/run-1', merge: 'kept',
    stages: [
      stage(1, 'code', 'succeeded', 'SUCCESS', 42_000, '1111111111111111111111111111111111111111'),
      stage(2, 'build-1', 'failed', 'FAILED', 18_400),
      stage(3, 'fix', 'errored', null, 900),
      stage(4, 'fix', 'succeeded', 'FIXED', 95_000, '2222222222222222222222222222222222222222', 2),
      stage(5, 'build-2', 'running', null, null),
    ],
    coverage: { before: 61.4, after: 78.93, files: [
      { file: 'src/router.js', before: 72.2, after: 88.9 },
      { file: 'src/same.js', before: 55, after: 55 },
      { file: 'src/text.js', before: 40, after: 95.5 },
      { file: 'src/legacy.js', before: 80, after: 76.5 },
      { file: 'src/new.js', before: null, after: 100 },
    ] },
    failures: [
      { id: 'test/a.test.js > keeps digits', message: "expected 'a-b' to be 'a-1-b'\n  at a.test.js:3", fixed_by: 'fault-localised: regex in src/text.js' },
      { id: 'src/b.js:no-undef', message: 'x is not defined', fixed_by: null },
    ],
    tests: [
      { file: 'test/t.gen.test.js', name: 'lowercases', target: 'src/text.js#slugify', status: 'kept', reason: 'Covers 6 new lines', failure: null },
      { file: 'test/t.gen.test.js', name: 'leap day', target: null, status: 'dropped-no-coverage', reason: 'Covers no new line', failure: null },
      { file: 'test/t.gen.test.js', name: 'keeps <script>alert(1)</script> accents', target: 'src/text.js#slugify', status: 'quarantined-bug-revealing', reason: 'Fails every run', failure: "expected 'caf' to be 'cafe'\n```\nnested fence" },
      { file: 'test/t.gen.test.js', name: 'trims | pipes', target: null, status: 'kept', reason: 'Covers 2 new lines', failure: null },
    ],
    tests_added: 2, fixes_applied: 1,
    guards: [
      { name: 'coverage-drop', tripped: false, detail: 'rose 17.5 points' },
      { name: 'budget', tripped: true, detail: '$1.02 of $1.00 spent' },
    ],
    usage: { calls: 14, prompt_tokens: 58_211, completion_tokens: 9_120, total_tokens: 67_331, cost_usd: 0.0412, cost_known: true },
    notes: ['Retried the fix once.'],
    started_at: '2026-03-02T10:00:00.000Z', duration_ms: 253_000,
    ...overrides,
  });
}

describe('renderLoopMarkdown', () => {
  it('titles the report with status and stop reason, then the summary and the goal', () => {
    const lines = renderLoopMarkdown(makeReport()).split('\n');
    expect(lines[0]).toBe('# heal loop: DONE (green)');
    expect(lines[2]).toBe('Green with 2 new tests.');
    expect(lines).toContain('**Goal:** Add slugify');
  });

  it('writes one stage row per stage run with attempt, outcome, duration and short commit', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).toContain('| 1 | code | 1 | succeeded | SUCCESS | 42.0 s | `111111111111` | code ran |');
    expect(text).toContain('| 3 | fix | 1 | errored | – | 900 ms | – | fix ran (error: model timed out) |');
    expect(text).toContain('| 4 | fix | 2 | succeeded | FIXED | 1m 35s | `222222222222` | fix ran |');
    expect(text).toContain('| 5 | build-2 | 1 | running | – | – | – | build-2 ran |');
  });

  it('shows total coverage and only the changed files, biggest gain first', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).toContain('Line coverage: 61.4% → 78.9% (+17.5 points).');
    expect(text).not.toContain('src/same.js');
    const order = ['src/text.js', 'src/router.js', 'src/legacy.js', 'src/new.js'].map((file) => text.indexOf(`| \`${file}\``));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('| `src/text.js` | 40% | 95.5% | +55.5 |');
    expect(text).toContain('| `src/legacy.js` | 80% | 76.5% | -3.5 |');
    expect(text).toContain('| `src/new.js` | – | 100% | – |');
  });

  it('caps the per-file table at 20 rows and says how many more changed', () => {
    const files = Array.from({ length: 26 }, (_, index) => ({ file: `src/f${index}.js`, before: 10, after: 11 + index }));
    const text = renderLoopMarkdown(makeReport({ coverage: { before: 10, after: 30, files } }));
    expect(text.match(/^\| `src\/f\d+\.js` \|/gm)).toHaveLength(20);
    expect(text).toContain('| `src/f25.js` | 10% | 36% | +26 |');
    expect(text).not.toContain('`src/f0.js`');
    expect(text).toContain('…and 6 more file(s).');
  });

  it('says when coverage was not measured', () => {
    const text = renderLoopMarkdown(makeReport({ coverage: { before: null, after: null, files: [] } }));
    expect(text).toContain('## Coverage\n\nNot measured.');
  });

  it('lists failures with what fixed them', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).toContain("- `test/a.test.js > keeps digits`: expected 'a-b' to be 'a-1-b' — fixed by fault-localised: regex in src/text.js");
    expect(text).toContain('- `src/b.js:no-undef`: x is not defined — **not fixed**');
  });

  it('puts quarantined bug-revealing tests first, their failure in a fence that survives backticks', () => {
    const text = renderLoopMarkdown(makeReport());
    const bugs = text.indexOf('## Possible bugs found');
    expect(bugs).toBeGreaterThan(0);
    expect(bugs).toBeLessThan(text.indexOf('## Generated tests'));
    expect(text).toContain("````text\nexpected 'caf' to be 'cafe'\n```\nnested fence\n````");
    expect(text).toContain('| kept | 2 |\n| dropped-no-coverage | 1 |\n| quarantined-bug-revealing | 1 |');
  });

  it('escapes HTML in names and pipes in table cells', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).not.toContain('<script>');
    expect(text).toContain('### keeps &lt;script&gt;alert(1)&lt;/script&gt; accents');
    expect(text).toContain('| trims \\| pipes |');
  });

  it('shows tripped guards prominently and names the others', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).toContain('> **budget tripped:** $1.02 of $1.00 spent');
    expect(text).toContain('Not tripped: coverage-drop.');
  });

  it('reports model usage, and omits it when there were no calls', () => {
    expect(renderLoopMarkdown(makeReport())).toContain('14 model call(s), 67,331 tokens (58,211 prompt + 9,120 completion), $0.0412.');
    const none = makeReport({ usage: { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true } });
    expect(renderLoopMarkdown(none)).not.toContain('## Model usage');
  });

  it('says what became of the branch, and ends with the notes', () => {
    const text = renderLoopMarkdown(makeReport());
    expect(text).toContain('`agt/loop/run-1` at `ffee00112233`: kept for review, not merged.');
    expect(text.endsWith('## Notes\n\n- Retried the fix once.\n')).toBe(true);
    const nothing = renderLoopMarkdown(makeReport({ branch_name: null, merge: 'none', final_commit_sha: BASE, notes: [] }));
    expect(nothing).toContain('No branch: nothing committed, nothing merged.');
    expect(nothing).toContain(`base \`${BASE.slice(0, 12)}\`, nothing committed`);
    expect(nothing).not.toContain('## Notes');
  });
});

describe('formatDuration', () => {
  it('reads at every scale', () => {
    expect([null, 850, 12_340, 184_000, 3_720_000].map(formatDuration)).toEqual(['–', '850 ms', '12.3 s', '3m 04s', '1h 02m']);
  });
});

describe('rankCoverageChanges', () => {
  it('keeps changed files, biggest gain first, unmeasured sides last', () => {
    const ranked = rankCoverageChanges([
      { file: 'b', before: 10, after: 20 },
      { file: 'same', before: 5, after: 5 },
      { file: 'gone', before: 50, after: null },
      { file: 'a', before: 10, after: 40 },
    ]);
    expect(ranked.map((file) => file.file)).toEqual(['a', 'b', 'gone']);
  });
});
