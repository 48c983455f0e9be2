import { describe, expect, it } from 'vitest';
import { isAssertionFailure, judgeCoverage, judgeStability, type RunOutcome, type TestEvidence } from '../../../../src/pipeline/build-tests/judge-test.js';

const pass: RunOutcome = { outcome: 'passed', message: null };
const fail = (message: string): RunOutcome => ({ outcome: 'failed', message });
const missing: RunOutcome = { outcome: 'missing', message: null };

function evidence(overrides: Partial<TestEvidence>): TestEvidence {
  return { pathProblem: null, undefinedFixtures: [], runs: [pass, pass, pass], fileError: null, nondeterminism: null, ...overrides };
}

describe('judgeStability', () => {
  it('is stable after three passing runs', () => {
    expect(judgeStability(evidence({}))).toEqual({ status: 'stable' });
  });

  it('rejects a path before looking at anything else', () => {
    expect(judgeStability(evidence({ pathProblem: 'src/a.ts is not a test file', undefinedFixtures: ['db'] }))).toMatchObject({ status: 'rejected-path', reason: 'src/a.ts is not a test file' });
  });

  it('drops a test asking for an undefined fixture, naming it', () => {
    expect(judgeStability(evidence({ undefinedFixtures: ['db', 'client'] }))).toMatchObject({ status: 'dropped-not-collected', reason: expect.stringContaining("'db', 'client'") });
  });

  it('drops a test the runner never listed, with the file error', () => {
    const verdict = judgeStability(evidence({ runs: [], fileError: '\nSyntaxError: Unexpected token (3:4)\nmore' }));
    expect(verdict).toMatchObject({ status: 'dropped-not-collected', reason: 'the runner did not list it: SyntaxError: Unexpected token (3:4)' });
  });

  it('calls a test that flips between runs flaky', () => {
    expect(judgeStability(evidence({ runs: [pass, fail('AssertionError: x'), pass] }))).toMatchObject({ status: 'dropped-flaky', reason: 'passed 2 of 3 runs' });
  });

  it('calls a test that reads an unseeded random source flaky, however its runs went', () => {
    expect(judgeStability(evidence({ nondeterminism: 'Math.random()' }))).toMatchObject({ status: 'dropped-flaky', reason: 'depends on Math.random(), which nothing seeds or freezes (passed 3 of 3 runs)' });
    const failed = fail('assert 1000 == 500');
    expect(judgeStability(evidence({ nondeterminism: 'random.random()', runs: [failed, failed, failed] }))).toMatchObject({ status: 'dropped-flaky', reason: expect.stringContaining('passed 0 of 3 runs') });
  });

  it('quarantines a test whose assertion fails the same way every run', () => {
    const message = 'AssertionError: expected 500 to be 600 // Object.is equality';
    expect(judgeStability(evidence({ runs: [fail(message), fail(message), fail(message)] }))).toEqual({ status: 'quarantined-bug-revealing', reason: `its assertion fails every run against the current code: ${message}`, failure: message });
  });

  it('drops a test that errors every run (not an assertion)', () => {
    const message = "TypeError: quote() got an unexpected keyword argument 'insured'";
    expect(judgeStability(evidence({ runs: [fail(message), fail(message), fail(message)] }))).toMatchObject({ status: 'dropped-failing', reason: `fails every run: ${message}` });
  });

  it('calls a test that fails differently each run flaky', () => {
    expect(judgeStability(evidence({ runs: [fail('assert 0.1 < 0'), fail('assert 0.7 < 0'), fail('assert 0.3 < 0')] }))).toMatchObject({ status: 'dropped-flaky', reason: 'failed all 3 runs, differently each time' });
  });

  it('calls a test listed in only some runs flaky', () => {
    expect(judgeStability(evidence({ runs: [pass, missing, pass] }))).toMatchObject({ status: 'dropped-flaky' });
  });
});

describe('isAssertionFailure', () => {
  it.each([
    ['AssertionError: expected 1 to be 2', true],
    ['Error: expect(received).toBe(expected) // Object.is equality', true],
    ['AssertionError [ERR_ASSERTION]: Expected values to be strictly equal', true],
    ["assert 'a' == 'b'", true],
    ['TypeError: x is not a function', false],
    ["NameError: name 'foo' is not defined", false],
  ])('%s → %s', (message, expected) => {
    expect(isAssertionFailure(message)).toBe(expected);
  });
});

describe('judgeCoverage', () => {
  it('keeps a test that covers new lines and drops one that covers none', () => {
    expect(judgeCoverage(2)).toEqual({ status: 'kept', reason: 'passed 3 of 3 runs and covers 2 new line(s) of its targets' });
    expect(judgeCoverage(0).status).toBe('dropped-no-coverage');
  });
});
