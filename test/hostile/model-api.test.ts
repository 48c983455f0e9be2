import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CommitResult } from '../../src/artefacts/commit-result.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { recordNothingLost } from '../helpers/nothing-lost.js';
import { HEAL_BIN, type HealRun } from '../helpers/run-heal.js';
import { ScriptedModelServer, type ScriptStep } from '../helpers/scripted-model-server.js';
import { ALNUM, pick } from '../helpers/secret-samples.js';

// A model API that throttles, runs out of quota, fails, hangs or refuses the key: heal ends the run
// with exit 3 and one line saying why, retries only what is worth retrying, and never prints the key.

const repos: FixtureRepo[] = [];
const servers: ScriptedModelServer[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** No case may take longer than this: heal is killed and the case fails. */
const RUN_LIMIT_MS = 60_000;

const ADD_PERCENT = `--- a/src/format.js
+++ b/src/format.js
@@ -1,4 +1,9 @@
 /** Formats cents as dollars: 1250 -> "$12.50". */
 export function formatPrice(cents) {
   return \`$\${(cents / 100).toFixed(2)}\`;
 }
+
+/** Formats a ratio as a percentage: 0.25 -> "25%". */
+export function formatPercent(ratio) {
+  return \`\${Math.round(ratio * 100)}%\`;
+}
`;

const GOOD_REPLY: ScriptStep = { reply: JSON.stringify({ reasoning: 'Adds the helper.', diff: ADD_PERCENT }), usage: { prompt_tokens: 900, completion_tokens: 120 } };

/** The smallest node:test repo, with a user tree worth keeping: a stash, a modified tracked file, an untracked file. */
function dirtyRepo(): FixtureRepo {
  const fixture = createFixtureRepo('js-node-test-zero-deps');
  repos.push(fixture);
  writeFileSync(join(fixture.dir, 'README.md'), `${readFileSync(join(fixture.dir, 'README.md'), 'utf8')}\nStashed note.\n`);
  fixture.git('stash', 'push', '--quiet', '-m', 'user work in progress');
  writeFileSync(join(fixture.dir, 'README.md'), `${readFileSync(join(fixture.dir, 'README.md'), 'utf8')}\nUnsaved edit.\n`);
  writeFileSync(join(fixture.dir, 'scratch.txt'), 'my own notes\n');
  return fixture;
}

async function serve(steps: ScriptStep[]): Promise<{ server: ScriptedModelServer; baseUrl: string; env: Record<string, string> }> {
  const server = new ScriptedModelServer(steps);
  servers.push(server);
  const baseUrl = await server.start();
  return { server, baseUrl, env: { HEAL_BASE_URL: baseUrl, HEAL_MODEL: 'scripted-coder', NO_COLOR: '1' } };
}

/** runHealAsync with a hard limit: heal is killed at RUN_LIMIT_MS, and `signal` says so. */
function runHealWithin(args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<HealRun & { signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [HEAL_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...options.env },
      timeout: RUN_LIMIT_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

function readCommitResult(fixture: FixtureRepo): CommitResult {
  return CommitResult.parse(JSON.parse(readFileSync(join(fixture.dir, '.heal', 'commit_result.json'), 'utf8')));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The summary's `note: model error: …` lines: heal's one line on why the model could not be used. */
function modelErrorNotes(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('note: model error: '));
}

/** Where `value` shows up: stdout, stderr, any file under .heal/. Empty when nowhere. */
function findLeaks(value: string, run: HealRun, fixture: FixtureRepo): string[] {
  const places: string[] = [];
  if (run.stdout.includes(value)) places.push('stdout');
  if (run.stderr.includes(value)) places.push('stderr');
  const files = readdirSync(join(fixture.dir, '.heal'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const entry of files) {
    const file = join(entry.parentPath, entry.name);
    if (readFileSync(file, 'utf8').includes(value)) places.push(file.slice(fixture.dir.length + 1));
  }
  return places;
}

/** Runs `heal code` against the script under the oracle; returns the run for the case's own checks. */
async function runAgainst(fixture: FixtureRepo, env: Record<string, string>, check: (run: HealRun) => void): Promise<void> {
  const oracle = recordNothingLost(fixture);
  try {
    const run = await runHealWithin(['code', 'Add formatPercent to src/format.js'], { cwd: fixture.dir, env: { ...oracle.env, ...env } });
    expect(run.signal, `heal did not end within ${RUN_LIMIT_MS / 1000} s`).toBeNull();
    check(run);
    expect(fixture.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    oracle.assertNothingLost();
  } finally {
    oracle.cleanup();
  }
}

/** A model-error end: exit 3, HARD_FAIL, no branch, and exactly one note line matching `message`. */
function expectModelError(run: HealRun, fixture: FixtureRepo, message: RegExp): void {
  expect(run.code, run.stderr).toBe(3);
  expect(readCommitResult(fixture)).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'model-error', commit_sha: null, branch_name: null, baseline: null });
  expect(readCommitResult(fixture).attempts.map((attempt) => attempt.result)).toEqual(['model-error']);
  const notes = modelErrorNotes(run.stdout);
  expect(notes, run.stdout).toHaveLength(1);
  expect(notes[0]).toMatch(message);
  expect(fixture.git('branch', '--list', 'agt/*').trim()).toBe('');
}

describe('heal code against a model API that misbehaves', () => {
  it('429 with Retry-After: 1, then a good reply: waits as told, then SUCCESS', async () => {
    const fixture = dirtyRepo();
    const { server, env } = await serve([{ status: 429, headers: { 'Retry-After': '1' } }, GOOD_REPLY]);
    await runAgainst(fixture, env, (run) => {
      expect(run.code, run.stderr).toBe(0);
      expect(readCommitResult(fixture)).toMatchObject({ status: 'SUCCESS', stop_reason: 'committed' });
      expect(server.requests).toHaveLength(2);
      const [first, second] = server.requests;
      // The default back-off would wait at most 0.5 s: a second or more means Retry-After was honoured.
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    });
  });

  it('429 insufficient_quota: no retry, exit 3, one line blaming quota and billing', async () => {
    const fixture = dirtyRepo();
    const quota: ScriptStep = { status: 429, body: { error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' } } };
    // A retry would be answered: only heal's own restraint keeps the count at one.
    const { server, baseUrl, env } = await serve([quota, GOOD_REPLY, GOOD_REPLY]);
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the call: out of quota \\(.*\\); check the account's plan and billing$`));
      expect(server.requests).toHaveLength(1);
    });
  });

  it('persistent 503: exit 3, HARD_FAIL after 1 + model.max_retries (2) requests', async () => {
    const fixture = dirtyRepo();
    const { server, baseUrl, env } = await serve(Array.from({ length: 20 }, (): ScriptStep => ({ status: 503 })));
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} answered 503 .* \\(after 3 attempts\\)$`));
      expect(server.requests).toHaveLength(3);
    });
  });

  it('a server that never answers: each request ended by model.request_timeout_sec, exit 3', async () => {
    const fixture = dirtyRepo();
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  request_timeout_sec: 2\n  max_retries: 1\n');
    const { server, baseUrl, env } = await serve([{ hang: true }, { hang: true }, GOOD_REPLY]);
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: no reply from ${escapeRegExp(baseUrl)} within 2s \\(model\\.request_timeout_sec\\) \\(after 2 attempts\\)$`));
      expect(server.requests).toHaveLength(2);
    });
  });

  it('401 with a canary key: exit 3, one line saying to check the key variable, the key never shown', async () => {
    const fixture = dirtyRepo();
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  api_key_env: HEAL_TEST_API_KEY\n');
    const key = `sk-proj-${pick(ALNUM, 48)}`;
    const { server, baseUrl, env } = await serve([{ status: 401 }, GOOD_REPLY]);
    await runAgainst(fixture, { ...env, HEAL_TEST_API_KEY: key }, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the API key: .*; check HEAL_TEST_API_KEY \\(model\\.api_key_env\\)$`));
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
      expect.soft(findLeaks(key, run, fixture), 'the API key leaked').toEqual([]);
    });
  });

  it('401 whose error body echoes the key in full (as some proxies do): the key is still never shown', async () => {
    const fixture = dirtyRepo();
    const key = `sk-proj-${pick(ALNUM, 48)}`;
    const echo: ScriptStep = { status: 401, body: { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided: ${key}.` } } };
    const { server, baseUrl, env } = await serve([echo, GOOD_REPLY]);
    await runAgainst(fixture, { ...env, OPENAI_API_KEY: key }, (run) => {
      expect(server.requests).toHaveLength(1);
      expect.soft(findLeaks(key, run, fixture), 'the API key leaked').toEqual([]);
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the API key: .*; check OPENAI_API_KEY \\(model\\.api_key_env\\)$`));
    });
  });
});
