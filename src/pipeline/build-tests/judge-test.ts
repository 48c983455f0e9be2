import type { TestStatus } from '../../artefacts/generated-tests.js';

/** One stability run's outcome for one test: it passed, failed, or the runner did not report it. */
export interface RunOutcome {
  outcome: 'passed' | 'failed' | 'missing';
  /** The failure message, when it failed. */
  message: string | null;
}

/** What heal learnt about one proposed test before measuring its coverage. */
export interface TestEvidence {
  /** Why its file may not be written where the model put it; null when the path is allowed. */
  pathProblem: string | null;
  /** pytest fixtures it asks for that nothing defines (checked statically, before any run). */
  undefinedFixtures: readonly string[];
  /** Its outcome in each stability run (empty when it never ran). */
  runs: readonly RunOutcome[];
  /** Why the file as a whole could not run (a syntax or import error), when no test in it was reported. */
  fileError: string | null;
  /** An unseeded clock or random source it reads, if any. */
  nondeterminism: string | null;
}

/** The verdict before coverage: either a final status, or stable (passes every run) and worth measuring. */
export type StabilityVerdict = { status: 'stable' } | { status: Exclude<TestStatus, 'kept' | 'dropped-no-coverage'>; reason: string; failure: string | null };

// Failures of an assertion (vitest/chai, jest's expect, node:assert, pytest's assert rewriting), as opposed to errors in the test.
const ASSERTION = /^(AssertionError\b|Error: expect\(|expect\(received\)|assert\s|Expected\b)/;

/** True when a failure message reports an assertion that did not hold, not an error the test itself raised. */
export function isAssertionFailure(message: string): boolean {
  return ASSERTION.test(message.trimStart());
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? text.slice(0, 300);
}

/**
 * Pure: steps 1–3 and 5 of the validation, in order: path, static fixtures, collection, stability;
 * a test failing every run the same way on an assertion is quarantined as possibly bug-revealing.
 */
export function judgeStability(evidence: TestEvidence): StabilityVerdict {
  if (evidence.pathProblem !== null) return { status: 'rejected-path', reason: evidence.pathProblem, failure: null };
  if (evidence.undefinedFixtures.length > 0) {
    const names = evidence.undefinedFixtures.map((name) => `'${name}'`).join(', ');
    return { status: 'dropped-not-collected', reason: `uses fixture ${names}, which neither the test file nor any conftest.py defines`, failure: null };
  }
  const ran = evidence.runs.filter((run) => run.outcome !== 'missing');
  if (ran.length === 0) {
    const why = evidence.fileError === null ? 'the runner did not list it' : `the runner did not list it: ${firstLine(evidence.fileError)}`;
    return { status: 'dropped-not-collected', reason: why, failure: evidence.fileError };
  }
  const passes = ran.filter((run) => run.outcome === 'passed').length;
  const failures = ran.filter((run) => run.outcome === 'failed');
  const runs = evidence.runs.length;
  if (evidence.nondeterminism !== null) {
    return { status: 'dropped-flaky', reason: `depends on ${evidence.nondeterminism}, which nothing seeds or freezes (passed ${passes} of ${runs} runs)`, failure: failures[0]?.message ?? null };
  }
  if (passes > 0 && failures.length > 0) {
    return { status: 'dropped-flaky', reason: `passed ${passes} of ${runs} runs`, failure: failures[0]?.message ?? null };
  }
  if (passes === runs) return { status: 'stable' };
  if (passes > 0) return { status: 'dropped-flaky', reason: `passed ${passes} of ${runs} runs; the runner missed it in the others`, failure: null };
  const messages = failures.map((run) => run.message ?? '');
  const message = messages[0] ?? '';
  const isSame = messages.every((text) => firstLine(text) === firstLine(message));
  if (!isSame) return { status: 'dropped-flaky', reason: `failed all ${runs} runs, differently each time`, failure: message };
  if (failures.length === runs && isAssertionFailure(message)) {
    return { status: 'quarantined-bug-revealing', reason: `its assertion fails every run against the current code: ${firstLine(message)}`, failure: message };
  }
  return { status: 'dropped-failing', reason: `fails every run: ${firstLine(message)}`, failure: message };
}

/** Pure: the coverage verdict for a stable test, from the target lines it newly covers. */
export function judgeCoverage(gain: number): { status: 'kept' | 'dropped-no-coverage'; reason: string } {
  if (gain > 0) return { status: 'kept', reason: `passed 3 of 3 runs and covers ${gain} new line(s) of its targets` };
  return { status: 'dropped-no-coverage', reason: 'passes, but covers no target line the suite and the tests kept before it did not' };
}
