import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { parseLoopReport } from '../helpers/loop-run.js';
import { runHeal } from '../helpers/run-heal.js';
import { userState } from '../helpers/user-state.js';

const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

function repo(): FixtureRepo {
  const created = createFixtureRepo('js-node-test-zero-deps');
  repos.push(created);
  return created;
}

describe('heal loop on the command line', () => {
  it.each([
    { args: ['loop', '--resume', 'no-such-run'], error: /^heal: no heal loop run 'no-such-run' in .*: check the id \(ls \.heal\/runs\)$/ },
    { args: ['loop', '--resume', '../escape'], error: /^heal: --resume needs a run id like .*, got '\.\.\/escape'$/ },
    { args: ['loop', 'add a feature', '--resume', 'x'], error: /^heal: --resume continues a run with its own goal/ },
    { args: ['loop', 'add a feature', '--engine', 'builtin'], error: /^heal: a goal needs the model engine/ },
    { args: ['loop', '--timeout', 'soon'], error: /^heal: --timeout must be a whole number above 0, got 'soon'$/ },
    { args: ['clean', 'no-such-run'], error: /^heal: no heal loop run 'no-such-run' in \.heal\/runs/ },
  ])('refuses $args in one line with exit 2, changing nothing', ({ args, error }) => {
    const fixture = repo();
    const before = userState(fixture);
    const run = runHeal(args, { cwd: fixture.dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(error)]);
    expect(userState(fixture)).toBe(before);
    expect(fixture.git('branch', '--list', 'agt/*').trim()).toBe('');
  });

  it('stage commands take the repository lock too: heal build exits 5 naming the live holder', () => {
    const fixture = repo();
    const lock = join(fixture.dir, '.git', 'heal.lock');
    const holder = { pid: process.pid, host: hostname(), command: 'loop', run_id: '20261122-000000-abcd', started_at: '2026-11-22T00:00:00.000Z' };
    writeFileSync(lock, JSON.stringify(holder));
    const run = runHeal(['build'], { cwd: fixture.dir });
    expect(run.code).toBe(5);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^heal: another heal run is using this repository: heal loop \\(run 20261122-000000-abcd\\), pid ${process.pid} `))]);
    expect(existsSync(join(fixture.dir, '.heal', 'build_report.json'))).toBe(false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual(holder);
  });

  it('appends report.md to $GITHUB_STEP_SUMMARY and writes every stage\'s metrics to one --metrics file', () => {
    const fixture = repo();
    const summary = join(fixture.dir, '.git', 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = runHeal(['loop', '--json', '--no-wait', '--metrics', 'out/heal.prom'], { cwd: fixture.dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code, run.stderr).toBe(0);
    const report = parseLoopReport(run);
    const markdown = readFileSync(join(fixture.dir, '.heal', 'runs', report.run_id, 'report.md'), 'utf8');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${markdown}\n`);
    const metrics = readFileSync(join(fixture.dir, 'out', 'heal.prom'), 'utf8');
    expect(metrics).toContain(`heal_loop_runs_total{run="${report.run_id}",status="DONE",reason="green"} 1`);
    for (const stage of ['01-build-1', '02-plan-tests', '03-build-tests', '04-build-2']) expect(metrics).toMatch(new RegExp(`\\{stage="${stage}",`));
    expect(metrics.match(/^# TYPE ci_build_duration_seconds /gm)).toHaveLength(1);
  }, 120_000);
});
