import { describe, expect, it } from 'vitest';
import { BuildReport } from '../../../src/artefacts/build-report.js';
import { FixReport } from '../../../src/artefacts/fix-report.js';
import { LoopReport } from '../../../src/artefacts/loop-report.js';
import { renderLoopMetrics, type StageMetrics } from '../../../src/report/loop-metrics.js';
import { renderBuildMetrics, renderFixMetrics } from '../../../src/report/metrics.js';

const BASE = 'a'.repeat(40);
const FIXED = 'f'.repeat(40);
const USAGE = { calls: 3, prompt_tokens: 900, completion_tokens: 100, total_tokens: 1000, cost_usd: 0.02, cost_known: true };

function stageRun(number: number, stage: string, status: string, durationMs: number | null): unknown {
  return {
    number, stage, attempt: 1, cycle: 1, status, outcome: null, summary: `${stage} ran`, input_commit_sha: BASE, commit_sha: null,
    artefact: null, started_at: '2026-03-02T10:00:00.000Z', duration_ms: durationMs, error: null,
  };
}

function loopReport(fields: Record<string, unknown> = {}): LoopReport {
  return LoopReport.parse({
    version: 1, kind: 'loop_report', run_id: 'run-1', status: 'DONE', stop_reason: 'green', summary: 'green', goal: null,
    engine: 'builtin', model: null, base_sha: BASE, final_commit_sha: FIXED, branch_name: 'agt/loop/run-1', merge: 'kept',
    stages: [stageRun(1, 'build-1', 'failed', 12_000), stageRun(2, 'fix', 'succeeded', 30_500), stageRun(3, 'build-1', 'succeeded', 11_000), stageRun(4, 'build-2', 'running', null)],
    coverage: { before: 61.4, after: 70.25, files: [] }, failures: [], tests: [], tests_added: 2, fixes_applied: 1, guards: [],
    usage: USAGE, notes: [], started_at: '2026-03-02T10:00:00.000Z', duration_ms: 95_000,
    ...fields,
  });
}

function buildReport(status: 'PASSED' | 'FAILED', commit: string): BuildReport {
  return BuildReport.parse({
    version: 1, kind: 'build_report', status, reason: status === 'PASSED' ? null : '1 test(s) failed', fail_reason: status === 'PASSED' ? 'none' : 'tests',
    commit_sha: commit, branch_name: null, source: 'commit', is_dirty: false, started_at: '2026-03-02T10:00:00.000Z', duration_ms: 12_000,
    toolchains: [], steps: [], tests: { total: 4, passed: status === 'PASSED' ? 4 : 3, failed: status === 'PASSED' ? 0 : 1, skipped: 0 },
    failed_tests: [], lint_errors: [], type_errors: [], coverage: null, artefact_path: null,
  });
}

const fixReport = FixReport.parse({
  version: 1, kind: 'fix_report', status: 'FIXED', stop_reason: 'green', engine: 'builtin', model: null, source_report: '01-build-1.json',
  base_commit_sha: BASE, commit_sha: FIXED, branch_name: 'agt/fix/run-1-2', applied_to_worktree: false, notes: [],
  failures_before: [{ kind: 'test', id: 't1', message: 'boom' }], failures_after: [],
  iterations: [{
    number: 1, failures_before: [{ kind: 'test', id: 't1', message: 'boom' }], analyses: [], candidates_tried: 2, failures_after: [], duration_ms: 100,
    fixes: ['still-failing', 'applied'].map((result) => ({
      engine: 'builtin', strategy: 'fault-localised', rule: 'off-by-one', description: 'd', targets: ['t1'], diff: '', risk: 'low',
      validation: { ok: true, rule: null, message: null }, result, fixed: result === 'applied' ? ['t1'] : [], new_failures: [], check_report: null, duration_ms: 50,
    })),
  }],
  coverage_before: null, coverage_after: null, diff: '', usage: { ...USAGE, calls: 0 }, duration_ms: 30_500,
});

const HAND_WRITTEN = [
  '# HELP plain_total A metric without labels.',
  '# TYPE plain_total counter',
  'plain_total 7',
  'plain_with_timestamp 3 1700000000000',
  '# just a comment',
  'spaced{path="a b {c}",empty=""} 1.5',
  '',
].join('\n');

const STAGES: StageMetrics[] = [
  { stage: '01-build-1', text: renderBuildMetrics(buildReport('FAILED', BASE)) },
  { stage: '02-fix', text: renderFixMetrics(fixReport) },
  { stage: '03-build-1', text: renderBuildMetrics(buildReport('PASSED', FIXED)) },
  { stage: '04-build-2', text: HAND_WRITTEN },
];

interface Sample { name: string; labels: Array<[string, string]>; value: string }

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"\s*(,|(?=\}))/y;
const VALUE = /^[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|NaN|Inf)$/;

/** Parses one sample line of the Prometheus text format, or throws naming what is wrong. */
function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error(`no metric name: ${line}`);
  let rest = line.slice(name.length);
  const labels: Array<[string, string]> = [];
  if (rest.startsWith('{')) {
    LABEL.lastIndex = 1;
    let match: RegExpExecArray | null;
    let end = 1;
    while ((match = LABEL.exec(rest)) !== null) {
      labels.push([match[1] ?? '', match[2] ?? '']);
      end = LABEL.lastIndex;
    }
    if (rest[end] !== '}') throw new Error(`bad labels: ${line}`);
    rest = rest.slice(end + 1);
  }
  const parts = rest.split(' ');
  if (parts[0] !== '' || parts.length < 2 || parts.length > 3 || !VALUE.test(parts[1] ?? '') || (parts[2] !== undefined && !/^-?\d+$/.test(parts[2]))) {
    throw new Error(`bad value or timestamp: ${line}`);
  }
  return { name, labels, value: parts[1] ?? '' };
}

