import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GeneratedTests, type GeneratedTestRecord } from '../../src/artefacts/generated-tests.js';
import { TestSpec } from '../../src/artefacts/testspec.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { userState } from '../helpers/user-state.js';
import { runHeal, runHealAsync } from '../helpers/run-heal.js';
import { ScriptedModelServer } from '../helpers/scripted-model-server.js';

const repos: FixtureRepo[] = [];
const servers: ScriptedModelServer[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const PYTHON = { HEAL_PYTHON: '/usr/bin/python3' };

function repo(fixture: string): FixtureRepo {
  const created = createFixtureRepo(fixture);
  repos.push(created);
  return created;
}

/** heal build, then heal plan-tests: the testspec build-tests reads. */
function planSpec(fixture: FixtureRepo, env: Record<string, string> = {}): TestSpec {
  const build = runHeal(['build'], { cwd: fixture.dir, env });
  expect(build.code, build.stderr).toBe(0);
  const plan = runHeal(['plan-tests', '--json'], { cwd: fixture.dir, env });
  expect(plan.code, plan.stderr).toBe(0);
  return TestSpec.parse(JSON.parse(plan.stdout));
}

function byStatus(report: GeneratedTests, status: GeneratedTestRecord['status']): GeneratedTestRecord[] {
  return report.tests.filter((test) => test.status === status);
}

function committedFiles(fixture: FixtureRepo, report: GeneratedTests): string[] {
  return fixture.git('diff', '--name-only', `${report.parent_commit_sha}..${report.branch_name ?? ''}`).trim().split('\n');
}

describe('heal build-tests with the builtin engine (characterization tests)', () => {
  it.each([
    { fixture: 'ts-vitest-green-partial-coverage', env: {} },
    { fixture: 'js-jest-partial-coverage', env: {} },
    { fixture: 'js-node-test-zero-deps', env: {} },
    { fixture: 'py-pytest-risky-coverage-gaps', env: PYTHON },
  ])('raises the coverage of every under-tested target of $fixture and commits only tests', ({ fixture: name, env }) => {
    const fixture = repo(name);
    const spec = planSpec(fixture, env);
    const before = userState(fixture);
    const run = runHeal(['build-tests', '--json'], { cwd: fixture.dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = GeneratedTests.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ spec_id: spec.id, engine: 'builtin', precheck: 'PASSED', branch_name: `agt/testbuilder/${spec.id}` });
    const kept = byStatus(report, 'kept');
    expect(kept.length).toBeGreaterThan(0);
    for (const test of kept) expect(test.runs).toEqual(['passed', 'passed', 'passed']);
    const characterized = new Set(kept.map((test) => test.target));
    for (const target of report.targets.filter((entry) => characterized.has(entry.id))) {
      expect(target.line_pct_after ?? 0, target.id).toBeGreaterThan(target.line_pct_before);
    }
    expect(fixture.git('rev-list', '--count', `${report.parent_commit_sha}..${report.branch_name}`).trim()).toBe('1');
    const files = committedFiles(fixture, report);
    expect(files).toEqual(report.files);
    for (const file of files) expect(file).toMatch(/(\.heal\.test\.[jt]s|_heal\.py)$/);
    expect(userState(fixture)).toBe(before);
    expect(readFileSync(join(fixture.dir, '.heal', 'generated_tests.md'), 'utf8')).toContain('## Coverage of the targets');
  });
});

/** A unified diff that creates `path` with `text`. */
function newFile(path: string, text: string): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return [`--- /dev/null`, `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`), ''].join('\n');
}

const MIXED_TESTS = `from shipping import quote
from shipping.tracking import tracking_url
import random


def test_quote_express_heavy():
    assert quote("express", 25.0) == 3000


def test_quote_failure():
    assert quote("standard", 1.0, insured=True) == 500


def test_quote_flaky():
    assert quote("standard", random.random() * 40) == 500


def test_quote_standard_again():
    assert quote("standard", 2.0) == 500


def test_tracking_url_lowercase():
    assert tracking_url("ab12") == "https://track.example.com/ab12"


def test_tracking_url_client(carrier_client):
    assert carrier_client.url("AB") == tracking_url("AB")
`;

const OUTSIDE = `from shipping.tracking import tracking_code


def test_tracking_code_padding():
    assert tracking_code(42) == "SH00000042"
`;

describe('heal build-tests with a model (scripted OpenAI-compatible server)', () => {
  it('judges a mixed reply test by test, each with its own status and reason', async () => {
    const fixture = repo('py-pytest-risky-coverage-gaps');
    planSpec(fixture, PYTHON);
    const before = userState(fixture);
    const diff = newFile('tests/test_rates_heal.py', MIXED_TESTS) + newFile('shipping/test_tracking_heal.py', OUTSIDE);
    const server = new ScriptedModelServer([{ reply: JSON.stringify({ reasoning: 'tests for quote and tracking', diff }) }, { reply: JSON.stringify({ reasoning: 'nothing new', diff: 'no diff' }) }]);
    servers.push(server);
    const env = { ...PYTHON, HEAL_BASE_URL: await server.start(), HEAL_MODEL: 'scripted-tester', HEAL_TEST_API_KEY: 'k' };
    const run = await runHealAsync(['build-tests', '--engine', 'model', '--attempts', '1', '--json'], { cwd: fixture.dir, env });
    expect(run.code, run.stderr).toBe(0);
    const report = GeneratedTests.parse(JSON.parse(run.stdout));
    const status = Object.fromEntries(report.tests.map((test) => [test.name, test.status]));
    expect(status).toEqual({
      test_quote_express_heavy: 'kept',
      test_quote_failure: 'dropped-failing',
      test_quote_flaky: 'dropped-flaky',
      test_quote_standard_again: 'dropped-no-coverage',
      test_tracking_url_lowercase: 'quarantined-bug-revealing',
      test_tracking_url_client: 'dropped-not-collected',
      test_tracking_code_padding: 'rejected-path',
    });
    const reason = (name: string) => report.tests.find((test) => test.name === name)?.reason ?? '';
    expect(reason('test_quote_failure')).toMatch(/TypeError.*insured/);
    expect(reason('test_quote_flaky')).toContain('random.random()');
    expect(reason('test_tracking_url_client')).toContain("'carrier_client'");
    expect(reason('test_tracking_code_padding')).toContain('shipping/test_tracking_heal.py');
    expect(report.tests.find((test) => test.name === 'test_tracking_url_lowercase')?.failure).toContain('https://track.example.com/AB12');
    expect(report.files).toEqual(['tests/test_rates_heal.py']);
    const committed = fixture.git('show', `${report.branch_name}:tests/test_rates_heal.py`);
    expect(committed).toContain('def test_quote_express_heavy');
    expect(committed).not.toMatch(/test_quote_failure|test_quote_flaky|test_tracking_url_lowercase|carrier_client/);
    expect(committedFiles(fixture, report)).toEqual(['tests/test_rates_heal.py']);
    expect(readFileSync(join(fixture.dir, '.heal', 'generated_tests.md'), 'utf8')).toContain('## Possible bugs found');
    const prompt = JSON.stringify(server.requests[0]?.body);
    expect(prompt).toContain('test_quote_failure');
    expect(prompt).toContain('tests/test_rates_heal.py');
    expect(userState(fixture)).toBe(before);
  });
});
