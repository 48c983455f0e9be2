import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCase, readResult, runBounded, serveScript, useCleanup, type HostileCase, type HostileRun } from './hostile-run.js';
import { createFile, CUT_OFF_DIFF, PROSE, REWORD_DOC, REWORDED_LINE, SECOND_HUNK_MISSES } from './patch-inputs.js';
import { expectCommitted, expectInvalidPatch, expectNoTrace, expectRejected, firstAttempt, runPatch } from './patch-outcomes.js';

/**
 * Hostile patch texts and model replies: a patch that applies only in part, a run from a
 * subdirectory, \r and \u2028 where a parser may trip, and model output that is prose, a bare fenced
 * diff, or cut off by the token limit. Each runs end to end through the built binary on a copy of
 * js-node-test-zero-deps whose user has uncommitted work, a stash and untracked files. Every case
 * checks the exit code, how heal refused (or took) the patch, and that the user's state, the
 * sentinel HOME folder and the process table are as they were.
 */

const cleanup = useCleanup();

/** A fresh case: the user's work (a staged file too), then the oracle's record. */
function prepare(): HostileCase {
  return prepareCase(cleanup, { hasStagedFile: true });
}

/** A chat.completion as a provider sends it, with the given finish_reason. */
function completion(content: string, finishReason: string): object {
  return {
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'hostile-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 900, completion_tokens: 4096, total_tokens: 4996 },
  };
}

/** A one-route OpenAI-compatible server that always answers `body` (the scripted server only sends finish_reason "stop"). */
async function serveFixedCompletion(body: object): Promise<{ baseUrl: string; requests: () => number }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.afterCase(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { baseUrl: `http://127.0.0.1:${address.port}/v1`, requests: () => count };
}

/** `heal code GOAL --max-attempts 1 --json` against a model at `baseUrl`. */
function runModel(run: HostileCase, baseUrl: string): Promise<HostileRun> {
  return runBounded(['code', 'Reword the formatPrice comment in src/format.js', '--max-attempts', '1', '--json'], {
    cwd: run.fixture.dir,
    env: { ...run.oracle.env, HEAL_BASE_URL: baseUrl, HEAL_MODEL: 'hostile-model' },
  });
}

