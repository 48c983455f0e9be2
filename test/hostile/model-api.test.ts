import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { ADD_PERCENT } from '../helpers/fixture-patches.js';
import type { HealRun } from '../helpers/run-heal.js';
import type { ScriptStep } from '../helpers/scripted-model-server.js';
import { ALNUM, pick } from '../helpers/secret-samples.js';
import { dirtyRepo, findLeaks, readCommitResult, RUN_TIMEOUT_MS, runBounded, serveScript, useCleanup } from './hostile-run.js';

// A model API that throttles, runs out of quota, fails, hangs or refuses the key: heal ends the run
// with exit 3 and one line saying why, retries only what is worth retrying, and never prints the key.

const cleanup = useCleanup();

const GOOD_REPLY: ScriptStep = { reply: JSON.stringify({ reasoning: 'Adds the helper.', diff: ADD_PERCENT }), usage: { prompt_tokens: 900, completion_tokens: 120 } };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The summary's `note: model error: …` lines: heal's one line on why the model could not be used. */
function modelErrorNotes(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('note: model error: '));
}

/** Runs `heal code` against the script under the oracle; returns the run for the case's own checks. */
async function runAgainst(fixture: FixtureRepo, env: Record<string, string>, check: (run: HealRun) => void): Promise<void> {
  const oracle = cleanup.record(fixture);
  const run = await runBounded(['code', 'Add formatPercent to src/format.js'], { cwd: fixture.dir, env: { ...oracle.env, ...env } });
  expect(run.signal, `heal did not end within ${RUN_TIMEOUT_MS / 1000} s`).toBeNull();
  check(run);
  expect(fixture.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  oracle.assertNothingLost();
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
    const fixture = dirtyRepo(cleanup);
    const { server, env } = await serveScript(cleanup, [{ status: 429, headers: { 'Retry-After': '1' } }, GOOD_REPLY]);
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
    const fixture = dirtyRepo(cleanup);
    const quota: ScriptStep = { status: 429, body: { error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' } } };
    // A retry would be answered: only heal's own restraint keeps the count at one.
    const { server, baseUrl, env } = await serveScript(cleanup, [quota, GOOD_REPLY, GOOD_REPLY]);
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the call: out of quota \\(.*\\); check the account's plan and billing$`));
      expect(server.requests).toHaveLength(1);
    });
  });

  it('persistent 503: exit 3, HARD_FAIL after 1 + model.max_retries (2) requests', async () => {
    const fixture = dirtyRepo(cleanup);
    const { server, baseUrl, env } = await serveScript(cleanup, Array.from({ length: 20 }, (): ScriptStep => ({ status: 503 })));
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} answered 503 .* \\(after 3 attempts\\)$`));
      expect(server.requests).toHaveLength(3);
    });
  });

  it('a server that never answers: each request ended by model.request_timeout_sec, exit 3', async () => {
    const fixture = dirtyRepo(cleanup);
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  request_timeout_sec: 2\n  max_retries: 1\n');
    const { server, baseUrl, env } = await serveScript(cleanup, [{ hang: true }, { hang: true }, GOOD_REPLY]);
    await runAgainst(fixture, env, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: no reply from ${escapeRegExp(baseUrl)} within 2s \\(model\\.request_timeout_sec\\) \\(after 2 attempts\\)$`));
      expect(server.requests).toHaveLength(2);
    });
  });

  it('401 with a canary key: exit 3, one line saying to check the key variable, the key never shown', async () => {
    const fixture = dirtyRepo(cleanup);
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  api_key_env: HEAL_TEST_API_KEY\n');
    const key = `sk-proj-${pick(ALNUM, 48)}`;
    const { server, baseUrl, env } = await serveScript(cleanup, [{ status: 401 }, GOOD_REPLY]);
    await runAgainst(fixture, { ...env, HEAL_TEST_API_KEY: key }, (run) => {
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the API key: .*; check HEAL_TEST_API_KEY \\(model\\.api_key_env\\)$`));
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
      expect.soft(findLeaks(key, run, fixture), 'the API key leaked').toEqual([]);
    });
  });

  it('401 whose error body echoes the key in full (as some proxies do): the key is still never shown', async () => {
    const fixture = dirtyRepo(cleanup);
    const key = `sk-proj-${pick(ALNUM, 48)}`;
    const echo: ScriptStep = { status: 401, body: { error: { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided: ${key}.` } } };
    const { server, baseUrl, env } = await serveScript(cleanup, [echo, GOOD_REPLY]);
    await runAgainst(fixture, { ...env, OPENAI_API_KEY: key }, (run) => {
      expect(server.requests).toHaveLength(1);
      expect.soft(findLeaks(key, run, fixture), 'the API key leaked').toEqual([]);
      expectModelError(run, fixture, new RegExp(`^note: model error: ${escapeRegExp(baseUrl)} refused the API key: .*; check OPENAI_API_KEY \\(model\\.api_key_env\\)$`));
    });
  });
});
