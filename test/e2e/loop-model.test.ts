import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoopReport } from '../../src/artefacts/loop-report.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { ADD_PERCENT, newTestFile, PERCENT_PLAN, PERCENT_TESTS } from '../helpers/fixture-patches.js';
import { runHeal, runHealAsync, type HealRun } from '../helpers/run-heal.js';
import { userState } from '../helpers/user-state.js';
import { healBranches, parseLoopReport, stagesOf, subjectsAbove } from '../helpers/loop-run.js';
import { ScriptedModelServer, type ScriptStep, type SeenRequest } from '../helpers/scripted-model-server.js';

const repos: FixtureRepo[] = [];
const servers: ScriptedModelServer[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function repo(fixture: string): FixtureRepo {
  const created = createFixtureRepo(fixture);
  repos.push(created);
  return created;
}

async function serve(steps: ScriptStep[]): Promise<{ server: ScriptedModelServer; env: Record<string, string> }> {
  const server = new ScriptedModelServer(steps);
  servers.push(server);
  return { server, env: { HEAL_BASE_URL: await server.start(), HEAL_MODEL: 'scripted-loop', NO_COLOR: '1' } };
}

function reply(diff: string, reasoning: string): ScriptStep {
  return { reply: JSON.stringify({ reasoning, diff }), usage: { prompt_tokens: 900, completion_tokens: 120 } };
}

const ChatBody = z.object({ messages: z.array(z.object({ role: z.string(), content: z.string() })) });

function messages(request: SeenRequest): Array<{ role: string; content: string }> {
  const body = ChatBody.safeParse(request.body);
  return body.success ? body.data.messages : [];
}

/** Which stage sent a request, told from its prompt (the purpose is not on the wire). */
function purposeOf(request: SeenRequest): string {
  const [system, user] = messages(request).map((message) => message.content);
  if (system?.startsWith('You plan unit tests.')) return 'plan-tests';
  if (user?.startsWith('Task code-')) return 'code';
  if (user?.startsWith('The build is failing.')) return 'fix';
  if (user?.startsWith('Write unit tests for the existing code')) return 'build-tests';
  return 'unknown';
}

/** A test that asserts what the code does not do: build-tests must drop it. */
const WRONG_DISCOUNT_TESTS = newTestFile('test/cart.heal.test.js', 'src/cart.js', 'applyDiscount', 'test_apply_discount_codes', ['assert.equal(applyDiscount(2000, "SAVE10"), 1900);']);

const DISCOUNT_PLAN = JSON.stringify({
  cases: [{ target: 'src/cart.js::applyDiscount', name: 'test_apply_discount_codes', goal: 'SAVE10 takes 10% off.', kind: 'success' }],
  rationale_md: 'applyDiscount prices every order.',
});

const RELEASE_PLAN = JSON.stringify({
  cases: [{ target: 'src/subject.js::releaseBump', name: 'test_release_bump_levels', goal: 'Breaking, feat and fix subjects call for major, minor and patch; chores for none.', kind: 'success' }],
  rationale_md: 'releaseBump decides the next version and has no test.',
});

const RELEASE_TESTS = newTestFile('test/subject.heal.test.js', 'src/subject.js', 'releaseBump', 'test_release_bump_levels', [
  'assert.equal(releaseBump(["feat!: drop v1", "fix: typo"]), "major");',
  'assert.equal(releaseBump(["feat(cart): coupons", "fix: typo"]), "minor");',
  'assert.equal(releaseBump(["fix: typo", "Update stuff"]), "patch");',
  'assert.equal(releaseBump(["chore: tidy"]), null);',
]);

/** A harmless edit: it changes no behaviour, so it cannot make a failing test pass. */
const COMMA = `--- a/src/subject.js
+++ b/src/subject.js
@@ -1,4 +1,4 @@
 /**
- * Conventional Commits subjects ("feat(cart): add coupons") and the release
+ * Conventional Commits subjects ("feat(cart): add coupons"), and the release
  * they call for. Used by the shop's release script to write release notes.
  */
`;

const COMMIT_CHECK_TEST = 'test/commit-message.test.js::the latest commit subject follows Conventional Commits';

async function loop(fixture: FixtureRepo, args: readonly string[], env: Record<string, string>): Promise<{ run: HealRun; report: LoopReport }> {
  const run = await runHealAsync(['loop', '--json', '--no-wait', ...args], { cwd: fixture.dir, env });
  return { run, report: parseLoopReport(run) };
}

function bodyOf(request: SeenRequest | undefined): string {
  return request ? messages(request).map((message) => message.content).join('\n') : '';
}

describe('heal loop with a scripted model (real openai SDK over loopback HTTP)', () => {
  it('takes a goal from code to DONE: code → build 1 → plan-tests → build-tests → build 2, one model call per stage', async () => {
    const fixture = repo('js-node-test-zero-deps');
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const before = userState(fixture);
    const { server, env } = await serve([reply(ADD_PERCENT, 'Adds the helper.'), { reply: PERCENT_PLAN, usage: { prompt_tokens: 900, completion_tokens: 120 } }, reply(PERCENT_TESTS, 'One test per case.')]);
    const { run, report } = await loop(fixture, ['Add formatPercent to src/format.js'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.map(purposeOf)).toEqual(['code', 'plan-tests', 'build-tests']);
    expect(stagesOf(report)).toEqual(['code SUCCESS', 'build-1 PASSED', 'plan-tests 2 target(s)', 'build-tests precheck PASSED', 'build-2 PASSED']);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'green', engine: 'model', model: 'scripted-loop', goal: 'Add formatPercent to src/format.js', tests_added: 2, merge: 'kept' });
    expect(report.usage).toMatchObject({ calls: 3, total_tokens: 3 * 1020 });
    expect(report.tests.map((test) => [test.name, test.status])).toEqual([
      ['formatPercent > test_format_percent_rounds', 'kept'],
      ['applyDiscount > test_apply_discount_codes', 'kept'],
    ]);
    expect(report.coverage.after).toBeGreaterThan(report.coverage.before ?? 100);

    expect(bodyOf(server.requests[0])).toContain('Add formatPercent to src/format.js');
    expect(bodyOf(server.requests[1])).toContain('src/format.js::formatPercent');
    // The model's refined cases, not the builtin ones, reach the test writer.
    expect(bodyOf(server.requests[2])).toContain('test_format_percent_rounds (success, high)');
    expect(bodyOf(server.requests[2])).toContain('tests for src/format.js go in test/format.heal.test.js');

    const code = report.stages[0];
    expect(code?.commit_sha).toBe(report.stages[1]?.input_commit_sha);
    expect(subjectsAbove(fixture, base, report.branch_name ?? '')).toEqual([expect.stringMatching(/^heal build-tests: 2 test\(s\)/), `feat(code-${report.run_id}-1): Add formatPercent to src/format.js`]);
    expect(fixture.git('show', `${report.branch_name}:src/format.js`)).toContain('export function formatPercent(ratio)');
    expect(healBranches(fixture)).toEqual([`agt/loop/${report.run_id}`]);
    expect(userState(fixture)).toBe(before);
  }, 180_000);

  it('retries a code stage whose model answers 503 every time (attempts 1, 2, 3), then ends ERRORED stage-errored, exit 3', async () => {
    const fixture = repo('js-node-test-zero-deps');
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  max_retries: 0\n');
    const before = userState(fixture);
    const { server, env } = await serve([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const { run, report } = await loop(fixture, ['Add formatPercent to src/format.js'], env);
    expect(run.code, run.stderr).toBe(3);
    expect(report).toMatchObject({ status: 'ERRORED', stop_reason: 'stage-errored', merge: 'none', branch_name: null });
    expect(report.stages.map((stage) => [stage.stage, stage.attempt, stage.status])).toEqual([
      ['code', 1, 'errored'],
      ['code', 2, 'errored'],
      ['code', 3, 'errored'],
    ]);
    expect(report.stages.every((stage) => /503/.test(stage.error ?? ''))).toBe(true);
    expect(report.summary).toMatch(/^code could not run after 3 attempt\(s\): /);
    expect(server.requests.map(purposeOf)).toEqual(['code', 'code', 'code']);
    expect(healBranches(fixture)).toEqual([]);
    expect(userState(fixture)).toBe(before);
  }, 120_000);

  it('takes the number of attempts from loop.backoff', async () => {
    const fixture = repo('js-node-test-zero-deps');
    writeFileSync(join(fixture.dir, '.healrc.yaml'), 'model:\n  max_retries: 0\nloop:\n  backoff: [0, 0]\n');
    const { server, env } = await serve([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const run = await runHealAsync(['loop', 'Add formatPercent to src/format.js', '--json'], { cwd: fixture.dir, env });
    expect(run.code, run.stderr).toBe(3);
    const report = LoopReport.parse(JSON.parse(run.stdout));
    expect(report.stages.map((stage) => stage.attempt)).toEqual([1, 2]);
    expect(server.requests).toHaveLength(2);
  }, 120_000);

  it('stops FAILED budget before the next stage once --max-tokens-total is spent', async () => {
    const fixture = repo('js-node-test-zero-deps');
    const before = userState(fixture);
    const { server, env } = await serve([reply(ADD_PERCENT, 'Adds the helper.')]);
    const { run, report } = await loop(fixture, ['Add formatPercent to src/format.js', '--max-tokens-total', '500'], env);
    expect(run.code, run.stderr).toBe(1);
    expect(stagesOf(report)).toEqual(['code SUCCESS']);
    expect(report).toMatchObject({ status: 'FAILED', stop_reason: 'budget', merge: 'kept', branch_name: `agt/loop/${report.run_id}` });
    expect(report.guards.filter((guard) => guard.tripped)).toEqual([{ name: 'budget', tripped: true, detail: '1020 of 500 tokens' }]);
    expect(server.requests).toHaveLength(1);
    expect(healBranches(fixture)).toEqual([`agt/loop/${report.run_id}`]);
    expect(userState(fixture)).toBe(before);
  }, 120_000);

  // The budget runs out inside the code stage (its second call is refused): the run ends FAILED
  // budget, not code-failed.
  it('stops FAILED budget when the budget runs out inside the code stage', async () => {
    const fixture = repo('js-node-test-zero-deps');
    const stale = ADD_PERCENT.replace('export function formatPrice(cents) {', 'export function formatPrice(amount) {');
    const { server, env } = await serve([reply(stale, 'Adds the helper.'), reply(ADD_PERCENT, 'Adds the helper.')]);
    const { run, report } = await loop(fixture, ['Add formatPercent to src/format.js', '--max-tokens-total', '1000'], env);
    expect(server.requests).toHaveLength(1);
    expect(report.guards.find((guard) => guard.name === 'budget')?.tripped).toBe(true);
    expect(run.code).toBe(1);
    expect(report).toMatchObject({ status: 'FAILED', stop_reason: 'budget' });
  }, 120_000);

  it('ends DONE no-tests-kept when build-tests keeps none of the model\'s tests: no build 2, no branch', async () => {
    const fixture = repo('js-node-test-zero-deps');
    const before = userState(fixture);
    const { server, env } = await serve([{ reply: DISCOUNT_PLAN }, reply(WRONG_DISCOUNT_TESTS, 'A test.'), reply(WRONG_DISCOUNT_TESTS, 'The same test.')]);
    const { run, report } = await loop(fixture, [], env);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.map(purposeOf)).toEqual(['plan-tests', 'build-tests', 'build-tests']);
    expect(stagesOf(report)).toEqual(['build-1 PASSED', 'plan-tests 1 target(s)', 'build-tests precheck FAILED']);
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'no-tests-kept', merge: 'none', branch_name: null, tests_added: 0 });
    expect(report.tests.map((test) => test.status)).not.toContain('kept');
    expect(healBranches(fixture)).toEqual([]);
    expect(userState(fixture)).toBe(before);
  }, 180_000);

  it('meets a regression with fix (model rung), then a new code cycle whose goal names the failing test', async () => {
    const fixture = repo('js-node-test-commit-message-check');
    fixture.git('commit', '--amend', '--quiet', '--no-verify', '-m', 'feat: read conventional commit subjects');
    const base = fixture.git('rev-parse', 'HEAD').trim();
    const before = userState(fixture);
    const { server, env } = await serve([{ reply: RELEASE_PLAN }, reply(RELEASE_TESTS, 'Tests.'), reply(COMMA, 'A comma.'), reply(COMMA, 'A comma again.'), reply(COMMA, 'Touch the source.')]);
    const { run, report } = await loop(fixture, [], env);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.map(purposeOf)).toEqual(['plan-tests', 'build-tests', 'fix', 'fix', 'code']);
    expect(stagesOf(report)).toEqual([
      'build-1 PASSED',
      'plan-tests 1 target(s)',
      'build-tests precheck PASSED',
      'build-2 FAILED',
      'fix UNFIXED',
      'code SUCCESS',
      'build-1 PASSED',
      'plan-tests 0 target(s)',
    ]);
    expect(report.stages.map((stage) => stage.cycle)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    expect(bodyOf(server.requests[2])).toContain(COMMIT_CHECK_TEST);
    const goal = bodyOf(server.requests[4]);
    expect(goal).toContain('The change with its new tests fails the build; make it green without weakening any test.');
    expect(goal).toContain(`- ${COMMIT_CHECK_TEST}: `);
    // heal's own code commit has a conventional subject, so the commit check passes on it.
    expect(report).toMatchObject({ status: 'DONE', stop_reason: 'no-tests-needed', tests_added: 1, merge: 'kept' });
    const subjects = subjectsAbove(fixture, base, report.branch_name ?? '');
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toMatch(new RegExp(`^feat\\(code-${report.run_id}-6\\): The change with its new tests fails the build`));
    expect(subjects[1]).toMatch(/^heal build-tests: /);
    expect(report.failures).toEqual([expect.objectContaining({ id: COMMIT_CHECK_TEST, fixed_by: null })]);
    expect(healBranches(fixture)).toEqual([report.branch_name]);
    expect(userState(fixture)).toBe(before);
  }, 240_000);

  // The run's goal reaches plan-tests (as a plan.json), so the model is told what the change is for.
  it("tells plan-tests the run's goal", async () => {
    const fixture = repo('js-node-test-zero-deps');
    const { server, env } = await serve([reply(ADD_PERCENT, 'Adds the helper.'), { reply: PERCENT_PLAN }, reply(PERCENT_TESTS, 'One test per case.')]);
    await loop(fixture, ['Add formatPercent to src/format.js'], env);
    expect(server.requests.map(purposeOf)).toContain('plan-tests');
    const plan = bodyOf(server.requests.find((request) => purposeOf(request) === 'plan-tests'));
    expect(plan).toContain("The change's goal: Add formatPercent to src/format.js");
  }, 180_000);

  it('refuses a goal without a model: exit 2, one line, nothing run', () => {
    const fixture = repo('js-node-test-zero-deps');
    const before = userState(fixture);
    const run = runHeal(['loop', 'Add formatPercent'], { cwd: fixture.dir, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^heal: heal loop "goal" needs a model: /);
    expect(userState(fixture)).toBe(before);
    expect(healBranches(fixture)).toEqual([]);
  });
});
