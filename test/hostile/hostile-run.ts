import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { CommitResult } from '../../src/artefacts/commit-result.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { recordNothingLost, type NothingLostOracle } from '../helpers/nothing-lost.js';
import { HEAL_BIN, type HealRun } from '../helpers/run-heal.js';
import { ScriptedModelServer, type ScriptStep } from '../helpers/scripted-model-server.js';

/**
 * Set-up shared by the hostile-input suite: clean-up per test file, the user's unfinished work for
 * the oracle to guard, the built binary run under a time limit, and reading what heal left behind.
 */

/** The smallest node:test fixture, which every case copies unless it needs the demo. */
export const SMALL_FIXTURE = 'js-node-test-zero-deps';

/** Generous: a hostile input must end, not end fast. */
export const RUN_TIMEOUT_MS = 60_000;

/** A run of the built binary; `signal` is set when it was killed (at its time limit, say). */
export interface HostileRun extends HealRun {
  signal: NodeJS.Signals | null;
}

/** One case: its repository, the oracle's record of it, and a scratch folder. */
export interface HostileCase {
  fixture: FixtureRepo;
  oracle: NothingLostOracle;
  /** A folder outside the repository for patch files, link targets and fake tools. */
  outside: string;
}

/** What a test file's cases create, removed for them: see `useCleanup`. */
export interface Cleanup {
  /** A fresh git copy of `fixture`, removed after the file's last case. */
  repo(fixture?: string): FixtureRepo;
  /** A new folder outside any repository, removed after the file's last case. */
  scratch(): string;
  /** The oracle's record of `fixture` as it is now; its sentinel folder is removed after the case. */
  record(fixture: FixtureRepo): NothingLostOracle;
  /** Runs `end` after the case, passed or failed: a server to close, a process group to kill. */
  afterCase(end: () => void | Promise<void>): void;
}

/** Registers the file's afterEach and afterAll clean-up: call it once, at the top of a test file. */
export function useCleanup(): Cleanup {
  const repos: FixtureRepo[] = [];
  const folders: string[] = [];
  const ends: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    // Last registered, first run: a heal is stopped before the server it talks to is closed.
    for (const end of ends.splice(0).reverse()) await end();
  });
  afterAll(() => {
    repos.splice(0).forEach((repo) => repo.cleanup());
    folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  return {
    repo(fixture = SMALL_FIXTURE) {
      const created = createFixtureRepo(fixture);
      repos.push(created);
      return created;
    },
    scratch() {
      const dir = mkdtempSync(join(tmpdir(), 'heal-hostile-'));
      folders.push(dir);
      return dir;
    },
    record(fixture) {
      const oracle = recordNothingLost(fixture);
      ends.push(() => oracle.cleanup());
      return oracle;
    },
    afterCase(end) {
      ends.push(end);
    },
  };
}

/** Writes `content` to `path` in the repository and commits it. */
export function commitFile(fixture: FixtureRepo, path: string, content: string): void {
  mkdirSync(dirname(join(fixture.dir, path)), { recursive: true });
  writeFileSync(join(fixture.dir, path), content);
  fixture.git('add', '--', path);
  fixture.git('commit', '--quiet', '--no-verify', '-m', `add ${path}`);
}

/**
 * The user's unfinished work, for the oracle to guard: a stash entry, an unsaved edit to a tracked
 * file, untracked notes, and with `hasStagedFile` a new file in the index.
 */
export function dirtyUserTree(fixture: FixtureRepo, options: { hasStagedFile?: boolean } = {}): void {
  appendFileSync(join(fixture.dir, 'README.md'), '\nA stashed thought.\n');
  fixture.git('stash', 'push', '--quiet', '-m', 'user stash', '--', 'README.md');
  appendFileSync(join(fixture.dir, 'README.md'), '\nAn edit not yet committed.\n');
  mkdirSync(join(fixture.dir, 'notes'));
  writeFileSync(join(fixture.dir, 'notes', 'todo.txt'), 'call the courier\n');
  if (options.hasStagedFile) {
    writeFileSync(join(fixture.dir, 'src', 'staged.js'), 'export const staged = true;\n');
    fixture.git('add', 'src/staged.js');
  }
}

/** A fresh small fixture with the user's unfinished work, not yet recorded: record it after any further set-up. */
export function dirtyRepo(cleanup: Cleanup): FixtureRepo {
  const fixture = cleanup.repo();
  dirtyUserTree(fixture);
  return fixture;
}

/** A fresh small fixture: `setup` (committed work), then the user's unfinished work, then the oracle's record. */
export function prepareCase(
  cleanup: Cleanup,
  options: { setup?: (fixture: FixtureRepo, outside: string) => void; hasStagedFile?: boolean } = {},
): HostileCase {
  const fixture = cleanup.repo();
  const outside = cleanup.scratch();
  options.setup?.(fixture, outside);
  dirtyUserTree(fixture, { hasStagedFile: options.hasStagedFile ?? false });
  return { fixture, oracle: cleanup.record(fixture), outside };
}

/** A scripted OpenAI-compatible server, closed after the case; `env` points heal at it as `model`. */
export async function serveScript(
  cleanup: Cleanup,
  steps: ScriptStep[],
  model = 'scripted-coder',
): Promise<{ server: ScriptedModelServer; baseUrl: string; env: Record<string, string> }> {
  const server = new ScriptedModelServer(steps);
  cleanup.afterCase(() => server.close());
  const baseUrl = await server.start();
  return { server, baseUrl, env: { HEAL_BASE_URL: baseUrl, HEAL_MODEL: model, NO_COLOR: '1' } };
}

/** The built binary with a minimal environment, killed (and a line on stderr saying so) if it outlives `timeoutMs`. */
export function runBounded(args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<HostileRun> {
  const timeoutMs = options.timeoutMs ?? RUN_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEAL_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n[test] heal did not finish within ${timeoutMs} ms; killed`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The commit_result.json heal printed with --json; fails the case if heal was killed or printed none. */
export function readResult(run: HostileRun): CommitResult {
  expect(run.signal, `heal was killed by ${run.signal}: ${run.stderr.slice(-2000)}`).toBeNull();
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`heal exited ${run.code} without a JSON result; stderr: ${run.stderr.slice(0, 600)}`);
  }
  return CommitResult.parse(json);
}

/** The commit_result.json heal wrote under .heal/. */
export function readCommitResult(fixture: FixtureRepo): CommitResult {
  return CommitResult.parse(JSON.parse(readFileSync(join(fixture.dir, '.heal', 'commit_result.json'), 'utf8')));
}

/** Every file under `dir` (symlinks not followed), absolute; none when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/** Where `value` shows up: stdout, stderr, any file under .heal/, any commit heal made. Empty when nowhere. */
export function findLeaks(value: string, run: HealRun, fixture: FixtureRepo): string[] {
  const places: string[] = [];
  if (run.stdout.includes(value)) places.push('stdout');
  if (run.stderr.includes(value)) places.push('stderr');
  for (const file of listFiles(join(fixture.dir, '.heal'))) if (readFileSync(file, 'utf8').includes(value)) places.push(file.slice(fixture.dir.length + 1));
  if (fixture.git('log', '-p', '--branches=agt/*', '--not', 'main').includes(value)) places.push('a heal commit');
  return places;
}
