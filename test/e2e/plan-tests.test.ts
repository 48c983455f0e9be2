import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSpec } from '../../src/artefacts/testspec.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal, runHealAsync } from '../helpers/run-heal.js';
import { ScriptedModelServer } from '../helpers/scripted-model-server.js';

const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

/** A fixture repo with a second commit (`edit` then commit), built once with `heal build`. */
function builtRepo(fixture: string, edit: (repo: FixtureRepo) => void): FixtureRepo {
  const repo = createFixtureRepo(fixture);
  repos.push(repo);
  edit(repo);
  repo.git('commit', '--quiet', '--no-verify', '-am', 'second commit');
  const build = runHeal(['build'], { cwd: repo.dir });
  expect(build.code, build.stderr).toBe(0);
  return repo;
}

function replace(repo: FixtureRepo, file: string, from: string, to: string): void {
  const path = join(repo.dir, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

function plan(repo: FixtureRepo, args: string[] = [], env: Record<string, string> = {}) {
  const run = runHeal(['plan-tests', '--json', ...args], { cwd: repo.dir, env });
  expect(run.code, run.stderr).toBe(0);
  const spec = TestSpec.parse(JSON.parse(run.stdout));
  return { spec, run, kinds: (symbol: string) => spec.cases.filter((c) => c.target_symbol === symbol).map((c) => c.kind) };
}

describe('heal plan-tests on ts-vitest-risky-coverage-gaps (formatTime changed in the last commit)', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = builtRepo('ts-vitest-risky-coverage-gaps', (r) => replace(r, 'src/format.ts', 'const separator = ":";', 'const separator = "h";'));
  });

  it('ranks the changed, risky and public targets with the kinds that apply', () => {
    const { spec, kinds } = plan(repo);
    expect(spec.targets.map((t) => t.id)).toEqual([
      'src/format.ts::formatTime',
      'src/report-path.ts::reportPath',
      'src/users.ts::findUser',
      'src/format.ts::formatDate',
      'src/slug.ts::slugify',
    ]);
    expect(spec.targets.map((t) => t.risks)).toEqual([
      ['changed', 'public-api'],
      ['public-api', 'uncovered-error-handling', 'file-path'],
      ['public-api', 'sql'],
      ['public-api'],
      ['public-api'],
    ]);
    expect(kinds('formatTime')).toEqual(['success', 'edge']);
    expect(kinds('reportPath')).toEqual(['success', 'edge', 'failure', 'security']);
    expect(kinds('findUser')).toEqual(['success', 'edge', 'concurrency', 'security']);
    expect(kinds('slugify')).toEqual(['edge']);
    expect(spec.cases.find((c) => c.target_symbol === 'slugify')?.uncovered_lines).toEqual([7]);
    expect(spec.cases.find((c) => c.kind === 'failure')).toMatchObject({ target_path: 'src/report-path.ts', line_range: [4, 10], uncovered_lines: [6, 7] });
    expect(spec.target?.id).toBe('src/format.ts::formatTime');
    expect(spec.parent_commit_sha).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(spec.base_commit_sha).toBe(repo.git('rev-parse', 'HEAD~1').trim());
    // (3+4) + (3+4+4+5) + (3+4+6+5) + (3+4) + 4 steps at 60 tokens a step.
    expect(spec.estimated_tokens).toBe(52 * 60);
    expect(spec.rationale_md).toContain('1. `src/format.ts::formatTime` (high): 0% covered, 5 uncovered lines; changed by this change, public API.');
    expect(TestSpec.parse(JSON.parse(readFileSync(join(repo.dir, '.heal', 'testspec.json'), 'utf8')))).toEqual(spec);
  });

  it('ranks a private helper last and never as public API', () => {
    const { spec } = plan(repo, ['--max-targets', '6']);
    expect(spec.targets.at(-1)).toMatchObject({ id: 'src/slug.ts::collapseDashes', priority: 'low', risks: [] });
  });

  it('lets the plan raise a target it names, and respects --min-coverage', () => {
    writeFileSync(join(repo.dir, 'plan.json'), JSON.stringify({ goal: 'Escape names in findUser', steps: ['use a parameterised query'] }));
    expect(plan(repo, ['--plan', 'plan.json']).spec.targets[0]?.id).toBe('src/users.ts::findUser');
    expect(plan(repo, ['--min-coverage', '70']).spec.targets.map((t) => t.symbol)).not.toContain('slugify');
  });

  it('prints a summary table and writes metrics', () => {
    const run = runHeal(['plan-tests', '--metrics', 'tp.prom'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^heal plan-tests 5 targets, \d+ cases in \d+ ms/);
    expect(run.stdout).toMatch(/1 +src\/format\.ts::formatTime +high +0% +5 +success,edge +changed, public-api/);
    const metrics = readFileSync(join(repo.dir, 'tp.prom'), 'utf8');
    expect(metrics).toContain('tp_specs_total{commit=');
    expect(metrics).toMatch(/testplanner_cases_total\{commit="[0-9a-f]{40}"\} \d+/);
    expect(metrics).toMatch(/tp_latency_ms\{commit="[0-9a-f]{40}"\} \d+/);
  });

  it('lets a scripted model refine the plan, and falls back cleanly on an invalid reply', async () => {
    const refined = {
      cases: [{ target: 'src/users.ts::findUser', name: 'test_find_user_injection', goal: 'Pass a name with a quote and assert the query is parameterised.', kind: 'security' }],
      rationale_md: 'findUser builds SQL from input: test that first.',
    };
    const server = new ScriptedModelServer([
      { reply: JSON.stringify(refined), usage: { prompt_tokens: 700, completion_tokens: 80 } },
      { reply: 'Sure! Here are some tests: none.', usage: { prompt_tokens: 700, completion_tokens: 10 } },
    ]);
    const env = { HEAL_BASE_URL: await server.start(), HEAL_MODEL: 'scripted-planner' };
    try {
      const good = await runHealAsync(['plan-tests', '--json'], { cwd: repo.dir, env });
      expect(good.code, good.stderr).toBe(0);
      const spec = TestSpec.parse(JSON.parse(good.stdout));
      expect(spec).toMatchObject({ engine: 'model', rationale_md: 'findUser builds SQL from input: test that first.\n', estimated_tokens: 5 * 60 });
      expect(spec.cases).toEqual([expect.objectContaining({ target_path: 'src/users.ts', target_symbol: 'findUser', kind: 'security', line_range: [6, 12] })]);
      expect(spec.usage).toMatchObject({ calls: 1, total_tokens: 780 });
      const prompt = JSON.stringify(server.requests[0]?.body);
      expect(prompt).toContain('src/users.ts::findUser');
      expect(prompt).toContain('trust=\\"untrusted-data\\"');
      const bad = await runHealAsync(['plan-tests', '--json'], { cwd: repo.dir, env });
      const fallback = TestSpec.parse(JSON.parse(bad.stdout));
      expect(fallback.engine).toBe('builtin');
      expect(fallback.targets[0]?.id).toBe('src/format.ts::formatTime');
      expect(fallback.notes.join('\n')).toMatch(/model refinement failed \(invalid-reply\).*kept the builtin plan/);
    } finally {
      await server.close();
    }
  });

  it('refuses a red build unless --force, and bad input with a usage error', () => {
    replace(repo, 'test/slug.test.ts', '"hello-world"', '"hello-world!"');
    expect(runHeal(['build'], { cwd: repo.dir }).code).toBe(1);
    const refused = runHeal(['plan-tests'], { cwd: repo.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^heal: the build in .*build_report\.json FAILED \(test step \(vitest\): 1 failing test\(s\)\): plan tests on a green build \(run heal fix first\), or pass --force\n$/);
    const forced = plan(repo, ['--force']);
    expect(forced.spec.notes[0]).toContain('planned on a FAILED build (--force)');
    expect(runHeal(['plan-tests', '--report', 'missing.json'], { cwd: repo.dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('build report not found') });
    expect(runHeal(['plan-tests', '--min-coverage', 'lots'], { cwd: repo.dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('--min-coverage must be a percentage') });
  });
});

describe('heal plan-tests on Python fixtures', () => {
  it('py-pytest-risky-coverage-gaps: the changed function first, the private helper last and not public', () => {
    const repo = builtRepo('py-pytest-risky-coverage-gaps', (r) => replace(r, 'shipping/tracking.py', 'zfill(8)', 'zfill(10)'));
    const { spec, kinds } = plan(repo);
    expect(spec.targets.map((t) => [t.id, t.priority])).toEqual([
      ['shipping/tracking.py::tracking_code', 'high'],
      ['shipping/labels.py::print_label', 'high'],
      ['shipping/rates.py::quote', 'high'],
      ['shipping/tracking.py::tracking_url', 'high'],
      ['shipping/rates.py::_round_up', 'medium'],
    ]);
    expect(spec.targets.find((t) => t.symbol === '_round_up')?.risks).toEqual([]);
    expect(spec.targets.find((t) => t.symbol === 'print_label')?.risks).toEqual(['public-api', 'shell-command']);
    expect(kinds('print_label')).toEqual(['success', 'edge', 'security']);
    expect(kinds('quote')).toEqual(['edge', 'failure']);
    expect(spec.cases.find((c) => c.target_symbol === 'quote' && c.kind === 'failure')?.uncovered_lines).toEqual([9]);
    expect(spec.toolchain).toEqual({ id: 'python', root: '.', test_runner: 'pytest' });
    expect(plan(repo, [], { MIN_LINE_COV: '50' }).spec.targets.map((t) => t.symbol)).not.toContain('quote');
  });

  it('py-pytest-fully-covered: an empty spec whose rationale says so, exit 0', () => {
    const repo = builtRepo('py-pytest-fully-covered', (r) => replace(r, 'README.md', 'one-function', 'single-function'));
    const { spec } = plan(repo);
    expect(spec.cases).toEqual([]);
    expect(spec.target).toBeNull();
    expect(spec.estimated_tokens).toBe(0);
    expect(spec.rationale_md).toMatch(/^Every function is at or above 80% line coverage, so no tests are planned\. Overall line coverage is 100%\./);
  });
});

describe('heal plan-tests on a file no test loads (js-node-test-zero-deps)', () => {
  it('plans for a new module the coverage tool never saw', () => {
    const repo = builtRepo('js-node-test-zero-deps', (r) => {
      writeFileSync(join(r.dir, 'src/tax.js'), 'export function addVat(cents, rate = 0.2) {\n  if (rate < 0) {\n    throw new RangeError("rate must not be negative");\n  }\n  return Math.round(cents * (1 + rate));\n}\n');
      r.git('add', 'src/tax.js');
    });
    const { spec, kinds } = plan(repo);
    const tax = spec.targets.find((t) => t.path === 'src/tax.js');
    expect(tax).toMatchObject({ symbol: 'addVat', measured: false, line_pct: 0, risks: ['changed', 'new-error-path', 'public-api', 'uncovered-error-handling'] });
    expect(spec.targets[0]?.path).toBe('src/tax.js');
    expect(kinds('addVat')).toEqual(['success', 'edge', 'failure']);
  });
});