describe('a patch that applies only in part', () => {
  it('applies nothing when its second hunk is not found, and names that hunk', async () => {
    const run = prepare();
    const attempt = expectInvalidPatch(await runPatch(run, SECOND_HUNK_MISSES));
    expect(attempt.result).toBe('not-applied');
    expect(attempt.hunk_failures).toHaveLength(1);
    expect(attempt.hunk_failures[0]?.split('\n')[0]).toMatch(/^hunk 2 of src\/format\.js was not found/);
    expect(attempt.hunk_failures[0]).toContain('name.padEnd(16)');
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});

describe('running from a subdirectory', () => {
  it('commits a good patch on agt/<task> from src/, leaving the user state alone', async () => {
    const run = prepare();
    const outcome = await runPatch(run, REWORD_DOC, { cwd: join(run.fixture.dir, 'src') });
    const { branch, changed } = expectCommitted(outcome, run.fixture);
    expect(branch).toMatch(/^agt\/hostile-patch-[0-9a-f]{6}$/);
    expect(changed).toEqual(['src/format.js']);
    expect(run.fixture.git('show', `${branch}:src/format.js`)).toContain(REWORDED_LINE);
    expect(run.fixture.git('rev-parse', `${branch}~1`).trim()).toBe(run.fixture.git('rev-parse', 'main').trim());
    run.oracle.assertNothingLost();
  });
});

describe('parser inputs with \\r and \\u2028', () => {
  const escapeName = `heal-u2028-${randomUUID()}.js`;
  const parsed: Array<[string, string, string[]]> = [
    ['CRLF line endings throughout', REWORD_DOC.replaceAll('\n', '\r\n'), ['src/format.js']],
    ['a +++ header ending in 100,000 \\r', REWORD_DOC.replace('+++ b/src/format.js', `+++ b/src/format.js${'\r'.repeat(100_000)}`), ['src/format.js']],
    ['a diff --git line with \\r/../.. in it (---/+++ name the file)', `diff --git a/src/format.js b/src/format.js\r/../../evil.js\n${REWORD_DOC}`, ['src/format.js']],
  ];
  it.each(parsed)('reads %s as the change it is', async (_name, patch, paths) => {
    const run = prepare();
    const outcome = await runPatch(run, patch);
    const { branch, changed } = expectCommitted(outcome, run.fixture);
    expect(changed).toEqual(paths);
    for (const path of paths) expect(run.fixture.git('show', `${branch}:${path}`)).not.toContain('\r');
    expect(existsSync(join(dirname(run.fixture.dir), escapeName))).toBe(false);
    run.oracle.assertNothingLost();
  });

  it.each([
    ['a \\u2028 inside a path', 'src/a\u2028b.js'],
    ['a \\u2028 posing as a second +++ header', 'src/a.js\u2028+++ b/../escape.js'],
    ['a right-to-left override hiding an extension', 'src/invoice\u202egpj.js'],
  ])('refuses %s (unparseable): invisible and line-separator characters never name a file', async (_name, path) => {
    const run = prepare();
    const outcome = await runPatch(run, createFile(path, ['export const x = 1;']));
    expectRejected(outcome, { path, rule: 'unparseable', message: /invisible, line-separator or bidirectional character/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a \\r inside a path (unparseable)', async () => {
    const run = prepare();
    const outcome = await runPatch(run, createFile('src/a\r.js', ['export const x = 1;']));
    expectRejected(outcome, { path: 'src/a\r.js', rule: 'unparseable', message: /control characters/ });
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  const unusable: Array<[string, string, string, RegExp]> = [
    ['a line of 100,000 \\r and nothing else', `${'\r'.repeat(100_000)}\n`, 'malformed', /no file changes found/],
    ['a removed line of 100,000 \\r', REWORD_DOC.replace('-/** Formats', `-${'\r'.repeat(100_000)}x\n-/** Formats`), 'not-applied', /^hunk 1 of src\/format\.js was not found/],
  ];
  it.each(unusable)('ends cleanly on %s', async (_name, patch, outcome, message) => {
    const run = prepare();
    const attempt = expectInvalidPatch(await runPatch(run, patch));
    expect(attempt.result).toBe(outcome);
    expect(attempt.hunk_failures[0]?.split('\n')[0]).toMatch(message);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});

describe('model output', () => {
  it('refuses a reply of prose only, saying it is not JSON', async () => {
    const run = prepare();
    const { server, baseUrl } = await serveScript(cleanup, [{ reply: PROSE }]);
    const outcome = await runModel(run, baseUrl);
    const result = readResult(outcome);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(result).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'max-attempts', commit_sha: null, well_formed_rate: 0 });
    const attempt = firstAttempt(result);
    expect(attempt).toMatchObject({ result: 'malformed', patch: null });
    expect(attempt.hunk_failures).toEqual([expect.stringMatching(/^code: the reply is not JSON \(it starts "Sure! To reword/)]);
    expect(server.requests).toHaveLength(1);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('refuses a bare fenced diff with prose around it (no JSON), saying it is not JSON', async () => {
    const run = prepare();
    const { baseUrl } = await serveScript(cleanup, [{ reply: `Here is the change:\n\n\`\`\`diff\n${REWORD_DOC}\`\`\`\n\nIt only touches the comment.` }]);
    const outcome = await runModel(run, baseUrl);
    const result = readResult(outcome);
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(result).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'max-attempts', commit_sha: null });
    expect(firstAttempt(result)).toMatchObject({ result: 'malformed', patch: null });
    expect(firstAttempt(result).hunk_failures).toEqual([expect.stringMatching(/^code: the reply is not JSON \(it starts "Here is the change:/)]);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });

  it('extracts a fenced diff with prose around it from the JSON "diff" field, and commits only the diff', async () => {
    const run = prepare();
    const diff = `I will reword the comment.\n\n\`\`\`diff\n${REWORD_DOC}\`\`\`\n\nThat is all: +1 -1.`;
    const { baseUrl } = await serveScript(cleanup, [{ reply: JSON.stringify({ reasoning: 'Rewords the comment.', diff }) }]);
    const outcome = await runModel(run, baseUrl);
    const { branch, changed } = expectCommitted(outcome, run.fixture);
    expect(changed).toEqual(['src/format.js']);
    const content = run.fixture.git('show', `${branch}:src/format.js`);
    expect(content).toContain(REWORDED_LINE);
    expect(content).not.toMatch(/I will reword|That is all|```/);
    run.oracle.assertNothingLost();
  });

  it('never applies a reply cut off by the token limit (finish_reason "length"): a model error, exit 3', async () => {
    const run = prepare();
    const reply = JSON.stringify({ reasoning: 'Adds formatPercent.', diff: CUT_OFF_DIFF });
    const { baseUrl, requests } = await serveFixedCompletion(completion(reply, 'length'));
    const outcome = await runModel(run, baseUrl);
    const result = readResult(outcome);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(result).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'model-error', commit_sha: null, branch_name: null });
    expect(result.notes.join('\n')).toMatch(/stopped at its output limit \(finish_reason: length\): the cut-off reply is not used/);
    expect(result.attempts.every((attempt) => attempt.patch === null)).toBe(true);
    expect(requests()).toBe(1);
    expectNoTrace(run.fixture);
    run.oracle.assertNothingLost();
  });
});
