import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoopReport } from '../../src/artefacts/loop-report.js';
import { LoopState } from '../../src/artefacts/loop-state.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { HEAL_BIN, runHeal, runHealAsync } from '../helpers/run-heal.js';
import { userState } from '../helpers/user-state.js';

const DEMO = 'js-node-test-bug-and-missing-tests';
const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

function repo(): FixtureRepo {
  const created = createFixtureRepo(DEMO);
  repos.push(created);
  return created;
}

/** Starts heal loop in its own process group, as a terminal would, so the whole tree can be signalled. */
function startLoop(cwd: string, args: string[] = []): { child: ChildProcess; output: { stdout: string; stderr: string }; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [HEAL_BIN, 'loop', '--no-wait', ...args], {
    cwd,
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, output, exit };
}

function runState(dir: string): LoopState | null {
  const runs = join(dir, '.heal', 'runs');
  if (!existsSync(runs)) return null;
  const name = readdirSync(runs).find((entry) => existsSync(join(runs, entry, 'state.json')));
  if (!name) return null;
  try {
    return LoopState.parse(JSON.parse(readFileSync(join(runs, name, 'state.json'), 'utf8')));
  } catch {
    return null;
  }
}

/** Polls until build-tests is running and its worktree exists, then a little longer (its probes are under way). */
async function waitForBuildTests(dir: string): Promise<LoopState> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const state = runState(dir);
    const running = state?.stages.at(-1);
    const worktrees = join(dir, '.heal', 'worktrees');
    if (state && running?.stage === 'build-tests' && running.status === 'running' && existsSync(worktrees) && readdirSync(worktrees).some((name) => name.startsWith('testbuilder-'))) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return state;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('build-tests never started');
}

function healCommits(fixture: FixtureRepo, branch: string, base: string): string[] {
  return fixture.git('log', '--format=%s', `${base}..${branch}`).trim().split('\n').filter(Boolean);
}

describe('heal loop: crash, resume, interrupt and the repository lock', () => {
  it('survives SIGKILL during build-tests: --resume finishes without a duplicate commit and the user state is byte-identical', async () => {
    const fixture = repo();
    const before = userState(fixture);
    const { child, exit } = startLoop(fixture.dir);
    const state = await waitForBuildTests(fixture.dir);
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    expect(await exit).toBe(-1);
    expect(userState(fixture)).toBe(before);

    const resumed = runHeal(['loop', '--resume', state.run_id, '--no-wait', '--json'], { cwd: fixture.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = LoopReport.parse(JSON.parse(resumed.stdout));
    expect(report.status).toBe('DONE');
    expect(report.stages.map((run) => `${run.stage}:${run.status}`)).toEqual([
      'build-1:failed',
      'fix:succeeded',
      'build-1:succeeded',
      'plan-tests:succeeded',
      'build-tests:interrupted',
      'build-tests:succeeded',
      'build-2:succeeded',
    ]);
    const commits = healCommits(fixture, report.branch_name ?? '', report.base_sha);
    expect(commits).toHaveLength(2);
    expect(commits.filter((subject) => subject.startsWith('heal build-tests'))).toHaveLength(1);
    expect(fixture.git('branch', '--list', 'agt/*').trim().split('\n').map((line) => line.trim())).toEqual([report.branch_name]);
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(userState(fixture)).toBe(before);
  }, 240_000);

  it('stops cleanly on SIGINT (exit 130, how to resume or clean up) and --resume completes the run', async () => {
    const fixture = repo();
    const before = userState(fixture);
    const { child, output, exit } = startLoop(fixture.dir);
    const state = await waitForBuildTests(fixture.dir);
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(output.stdout).toContain(`heal loop --resume ${state.run_id}`);
    expect(output.stdout).toContain(`heal clean ${state.run_id}`);
    const saved = runState(fixture.dir);
    expect(saved?.status).toBe('INTERRUPTED');
    expect(saved?.next.kind).toBe('build-tests');
    expect(readdirSync(join(fixture.dir, '.heal', 'worktrees'))).toEqual([]);
    expect(fixture.git('branch', '--list', 'agt/testbuilder/*').trim()).toBe('');
    expect(userState(fixture)).toBe(before);

    const resumed = runHeal(['loop', '--resume', state.run_id, '--no-wait', '--json'], { cwd: fixture.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(LoopReport.parse(JSON.parse(resumed.stdout)).status).toBe('DONE');
    const again = runHeal(['loop', '--resume', state.run_id], { cwd: fixture.dir });
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^heal: run .* already ended DONE \(green\)/)]);
  }, 240_000);

  it('refuses a second run in the same repository at once, naming the holder', async () => {
    const fixture = repo();
    const first = startLoop(fixture.dir);
    const lock = join(fixture.dir, '.git', 'heal.lock');
    const deadline = Date.now() + 30_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await runHealAsync(['loop', '--no-wait'], { cwd: fixture.dir });
    expect(second.code).toBe(5);
    expect(second.stdout).toBe('');
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^heal: another heal run is using this repository: heal loop \\(run [\\w-]+\\), pid ${first.child.pid} `));
    expect(await first.exit).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 240_000);

  it('heal clean throws away an interrupted run: its branches, worktrees and folder', async () => {
    const fixture = repo();
    const before = userState(fixture);
    const { child, exit } = startLoop(fixture.dir);
    const state = await waitForBuildTests(fixture.dir);
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await exit;
    const cleaned = runHeal(['clean', state.run_id], { cwd: fixture.dir });
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).toContain('removed a stale lock');
    expect(cleaned.stdout).toContain(`removed .heal/runs/${state.run_id}`);
    expect(fixture.git('branch', '--list', 'agt/*').trim()).toBe('');
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(existsSync(join(fixture.dir, '.heal', 'runs', state.run_id))).toBe(false);
    expect(userState(fixture)).toBe(before);
  }, 240_000);
});