/** Checks the whole text as Prometheus reads it and returns its samples. */
function parseExposition(text: string): Sample[] {
  expect(text.endsWith('\n')).toBe(true);
  const samples: Sample[] = [];
  const seen = { HELP: new Set<string>(), TYPE: new Set<string>() };
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: string | null = null;
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (comment) {
      const [, kind, name] = comment as unknown as [string, 'HELP' | 'TYPE', string];
      expect(seen[kind].has(name), `second ${kind} for ${name}`).toBe(false);
      expect(samples.some((sample) => sample.name === name), `${kind} for ${name} after its samples`).toBe(false);
      if (kind === 'TYPE') expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(comment[3]);
      seen[kind].add(name);
      continue;
    }
    expect(line, 'an empty line inside the text').not.toBe('');
    if (line.startsWith('#')) continue;
    const sample = parseSample(line);
    const names = sample.labels.map(([label]) => label);
    expect(new Set(names).size, `duplicate label names in ${line}`).toBe(names.length);
    const key = `${sample.name}{${[...sample.labels].sort().map(([label, value]) => `${label}=${value}`).join(',')}}`;
    expect(series.has(key), `duplicate series ${key}`).toBe(false);
    series.add(key);
    if (sample.name !== current) {
      expect(closed.has(sample.name), `samples of ${sample.name} are not together`).toBe(false);
      if (current !== null) closed.add(current);
      current = sample.name;
    }
    samples.push(sample);
  }
  return samples;
}

const sampleLines = (text: string): string[] => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('renderLoopMetrics', () => {
  const text = renderLoopMetrics(loopReport(), STAGES);

  it('writes text Prometheus can read: valid samples, unique label names and series, one family per name together', () => {
    expect(parseExposition(text).length).toBeGreaterThan(20);
  });

  it('labels every sample of every stage text with its stage, keeping its labels, value and timestamp', () => {
    const output = parseExposition(text);
    for (const { stage, text: stageText } of STAGES) {
      for (const line of sampleLines(stageText)) {
        const input = parseSample(line);
        const wanted = { name: input.name, labels: [['stage', stage], ...input.labels], value: input.value };
        expect(output, `${stage}: ${line}`).toContainEqual(wanted);
      }
    }
    expect(text).toContain('plain_total{stage="04-build-2"} 7\n');
    expect(text).toContain('plain_with_timestamp{stage="04-build-2"} 3 1700000000000\n');
    expect(text).toContain('spaced{stage="04-build-2",path="a b {c}",empty=""} 1.5\n');
  });

  it('writes one HELP and one TYPE per metric name, however many stages report it', () => {
    for (const name of ['ci_build_duration_seconds', 'ci_fail_reason', 'af_fixes_total', 'plain_total', 'heal_loop_runs_total']) {
      expect(text.split('\n').filter((line) => line.startsWith(`# HELP ${name} `))).toHaveLength(1);
      expect(text.split('\n').filter((line) => line.startsWith(`# TYPE ${name} `))).toHaveLength(1);
    }
    expect(text).toContain(`ci_build_duration_seconds{stage="01-build-1",commit="${BASE}",status="FAILED"} 12\n`);
    expect(text).toContain(`ci_build_duration_seconds{stage="03-build-1",commit="${FIXED}",status="PASSED"} 12\n`);
  });

  it("holds the loop's own metrics, unlabelled by stage", () => {
    expect(text).toContain('heal_loop_runs_total{run="run-1",status="DONE",reason="green"} 1\n');
    expect(text).toContain('heal_loop_duration_seconds{run="run-1"} 95\n');
    expect(text).toContain('heal_loop_stage_duration_seconds{run="run-1",number="2",stage="fix",status="succeeded"} 30.5\n');
    expect(text).toContain('heal_loop_stage_duration_seconds{run="run-1",number="4",stage="build-2",status="running"} 0\n');
    expect(text).toContain('heal_loop_coverage_line_pct{run="run-1",when="before"} 61.4\n');
    expect(text).toContain('heal_loop_coverage_line_pct{run="run-1",when="after"} 70.25\n');
    expect(text).toContain('heal_loop_tests_added{run="run-1"} 2\n');
    expect(text).toContain('heal_loop_fixes_applied{run="run-1"} 1\n');
    expect(text).toContain('heal_loop_tokens_total{run="run-1"} 1000\n');
  });

  it('writes NaN for unmeasured coverage and a "none" reason for a run still going', () => {
    const running = renderLoopMetrics(loopReport({ status: 'running', stop_reason: null, coverage: { before: null, after: null, files: [] } }), []);
    parseExposition(running);
    expect(running).toContain('heal_loop_runs_total{run="run-1",status="running",reason="none"} 1\n');
    expect(running).toContain('heal_loop_coverage_line_pct{run="run-1",when="before"} NaN\n');
  });
});
