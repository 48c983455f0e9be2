import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal } from '../helpers/run-heal.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function fixture(name: string, withDeps = true): FixtureRepo {
  const repo = createFixtureRepo(name, { withDeps });
  cleanups.push(repo.cleanup);
  return repo;
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('heal build on bad input', () => {
  it('refuses a directory that is not a git repository (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heal-not-git-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const run = runHeal(['build'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(`heal: not a git repository: ${dir} (run heal inside a git repo, or pass --cwd)`);
    expect(run.stdout).toBe('');
  });

  it('refuses a --cwd that does not exist (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    const run = runHeal(['build', '--cwd', 'no/such/dir'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(`heal: --cwd directory does not exist: ${join(repo.dir, 'no/such/dir')}`);
  });

  it('names the bad field of a malformed .healrc.yaml (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    writeFileSync(join(repo.dir, '.healrc.yaml'), 'build:\n  timeout_sec: soon\n');
    const run = runHeal(['build'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/^heal: .*\.healrc\.yaml: build\.timeout_sec: .*number.*\(see \.healrc\.example\.yaml\)$/);
  });

  it('names an unknown key in .healrc.yaml (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    writeFileSync(join(repo.dir, '.healrc.yaml'), 'build:\n  steps:\n    tests:\n      enabled: false\n');
    const run = runHeal(['build'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/build\.steps\.tests/);
  });

  it('rejects YAML that does not parse (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    writeFileSync(join(repo.dir, '.healrc.yaml'), 'build: [unclosed\n');
    const run = runHeal(['build'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/\.healrc\.yaml: invalid YAML/);
  });

  it('rejects a non-numeric --timeout (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    const run = runHeal(['build', '--timeout', 'ten'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe("heal: --timeout must be a whole number of seconds above 0, got 'ten'");
  });

  it('rejects an unknown --commit ref without touching the repo (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    const run = runHeal(['build', '--commit', 'no-such-branch'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe("heal: unknown commit 'no-such-branch' (check the ref with `git log`)");
  });

  it('ERRORS when a configured tool is not installed, naming what to install (exit 3)', () => {
    const repo = fixture('ts-vitest-green-partial-coverage', false);
    writeFileSync(join(repo.dir, '.healrc.yaml'), 'build:\n  install: never\n');
    const run = runHeal(['build', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('ERRORED');
    expect(report.fail_reason).toBe('tool-missing');
    const test = report.steps.find((step: { kind: string }) => step.kind === 'test');
    expect(test.status).toBe('ERRORED');
    expect(test.message).toMatch(/vitest is not installed/);
  });

  it('kills a hanging test run at the timeout and says which step (exit 3)', () => {
    const repo = fixture('js-node-test-hanging-test');
    const run = runHeal(['build', '--timeout', '5', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('ERRORED');
    expect(report.fail_reason).toBe('timeout');
    expect(report.reason).toBe("test step (node-test) timed out after the build's 5 s limit");
    expect(report.duration_ms).toBeLessThan(60_000);
  });

  it('rejects a corrupt report where one is read (exit 2)', () => {
    const repo = fixture('js-node-test-zero-deps');
    const file = join(repo.dir, 'report.json');
    writeFileSync(file, '{"version": 1, "kind": "build_report", "status": "MAYBE"}');
    const run = runHeal(['report', 'report.json'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/^heal: build report does not match its schema: .*report\.json: status: .*\(regenerate it\)$/);
    writeFileSync(file, '{ not json');
    const notJson = runHeal(['report', 'report.json'], { cwd: repo.dir });
    expect(notJson.code).toBe(2);
    expect(oneLine(notJson.stderr)).toBe(`heal: build report is not valid JSON: ${file} (regenerate it)`);
  });
});

describe('heal fix on bad input', () => {
  function state(repo: FixtureRepo): string {
    return repo.git('status', '--porcelain', '--untracked-files=all') + repo.git('for-each-ref') + repo.git('worktree', 'list');
  }

  it.each([
    [['--max-iterations', '0'], "heal: --max-iterations must be a whole number above 0, got '0'"],
    [['--engine', 'magic'], "heal: --engine must be builtin or model, got 'magic'"],
  ])('refuses fix %j in one line, changing nothing (exit 2)', (flags, message) => {
    const repo = fixture('py-pytest-bug-name-error');
    const before = state(repo);
    const run = runHeal(['fix', ...flags], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(message);
    expect(state(repo)).toBe(before);
  });

  it('refuses a missing --report and asks for a model only when --engine model says so (exit 2)', () => {
    const repo = fixture('py-pytest-bug-name-error');
    const before = state(repo);
    const missing = runHeal(['fix', '--report', 'nope.json'], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(oneLine(missing.stderr)).toContain('nope.json');
    const noModel = runHeal(['fix', '--engine', 'model'], { cwd: repo.dir });
    expect(noModel.code).toBe(2);
    expect(oneLine(noModel.stderr)).toMatch(/model/);
    expect(state(repo)).toBe(before);
  });
});

describe('heal build-tests on bad input', () => {
  function state(repo: FixtureRepo): string {
    return repo.git('status', '--porcelain', '--untracked-files=all') + repo.git('for-each-ref') + repo.git('worktree', 'list');
  }

  /** A testspec for the repo's HEAD, written outside the repository so the tree stays clean. */
  function writeSpec(repo: FixtureRepo, overrides: Record<string, unknown> = {}): string {
    const spec = {
      version: 1, kind: 'testspec', id: 'tp-bad-input', parent_commit_sha: repo.git('rev-parse', 'HEAD').trim(), base_commit_sha: null, engine: 'builtin',
      toolchain: { id: 'python', root: '.', test_runner: 'pytest' }, cases: [], target: null, targets: [], min_line_coverage: 80, rationale_md: '', estimated_tokens: 0, notes: [], usage: null,
      ...overrides,
    };
    const file = join(mkdtempSync(join(tmpdir(), 'heal-spec-')), 'testspec.json');
    writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  it.each([
    [['--attempts', '0'], "heal: --attempts must be a whole number above 0, got '0'"],
    [['--engine', 'magic'], "heal: --engine must be builtin or model, got 'magic'"],
  ])('refuses build-tests %j in one line, changing nothing (exit 2)', (flags, message) => {
    const repo = fixture('py-pytest-risky-coverage-gaps');
    const before = state(repo);
    const run = runHeal(['build-tests', '--spec', writeSpec(repo), ...flags], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(message);
    expect(state(repo)).toBe(before);
  });

  it('refuses a missing spec, an unknown commit, an existing branch and an unsupported runner in one line each (exit 2)', () => {
    const repo = fixture('py-pytest-risky-coverage-gaps');
    const before = state(repo);
    const missing = runHeal(['build-tests'], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(oneLine(missing.stderr)).toMatch(/testspec not found: .*testspec\.json \(run the stage that writes it/);
    const unknown = runHeal(['build-tests', '--spec', writeSpec(repo, { parent_commit_sha: 'f'.repeat(40) })], { cwd: repo.dir });
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown.stderr)).toBe('heal: the testspec was planned on commit ffffffffffff, which this repository does not have: run heal plan-tests here');
    const mocha = runHeal(['build-tests', '--spec', writeSpec(repo, { toolchain: { id: 'node', root: '.', test_runner: 'ava' } })], { cwd: repo.dir });
    expect(mocha.code).toBe(2);
    expect(oneLine(mocha.stderr)).toMatch(/cannot write tests for the test runner 'ava'/);
    const noModel = runHeal(['build-tests', '--spec', writeSpec(repo), '--engine', 'model'], { cwd: repo.dir });
    expect(noModel.code).toBe(2);
    expect(oneLine(noModel.stderr)).toMatch(/model/);
    expect(state(repo)).toBe(before);
    repo.git('branch', 'agt/testbuilder/tp-bad-input');
    const withBranch = state(repo);
    const taken = runHeal(['build-tests', '--spec', writeSpec(repo)], { cwd: repo.dir });
    expect(taken.code).toBe(2);
    expect(oneLine(taken.stderr)).toBe('heal: branch agt/testbuilder/tp-bad-input already exists: delete it (git branch -D agt/testbuilder/tp-bad-input) or plan again for a new spec id');
    expect(state(repo)).toBe(withBranch);
  });
});
