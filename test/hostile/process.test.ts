import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LoopReport } from '../../src/artefacts/loop-report.js';
import { LoopState } from '../../src/artefacts/loop-state.js';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { ADD_PERCENT, PERCENT_PLAN, PERCENT_TESTS } from '../helpers/fixture-patches.js';
import { healBranches, parseLoopReport, subjectsAbove } from '../helpers/loop-run.js';
import { snapshotUserState, survivingProcesses, type NothingLostOracle } from '../helpers/nothing-lost.js';
import { HEAL_BIN, runHealAsync, type HealRun } from '../helpers/run-heal.js';
import type { ScriptedModelServer, ScriptStep, SeenRequest } from '../helpers/scripted-model-server.js';
import { dirtyUserTree, serveScript, SMALL_FIXTURE, useCleanup } from './hostile-run.js';

// Process-level hostility: heal's whole process group killed at each phase of a loop, Ctrl-C, two
// runs at once, a dirty checkout, and branch names that are already taken. Every case records the
// user's state first (a modified tracked file, an untracked file, a stash entry) and checks it with
// the shared oracle at the end.

const DEMO = 'js-node-test-bug-and-missing-tests';
const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

const cleanup = useCleanup();

/** A committed test that takes `ms` to pass, so every build's test step lasts long enough to be hit. */
function commitSlowTest(fixture: FixtureRepo, ms = 2000): void {
  const source = ['import { it } from "node:test";', '', 'it("waits for the courier service", async () => {', `  await new Promise((resolve) => setTimeout(resolve, ${ms}));`, '});', ''];
  writeFileSync(join(fixture.dir, 'test', 'slow.test.js'), source.join('\n'));
  fixture.git('add', 'test/slow.test.js');
  fixture.git('commit', '--quiet', '--no-verify', '-m', 'test: wait for the courier service');
}

