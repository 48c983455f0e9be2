/**
 * Whether a change weakens a test suite: a test file deleted, test cases removed, or tests skipped
 * or focused (`.only` silences the rest). Pure text counting, the same for every runner heal knows.
 */

const TEST_FILE = /(^|\/)(__tests__|tests?|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;

/** A test declaration, skipped or not: `it(`, `test.skip(`, `xit(` in JavaScript, `def test_` in Python. */
const TEST_CASE = /\b[xf]?(?:it|test)(?:\.(?:skip|only|todo|each|concurrent|fails|skipIf|runIf)\b[^(]*)*\s*\(|^\s*(?:async\s+)?def\s+test_/gm;

/** Skips and focuses, in JavaScript runners and pytest/unittest. */
const SKIP = [
  /\b(?:it|test|describe|suite|context)\.(?:skip|todo|only|skipIf|runIf)\b/g,
  /\b[xf](?:it|test|describe)\s*\(/g,
  /\{[^}\n]*\b(?:skip|todo|only)\s*:\s*(?:true|['"`])/g,
  /\b(?:t|this|ctx|context)\.(?:skip|todo)\s*\(/g,
  /@pytest\.mark\.(?:skip|skipif|xfail)\b/g,
  /\bpytest\.(?:skip|xfail)\s*\(/g,
  /@unittest\.(?:skip|skipIf|skipUnless|expectedFailure)\b/g,
];

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** True for a path heal reads as a test file or test helper. */
export function isTestPath(path: string): boolean {
  return TEST_FILE.test(path);
}

/** What a change does to the tests in one file, as a phrase; null when it does not weaken them. */
export function describeTestWeakening(path: string, before: string | null, after: string | null): string | null {
  if (!isTestPath(path) || before === null) return null;
  if (after === null) return 'deletes the test file';
  const removed = count(before, TEST_CASE) - count(after, TEST_CASE);
  if (removed > 0) return `removes ${removed} test${removed === 1 ? '' : 's'}`;
  const skipped = SKIP.reduce((sum, pattern) => sum + count(after, pattern) - count(before, pattern), 0);
  return skipped > 0 ? `skips or focuses ${skipped} test${skipped === 1 ? '' : 's'}` : null;
}
