import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoopReport } from '../../src/artefacts/loop-report.js';
import { LoopState } from '../../src/artefacts/loop-state.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal, type HealRun } from '../helpers/run-heal.js';
import { userState } from '../helpers/user-state.js';
import { healBranches, parseLoopReport, stagesOf, subjectsAbove } from '../helpers/loop-run.js';

const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

const PYTHON = { HEAL_PYTHON: '/usr/bin/python3' };

function repo(fixture: string): FixtureRepo {
  const created = createFixtureRepo(fixture);
  repos.push(created);
  return created;
}

function loop(fixture: FixtureRepo, args: readonly string[] = [], env: Record<string, string> = {}): { run: HealRun; report: LoopReport } {
  const run = runHeal(['loop', '--json', '--no-wait', ...args], { cwd: fixture.dir, env: { NO_COLOR: '1', ...env } });
  return { run, report: parseLoopReport(run) };
}

function runDir(fixture: FixtureRepo, report: LoopReport): string {
  return join(fixture.dir, '.heal', 'runs', report.run_id);
}

function tripped(report: LoopReport): string[] {
  return report.guards.filter((guard) => guard.tripped).map((guard) => guard.name);
}

describe('heal loop with the builtin engine (no model)', () => {
  it('heals the demo: fixes the bug, adds the missing tests, and leaves both commits on agt/loop/<run-id>', () => {
    const fixture = repo('js-node-test-bug-and-missing-tests');
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const before = userState(fixture);
    const { run, report } = loop(fixture);
    expect(run.code, run.stderr).toBe(0);
    expect(stagesOf(report)).toEqual(['build-1 FAILED', 'fix FIXED', 'build-1 PASSED', expect.stringMatching(/^plan-tests [1-9]\d* target\(s\)$/), 'build-tests precheck PASSED', 'build-2 PASSED']);
    expect(report.stages.every((stage) => stage.attempt === 1 && stage.cycle === 1)).toBe(true);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'green', engine: 'builtin', goal: null, base_sha: base, fixes_applied: 1, merge: 'kept' });
    expect(report.tests_added).toBeGreaterThan(0);
    expect(report.tests.filter((test) => test.status === 'kept')).toHaveLength(report.tests_added);
    expect(report.coverage.before).not.toBeNull();
    expect(report.coverage.after).toBeGreaterThan(report.coverage.before ?? 100);
    expect(report.failures).toEqual([expect.objectContaining({ id: 'test/shipping.test.js::parcelClass > calls parcels of 20 kg and more heavy', fixed_by: expect.stringMatching(/^fault-localised: /) })]);
    expect(tripped(report)).toEqual([]);

    expect(report.branch_name).toBe(`agt/loop/${report.run_id}`);
    expect(healBranches(fixture)).toEqual([report.branch_name]);
    expect(fixture.git('rev-parse', report.branch_name ?? '').trim()).toBe(report.final_commit_sha);
    const subjects = subjectsAbove(fixture, base, report.branch_name ?? '');
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toMatch(/^heal build-tests: /);
    expect(subjects[1]).toMatch(/^heal fix: /);
    expect(fixture.git('show', `${report.branch_name}:src/shipping.js`)).toContain('if (weightKg >= HEAVY_FROM_KG) {');

    const dir = runDir(fixture, report);
    for (const file of ['state.json', 'loop_report.json', 'report.md', 'report.html']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(LoopReport.parse(JSON.parse(readFileSync(join(dir, 'loop_report.json'), 'utf8')))).toEqual(report);
    expect(LoopState.parse(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')))).toMatchObject({ status: 'DONE', next: { kind: 'finish' }, head_sha: report.final_commit_sha });
    expect(fixture.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(userState(fixture)).toBe(before);
  }, 180_000);

  // The fixer's description holds code spans; report.md must not HTML-escape inside them.
  it('report.md quotes the fix\'s code spans as they are', () => {
    const fixture = repo('js-node-test-bug-and-missing-tests');
    const { run, report } = loop(fixture);
    expect(run.code, run.stderr).toBe(0);
    expect(report.failures[0]?.fixed_by).toMatch(/^fault-localised: `>` → `>=` at line 18 in src\/shipping\.js/);
    expect(readFileSync(join(runDir(fixture, report), 'report.md'), 'utf8')).toContain('fixed by fault-localised: `>` → `>=` at line 18 in src/shipping.js');
  }, 180_000);

  it('with --merge fast-forwards main to the loop branch, leaving a clean tree', () => {
    const fixture = repo('js-node-test-zero-deps');
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const before = userState(fixture);
    const { run, report } = loop(fixture, ['--merge']);
    expect(run.code, run.stderr).toBe(0);
    expect(stagesOf(report)).toEqual(['build-1 PASSED', 'plan-tests 1 target(s)', 'build-tests precheck PASSED', 'build-2 PASSED']);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'green', merge: 'merged', branch_name: `agt/loop/${report.run_id}` });
    expect(report.final_commit_sha).not.toBe(base);
    expect(fixture.git('rev-parse', 'main').trim()).toBe(report.final_commit_sha);
    expect(fixture.git('rev-parse', report.branch_name ?? '').trim()).toBe(report.final_commit_sha);
    expect(fixture.git('symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(subjectsAbove(fixture, base, 'main')).toEqual([expect.stringMatching(/^heal build-tests: /)]);
    expect(fixture.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(readFileSync(join(fixture.dir, 'test', 'cart.heal.test.js'), 'utf8')).toContain('applyDiscount');
    expect(userState(fixture)).toBe(before.replace(`refs/heads/main ${base}`, `refs/heads/main ${report.final_commit_sha}`));
    expect(report.notes.join('\n')).toContain(`fast-forwarded main to ${report.final_commit_sha.slice(0, 12)}`);
  }, 180_000);

  it('ends DONE no-tests-needed on a fully covered repository: no build 2, no branch', () => {
    const fixture = repo('py-pytest-fully-covered');
    const before = userState(fixture);
    const { run, report } = loop(fixture, [], PYTHON);
    expect(run.code, run.stderr).toBe(0);
    expect(stagesOf(report)).toEqual(['build-1 PASSED', 'plan-tests 0 target(s)']);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'no-tests-needed', merge: 'none', branch_name: null, tests_added: 0, fixes_applied: 0 });
    expect(report.final_commit_sha).toBe(report.base_sha);
    expect(report.coverage).toMatchObject({ before: 100, after: 100 });
    expect(healBranches(fixture)).toEqual([]);
    expect(userState(fixture)).toBe(before);
  }, 120_000);

  it('ends FAILED unfixed (exit 1) when the builtin fixer cannot repair the bug', () => {
    const fixture = repo('py-pytest-bug-unfixable');
    const before = userState(fixture);
    const { run, report } = loop(fixture, [], PYTHON);
    expect(run.code, run.stderr).toBe(1);
    // The fix made no commit, so there is no new build to fix again: one round, not max_fix_rounds (2).
    expect(stagesOf(report)).toEqual(['build-1 FAILED', 'fix UNFIXED']);
    expect(report).toMatchObject({ status: 'FAILED', stop_reason: 'unfixed', merge: 'none', branch_name: null, fixes_applied: 0, tests_added: 0 });
    expect(report.summary).toMatch(/builtin engine/);
    expect(report.failures.map((failure) => [failure.id, failure.fixed_by])).toEqual([
      ['tests/test_summary.py::test_median_of_an_odd_count_is_the_middle_reading', null],
      ['tests/test_summary.py::test_median_of_an_even_count_averages_the_middle_pair', null],
    ]);
    expect(healBranches(fixture)).toEqual([]);
    expect(userState(fixture)).toBe(before);
  }, 120_000);

  it('ends FAILED regression (exit 1) when build 2 fails only once heal has committed its tests', () => {
    const fixture = repo('js-node-test-commit-message-check');
    // The fixture's suite wants a conventional subject on HEAD, as the user's own commits have.
    fixture.git('commit', '--amend', '--quiet', '--no-verify', '-m', 'feat: read conventional commit subjects');
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const before = userState(fixture);
    const { run, report } = loop(fixture);
    expect(run.code, run.stderr).toBe(1);
    expect(stagesOf(report)).toEqual(['build-1 PASSED', 'plan-tests 1 target(s)', 'build-tests precheck PASSED', 'build-2 FAILED', 'fix UNFIXED']);
    expect(report).toMatchObject({ status: 'FAILED', stop_reason: 'regression', merge: 'kept', branch_name: `agt/loop/${report.run_id}`, fixes_applied: 0 });
    expect(report.tests_added).toBeGreaterThan(0);
    expect(report.failures).toEqual([expect.objectContaining({ id: 'test/commit-message.test.js::the latest commit subject follows Conventional Commits', fixed_by: null })]);
    // The precheck ran the whole suite on the user's commit; only heal's own commit made it red.
    const buildTests = report.stages.find((stage) => stage.stage === 'build-tests');
    const build2 = report.stages.find((stage) => stage.stage === 'build-2');
    expect(build2?.input_commit_sha).toBe(buildTests?.commit_sha);
    expect(subjectsAbove(fixture, base, report.branch_name ?? '')).toEqual([expect.stringMatching(/^heal build-tests: /)]);
    expect(healBranches(fixture)).toEqual([report.branch_name]);
    expect(userState(fixture)).toBe(before);
  }, 180_000);

  it('ends FAILED deadline when --timeout runs out (the hanging build is killed, not retried)', () => {
    const fixture = repo('js-node-test-hanging-test');
    const before = userState(fixture);
    const { run, report } = loop(fixture, ['--timeout', '1']);
    expect(run.code, run.stderr).toBe(1);
    expect(stagesOf(report)).toEqual(['build-1 ERRORED']);
    expect(report.stages[0]?.error).toMatch(/timed out/);
    expect(report).toMatchObject({ status: 'FAILED', stop_reason: 'deadline', merge: 'none' });
    expect(tripped(report)).toEqual(['deadline']);
    expect(report.guards.find((guard) => guard.name === 'deadline')?.detail).toMatch(/\(1 s\)$/);
    expect(userState(fixture)).toBe(before);
  }, 120_000);

  it('heal report <run-id> renders the run again: the same report, rewritten files, the exit code of its status', () => {
    const fixture = repo('py-pytest-bug-unfixable');
    const { report } = loop(fixture, [], PYTHON);
    const dir = runDir(fixture, report);
    for (const file of ['loop_report.json', 'report.md', 'report.html']) rmSync(join(dir, file));
    writeFileSync(join(fixture.dir, '.heal', 'loop_report.json'), '{}');
    const before = userState(fixture);

    const text = runHeal(['report', report.run_id], { cwd: fixture.dir, env: { NO_COLOR: '1' } });
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^heal loop FAILED \(unfixed\) · /);
    expect(text.stdout).toContain('build 1 FAILED → fix UNFIXED');
    for (const file of ['loop_report.json', 'report.md', 'report.html']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(LoopReport.parse(JSON.parse(readFileSync(join(dir, 'loop_report.json'), 'utf8')))).toEqual(report);
    expect(LoopReport.parse(JSON.parse(readFileSync(join(fixture.dir, '.heal', 'loop_report.json'), 'utf8')))).toEqual(report);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(report.run_id);

    const json = runHeal(['report', report.run_id, '--json'], { cwd: fixture.dir, env: { NO_COLOR: '1' } });
    expect(json.code).toBe(1);
    expect(LoopReport.parse(JSON.parse(json.stdout))).toEqual(report);
    expect(userState(fixture)).toBe(before);
  }, 120_000);
});