interface LoopChild {
  pid: number;
  output: { stdout: string; stderr: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited: boolean;
}

/** Starts `heal loop` in its own process group, as a shell would, so the whole group can be signalled. */
function startLoop(fixture: FixtureRepo, args: readonly string[], env: Record<string, string>): LoopChild {
  const child = spawn(process.execPath, [HEAL_BIN, 'loop', '--no-wait', ...args], {
    cwd: fixture.dir,
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
  });
  if (child.pid === undefined) throw new Error('heal loop did not start');
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const started: LoopChild = {
    pid: child.pid,
    output,
    hasExited: false,
    exit: new Promise((resolve) =>
      child.on('close', (code, signal) => {
        started.hasExited = true;
        resolve({ code, signal });
      }),
    ),
  };
  // A case that failed half-way must not leave its heal running: end the group after the case.
  cleanup.afterCase(() => {
    if (!started.hasExited) killGroup(started, 'SIGKILL');
  });
  return started;
}

function killGroup(child: LoopChild, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** A heal command that must end at once: it fails if it is still running after a generous 60 s. */
function runHealAtOnce(fixture: FixtureRepo, args: readonly string[], env: Record<string, string>): HealRun {
  const result = spawnSync(process.execPath, [HEAL_BIN, ...args], {
    cwd: fixture.dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
    timeout: 60_000,
  });
  expect(result.signal, `heal ${args.join(' ')} did not end within 60 s`).toBeNull();
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The run folder's state.json (the one run in this repository), or null before it is written. */
function readRunState(fixture: FixtureRepo): LoopState | null {
  const runs = join(fixture.dir, '.heal', 'runs');
  if (!existsSync(runs)) return null;
  const name = readdirSync(runs).find((entry) => RUN_ID.test(entry) && existsSync(join(runs, entry, 'state.json')));
  if (!name) return null;
  try {
    return LoopState.parse(JSON.parse(readFileSync(join(runs, name, 'state.json'), 'utf8')));
  } catch {
    // Read between the temporary file and its rename, or before it was whole: try again.
    return null;
  }
}

function runningStage(fixture: FixtureRepo): string | null {
  const last = readRunState(fixture)?.stages.at(-1);
  return last?.status === 'running' ? last.stage : null;
}

function healWorktrees(fixture: FixtureRepo): string[] {
  const dir = join(fixture.dir, '.heal', 'worktrees');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Polls `found` (every `everyMs`, or flat out when 0) until it returns a value; fails if heal ended first. */
async function waitFor<T>(child: LoopChild, what: string, found: () => T | null, everyMs = 10): Promise<T> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const slice = Date.now() + 25;
    do {
      const value = found();
      if (value !== null) return value;
    } while (everyMs === 0 && Date.now() < slice);
    if (child.hasExited) throw new Error(`heal loop ended before ${what}:\n${child.output.stdout}\n${child.output.stderr}`);
    await (everyMs === 0 ? new Promise((resolve) => setImmediate(resolve)) : sleep(everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** SIGKILL to heal's whole process group; then what of the run is still alive (nothing should be). */
async function killWholeGroup(child: LoopChild, fixture: FixtureRepo, oracle: NothingLostOracle): Promise<string[]> {
  killGroup(child, 'SIGKILL');
  expect(await child.exit).toEqual({ code: null, signal: 'SIGKILL' });
  await sleep(300);
  return survivingProcesses(`HEAL_ORACLE_TAG=${oracle.env.HEAL_ORACLE_TAG}`, fixture.dir);
}

/** Right after a kill, before any clean-up: the user's state is already whole (only heal's own leftovers may remain). */
function expectUserStateKept(fixture: FixtureRepo, oracle: NothingLostOracle): void {
  expect(snapshotUserState(fixture, oracle.sentinel)).toEqual(oracle.before);
  expect(existsSync(join(fixture.dir, '.git', 'index.lock'))).toBe(false);
}

async function resume(fixture: FixtureRepo, runId: string, env: Record<string, string>): Promise<LoopReport> {
  const run = await runHealAsync(['loop', '--resume', runId, '--no-wait', '--json'], { cwd: fixture.dir, env });
  const report = parseLoopReport(run);
  expect(run.code, `${report.status} (${report.stop_reason}): ${report.summary}\n${JSON.stringify(report.stages.map((stage) => [stage.stage, stage.status, stage.summary]))}\n${run.stderr}`).toBe(0);
  return report;
}

/** The stages that ran to an end (a stage cut off by the kill shows once as interrupted, or not at all). */
function finishedStages(report: LoopReport): string[] {
  expect(report.stages.filter((run) => run.status === 'interrupted').length).toBeLessThanOrEqual(1);
  return report.stages.filter((run) => run.status !== 'interrupted').map((run) => `${run.stage} ${run.outcome ?? run.status}`);
}

/** The run ended DONE with one commit per committing stage on its branch, no other heal branch, one worktree. */
function expectOneCommitPerStage(fixture: FixtureRepo, report: LoopReport, subjects: readonly RegExp[]): void {
  expect(report).toMatchObject({ status: 'DONE', stop_reason: 'green', merge: 'kept', branch_name: `agt/loop/${report.run_id}` });
  expect(subjectsAbove(fixture, report.base_sha, report.branch_name ?? '')).toEqual(subjects.map((subject) => expect.stringMatching(subject)));
  expect(healBranches(fixture)).toEqual([report.branch_name]);
  expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
}

const DEMO_STAGES = ['build-1 FAILED', 'fix FIXED', 'build-1 PASSED', expect.stringMatching(/^plan-tests [1-9]\d* target\(s\)$/), 'build-tests precheck PASSED', 'build-2 PASSED'];
const DEMO_SUBJECTS = [/^heal build-tests: /, /^heal fix: /];

// The model engine: a goal, answered by a scripted OpenAI-compatible server.

const GOAL = 'Add formatPercent to src/format.js';

const codeReply = (): ScriptStep => ({ reply: JSON.stringify({ reasoning: 'Adds the helper.', diff: ADD_PERCENT }), usage: { prompt_tokens: 900, completion_tokens: 120 } });
const planReply = (): ScriptStep => ({ reply: PERCENT_PLAN, usage: { prompt_tokens: 900, completion_tokens: 120 } });
const testsReply = (): ScriptStep => ({ reply: JSON.stringify({ reasoning: 'One test per case.', diff: PERCENT_TESTS }), usage: { prompt_tokens: 900, completion_tokens: 120 } });

const MODEL_STAGES = ['code SUCCESS', 'build-1 PASSED', 'plan-tests 2 target(s)', 'build-tests precheck PASSED', 'build-2 PASSED'];

const ChatBody = z.object({ messages: z.array(z.object({ role: z.string(), content: z.string() })) });

/** Which stage sent a request, told from its prompt. */
function purposeOf(request: SeenRequest): string {
  const body = ChatBody.safeParse(request.body);
  const [system, user] = body.success ? body.data.messages.map((message) => message.content) : [];
  if (system?.startsWith('You plan unit tests.')) return 'plan-tests';
  if (user?.startsWith('Task code-')) return 'code';
  if (user?.startsWith('Write unit tests for the existing code')) return 'build-tests';
  return 'unknown';
}

/** The first loose ref under refs/heads/agt/ that no longer points at `base`, by its branch name. */
function firstRefPast(dir: string, base: string): string | null {
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.lock')) continue;
      const path = join(entry.parentPath, entry.name);
      const sha = readFileSync(path, 'utf8').trim();
      if (/^[0-9a-f]{40}$/.test(sha) && sha !== base) return `agt/${path.slice(dir.length + 1)}`;
    }
  } catch {
    // A ref or folder vanished while being read.
  }
  return null;
}

/** A small repo with a slow test and the user's unfinished work, its oracle, and a scripted model holding the code stage's reply. */
async function modelCase(): Promise<{ fixture: FixtureRepo; oracle: NothingLostOracle; server: ScriptedModelServer; env: Record<string, string> }> {
  const fixture = cleanup.repo(SMALL_FIXTURE);
  commitSlowTest(fixture);
  dirtyUserTree(fixture);
  const oracle = cleanup.record(fixture);
  const { server, env } = await serveScript(cleanup, [codeReply()], 'scripted-loop');
  return { fixture, oracle, server, env: { ...oracle.env, ...env } };
}

/**
 * After the kill: script the rest of the run from where the state says it stopped (the code stage
 * again, unless it was saved as done), resume, and check the run and the oracle.
 */
async function resumeModelRun(fixture: FixtureRepo, oracle: NothingLostOracle, server: ScriptedModelServer, env: Record<string, string>, runId: string): Promise<void> {
  const saved = readRunState(fixture);
  const isCodeDone = saved?.stages.some((run) => run.stage === 'code' && run.status === 'succeeded') ?? false;
  server.push(...(isCodeDone ? [] : [codeReply()]), planReply(), testsReply());
  const report = await resume(fixture, runId, env);
  expect(finishedStages(report)).toEqual(MODEL_STAGES);
  expect(server.requests.map(purposeOf)).toEqual(isCodeDone ? ['code', 'plan-tests', 'build-tests'] : ['code', 'code', 'plan-tests', 'build-tests']);
  expectOneCommitPerStage(fixture, report, [/^heal build-tests: /, new RegExp(`^feat\\(code-${runId}-\\d+\\): ${GOAL}$`)]);
  expect(fixture.git('show', `${report.branch_name}:src/format.js`)).toContain('export function formatPercent(ratio)');
  oracle.assertNothingLost();
}

describe('heal loop killed with SIGKILL (its whole process group) at each phase, then resumed', () => {
  it('right after the model answered the code stage: --resume ends DONE, one commit per stage, nothing lost', async () => {
    const { fixture, oracle, server, env } = await modelCase();
    const child = startLoop(fixture, [GOAL, '--json'], env);
    await waitFor(child, 'the code stage asked the model', () => (server.requests.length > 0 ? true : null), 0);
    await sleep(30);
    const runId = readRunState(fixture)?.run_id ?? '';
    expect(runId).toMatch(RUN_ID);
    const survivors = await killWholeGroup(child, fixture, oracle);
    expectUserStateKept(fixture, oracle);
    await resumeModelRun(fixture, oracle, server, env, runId);
    expect(survivors, 'processes of the run outlived the SIGKILL of its group').toEqual([]);
  }, 300_000);

  it('mid-apply (the code stage running, its agt/ worktree holding the patch): --resume ends DONE, one commit per stage, nothing lost', async () => {
    const { fixture, oracle, server, env } = await modelCase();
    const child = startLoop(fixture, [GOAL, '--json'], env);
    const runId = await waitFor(child, 'the patch written in the code worktree', () => {
      if (runningStage(fixture) !== 'code') return null;
      const worktree = healWorktrees(fixture).find((name) => name.startsWith('code-'));
      const file = worktree ? join(fixture.dir, '.heal', 'worktrees', worktree, 'src', 'format.js') : null;
      const isPatched = file !== null && existsSync(file) && readFileSync(file, 'utf8').includes('formatPercent');
      return isPatched ? (readRunState(fixture)?.run_id ?? null) : null;
    });
    expect(fixture.git('branch', '--list', 'agt/code-*', '--format=%(refname:short)').trim()).toBe(`agt/code-${runId}-1`);
    const survivors = await killWholeGroup(child, fixture, oracle);
    expectUserStateKept(fixture, oracle);
    await resumeModelRun(fixture, oracle, server, env, runId);
    expect(survivors, 'processes of the run outlived the SIGKILL of its group').toEqual([]);
  }, 300_000);

  it("mid-test (build 1's test step running): --resume ends DONE, one commit per stage, nothing lost", async () => {
    const fixture = cleanup.repo(DEMO);
    commitSlowTest(fixture);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const child = startLoop(fixture, ['--json'], oracle.env);
    const builds = join(fixture.dir, '.heal', 'builds');
    await waitFor(child, "build 1's test step", () => {
      if (runningStage(fixture) !== 'build-1' || !existsSync(builds)) return null;
      return readdirSync(builds, { recursive: true }).some((name) => /\d+-test-[\w-]+\.log$/.test(String(name))) ? true : null;
    });
    // The slow test is sleeping now.
    await sleep(500);
    const runId = readRunState(fixture)?.run_id ?? '';
    // The unsandboxed test runner has its own process group (so that heal's timeouts can kill its
    // whole tree), so it outlives a SIGKILL of heal's group; the resume reaps it before it removes
    // the worktree, and the oracle below finds no process of the run.
    const survivors = await killWholeGroup(child, fixture, oracle);
    expect(survivors.every((line) => /slow\.test|--test/.test(line)), survivors.join('\n')).toBe(true);
    expectUserStateKept(fixture, oracle);
    const report = await resume(fixture, runId, oracle.env);
    expect(report.stages[0]).toMatchObject({ stage: 'build-1', status: 'interrupted' });
    expect(finishedStages(report)).toEqual(DEMO_STAGES);
    expectOneCommitPerStage(fixture, report, DEMO_SUBJECTS);
    oracle.assertNothingLost();
  }, 300_000);

  // Best-effort timing: the kill lands as soon as a heal branch points past the base (a commit
  // made), which is before the stage could record it. Wherever it lands, the resume must end DONE
  // with each stage's commit once.
  it('mid-commit (a heal commit just made on its stage branch): --resume ends DONE without a duplicate commit, nothing lost', async () => {
    const fixture = cleanup.repo(DEMO);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const refs = join(fixture.dir, '.git', 'refs', 'heads', 'agt');
    const child = startLoop(fixture, ['--json'], oracle.env);
    const moved = await waitFor(child, 'a heal commit', () => firstRefPast(refs, base), 0);
    killGroup(child, 'SIGKILL');
    const runId = readRunState(fixture)?.run_id ?? '';
    expect(moved).toMatch(/^agt\/fix\//);
    const survivors = await killWholeGroup(child, fixture, oracle);
    expectUserStateKept(fixture, oracle);
    const report = await resume(fixture, runId, oracle.env);
    expect(finishedStages(report)).toEqual(DEMO_STAGES);
    expectOneCommitPerStage(fixture, report, DEMO_SUBJECTS);
    oracle.assertNothingLost();
    expect(survivors, 'processes of the run outlived the SIGKILL of its group').toEqual([]);
  }, 300_000);
});

describe('heal loop interrupted, doubled, or run on a dirty checkout', () => {
  it('SIGINT to the group mid-run: exit 130, one line with the resume and clean hints, nothing lost; --resume ends DONE', async () => {
    const fixture = cleanup.repo(DEMO);
    commitSlowTest(fixture);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const child = startLoop(fixture, [], oracle.env);
    const builds = join(fixture.dir, '.heal', 'builds');
    await waitFor(child, "build 1's test step", () => {
      if (runningStage(fixture) !== 'build-1' || !existsSync(builds)) return null;
      return readdirSync(builds, { recursive: true }).some((name) => /\d+-test-[\w-]+\.log$/.test(String(name))) ? true : null;
    });
    await sleep(500);
    killGroup(child, 'SIGINT');
    expect(await child.exit).toEqual({ code: 130, signal: null });
    const state = readRunState(fixture);
    const runId = state?.run_id ?? '';
    expect(state).toMatchObject({ status: 'INTERRUPTED', stop_reason: 'interrupted' });
    const hints = child.output.stdout.split('\n').filter((line) => line.includes(`heal loop --resume ${runId}`) || line.includes(`heal clean ${runId}`));
    expect(hints).toEqual([`Resume with: heal loop --resume ${runId}   ·   or throw the run away with: heal clean ${runId}`]);
    expect(healWorktrees(fixture)).toEqual([]);
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    oracle.assertNothingLost();

    const report = await resume(fixture, runId, oracle.env);
    expect(finishedStages(report)).toEqual(DEMO_STAGES);
    expectOneCommitPerStage(fixture, report, DEMO_SUBJECTS);
    oracle.assertNothingLost();
  }, 300_000);

  it("a second run while the first holds the lock: exit 5 at once, one line naming the first's pid; the first ends DONE; nothing lost", async () => {
    const fixture = cleanup.repo(DEMO);
    commitSlowTest(fixture);
    dirtyUserTree(fixture);
    const firstOracle = cleanup.record(fixture);
    const secondOracle = cleanup.record(fixture);
    const first = startLoop(fixture, ['--json'], firstOracle.env);
    await waitFor(first, 'the lock', () => (existsSync(join(fixture.dir, '.git', 'heal.lock')) && runningStage(fixture) !== null ? true : null));
    const second = runHealAtOnce(fixture, ['loop', '--no-wait'], secondOracle.env);
    expect(second.code).toBe(5);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^heal: another heal run is using this repository: heal loop \\(run [\\w-]+\\), pid ${first.pid} `))]);

    const end = await first.exit;
    expect(end, first.output.stderr).toEqual({ code: 0, signal: null });
    const report = parseLoopReport({ code: end.code, stdout: first.output.stdout, stderr: first.output.stderr });
    expect(report.status).toBe('DONE');
    // Only the first run has a run folder: the second stopped before doing anything.
    expect(readdirSync(join(fixture.dir, '.heal', 'runs')).filter((name) => RUN_ID.test(name))).toEqual([report.run_id]);
    expect(healBranches(fixture)).toEqual([report.branch_name]);
    expect(existsSync(join(fixture.dir, '.git', 'heal.lock'))).toBe(false);
    secondOracle.assertNothingLost();
    firstOracle.assertNothingLost();
  }, 300_000);

  it('a dirty tree (a staged change, modified and untracked files, a stash): heal loop heals HEAD, ends DONE, and leaves index and files alone', async () => {
    const fixture = cleanup.repo(DEMO);
    const head = fixture.git('rev-parse', 'HEAD').trim();
    dirtyUserTree(fixture);
    // A staged change to the very file heal's fix will touch, and a file staged then edited again.
    appendFileSync(join(fixture.dir, 'src', 'shipping.js'), '\n// staged by the user: keep out of heal\n');
    appendFileSync(join(fixture.dir, 'src', 'index.js'), '\n// staged\n');
    fixture.git('add', 'src/shipping.js', 'src/index.js');
    appendFileSync(join(fixture.dir, 'src', 'index.js'), '// and edited again\n');
    writeFileSync(join(fixture.dir, 'scratch.js'), 'console.log("untracked scratch");\n');
    const staged = createHash('sha256').update(fixture.git('diff', '--cached', '--binary')).digest('hex');
    const oracle = cleanup.record(fixture);
    expect(oracle.before.status).toContain('M  src/shipping.js');
    expect(oracle.before.status).toContain('MM src/index.js');

    const run = await runHealAsync(['loop', '--no-wait', '--json'], { cwd: fixture.dir, env: oracle.env });
    const report = parseLoopReport(run);
    expect(run.code, run.stderr).toBe(0);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'green', base_sha: head });
    expect(report.notes).toContain('the working tree has uncommitted changes: heal works on the HEAD commit, without them');
    expect(finishedStages(report)).toEqual(DEMO_STAGES);
    const branch = report.branch_name ?? '';
    expect(fixture.git('show', `${branch}:src/shipping.js`)).not.toContain('staged by the user');
    expect(fixture.git('show', `${branch}:src/index.js`)).not.toContain('staged');
    const committed = fixture.git('ls-tree', '-r', '--name-only', branch).split('\n');
    expect(committed).not.toContain('scratch.js');
    expect(committed).not.toContain('notes/todo.txt');
    expect(createHash('sha256').update(fixture.git('diff', '--cached', '--binary')).digest('hex')).toBe(staged);
    expect(fixture.git('rev-parse', 'HEAD').trim()).toBe(head);
    oracle.assertNothingLost();
  }, 300_000);
});

describe('branch names that are already taken', () => {
  /** A user branch `name` holding a commit of its own, not on main. */
  function userBranch(fixture: FixtureRepo, name: string): string {
    fixture.git('switch', '--quiet', '-c', name);
    writeFileSync(join(fixture.dir, 'WIP.md'), 'work in progress on a branch of its own\n');
    fixture.git('add', 'WIP.md');
    fixture.git('commit', '--quiet', '--no-verify', '-m', 'wip: my own work');
    const sha = fixture.git('rev-parse', 'HEAD').trim();
    fixture.git('switch', '--quiet', 'main');
    return sha;
  }

  function taskFiles(fixture: FixtureRepo): void {
    writeFileSync(join(fixture.dir, 'task.json'), `${JSON.stringify({ id: 'cart-42', goal: 'Add formatPercent' })}\n`);
    writeFileSync(join(fixture.dir, 'change.diff'), ADD_PERCENT);
  }

  it('heal code refuses an existing agt/<task id> in one line, exit 2, and never moves it', () => {
    const fixture = cleanup.repo(SMALL_FIXTURE);
    const sha = userBranch(fixture, 'agt/cart-42');
    taskFiles(fixture);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const run = runHealAtOnce(fixture, ['code', '--patch', 'change.diff', '--task', 'task.json'], oracle.env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual(['heal: branch agt/cart-42 already exists: delete it (git branch -D agt/cart-42) or use another task id']);
    // The oracle ignores agt/ refs: the user's branch is checked here.
    expect(fixture.git('rev-parse', 'refs/heads/agt/cart-42').trim()).toBe(sha);
    expect(healBranches(fixture)).toEqual(['agt/cart-42']);
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    oracle.assertNothingLost();
  }, 120_000);

  it('heal code refuses when a user branch agt/<task id>/… blocks agt/<task id>: one line, exit 2, nothing moved', () => {
    const fixture = cleanup.repo(SMALL_FIXTURE);
    const sha = userBranch(fixture, 'agt/cart-42/wip');
    taskFiles(fixture);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const run = runHealAtOnce(fixture, ['code', '--patch', 'change.diff', '--task', 'task.json'], oracle.env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^heal: .*agt\/cart-42/)]);
    expect(fixture.git('rev-parse', 'refs/heads/agt/cart-42/wip').trim()).toBe(sha);
    expect(healBranches(fixture)).toEqual(['agt/cart-42/wip']);
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    oracle.assertNothingLost();
  }, 120_000);

  it.each(['agt/loop', 'agt/fix', 'agt'])('heal loop with a user branch %s (in the way of the run\'s branches): refuses before any stage in one line, exit 2, and never moves it', async (blocker) => {
    const fixture = cleanup.repo(DEMO);
    const sha = userBranch(fixture, blocker);
    dirtyUserTree(fixture);
    const oracle = cleanup.record(fixture);
    const run = await runHealAsync(['loop', '--no-wait', '--json'], { cwd: fixture.dir, env: oracle.env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^heal: cannot create branch agt/\\S+: your branch ${blocker} is in the way \\(git keeps branches as paths\\); rename it`))]);
    expect(healBranches(fixture)).toEqual(blocker === 'agt' ? [] : [blocker]);
    expect(existsSync(join(fixture.dir, '.heal', 'runs'))).toBe(false);
    expect(fixture.git('rev-parse', `refs/heads/${blocker}`).trim()).toBe(sha);
    expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    oracle.assertNothingLost();
  }, 300_000);
});
