import type { FileLineDiff } from './validate-diff.js';
import type { FailureAnalysis, FailureCategory } from '../types.js';

/**
 * The rule that keeps heal honest: tests are never edited to pass. A test file may change only to
 * repair its own broken code (an import, a name, its syntax, a missing `await`, a lint finding the
 * analysis located in that file), and even then no assertion, test or skip marker moves.
 */

/** Why a test-file change was refused. */
export type TestEditRule = 'test-edit' | 'assertion-changed' | 'test-skipped' | 'test-removed';

/** A refused test-file change and a one-line reason. */
export interface TestEditProblem {
  rule: TestEditRule;
  message: string;
}

/** Failure categories whose fix may rightly live in a test file: the test's own code is broken. */
const OWN_CODE_CATEGORIES: ReadonlySet<FailureCategory> = new Set(['import', 'reference', 'syntax', 'async', 'lint']);

// `spec/` only at the root (Jasmine, RSpec): deeper, it is as often source code (an API spec parser).

const ASSERTION =
  /(?<![\w$])(?:expect|assert\w*)\b|\bt\.(?:equal|deepEqual|notEqual|strictEqual|notStrictEqual|is|not|truthy|falsy|true|false|ok|notOk|same|notSame|throws|rejects|match|like|snapshot|fail)\s*\(|\.should\b|(?<![.\w$])should\s*[.(]|\bpytest\.(?:raises|approx|warns)\b|\bself\.fail\w*\s*\(/g;
const SKIP =
  /(?<![.\w$])(?:it|test|describe|suite|context|specify)(?:\.\w+)*\.(?:skip|only|todo|skipIf|runIf|fails)\b|(?<![.\w$])[xf](?:it|test|describe|context|specify)\s*\(|@pytest\.mark\.(?:skip|skipif|xfail)\b|\bpytest\.(?:skip|xfail|importorskip)\s*\(|\bunittest\.(?:skip\w*|expectedFailure)\b|^\s*@(?:skip\w*|expectedFailure)\b|\.skipTest\s*\(|\bthis\.skip\s*\(|\bt\.(?:skip|todo)\s*\(|\b(?:skip|todo|only)\s*:\s*(?:true|['"`])/gm;
const TEST_DEFINITION =
  /(?<![.\w$])(?:it|test|specify|describe|suite|context)(?:\.\w+)*\s*\(|^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*|^[ \t]*class[ \t]+Test\w*/gm;

/** Import statements name `expect` or `assert` without asserting anything. */
const IMPORT_LINE = /^\s*(?:import\b|from\s+\S+\s+import\b|(?:const|let|var)\s[^=]*=\s*require\s*\()/;

function count(pattern: RegExp, text: string): number {
  return [...text.matchAll(pattern)].length;
}

function isAssertionLine(line: string): boolean {
  return !IMPORT_LINE.test(line) && count(ASSERTION, line) > 0;
}

function countAssertions(text: string): number {
  return text
    .split('\n')
    .filter((line) => !IMPORT_LINE.test(line))
    .reduce((sum, line) => sum + count(ASSERTION, line), 0);
}

/** A line reduced to what an assertion means: whitespace, quotes, parentheses, `await` and `== None` spelling aside. */
export function normalizeAssertionText(text: string): string {
  return text
    .replace(/==\s*None\b/g, ' is None')
    .replace(/!=\s*None\b/g, ' is not None')
    .replace(/\b(?:await|async)\s+/g, '')
    .replaceAll('"', "'")
    .replace(/[\s();]/g, '')
    .replace(/,(?=[\]}]|$)/g, '');
}

function findChangedAssertion(diff: FileLineDiff): string | null {
  for (const hunk of diff.hunks) {
    // A hunk that only reflows lines (a formatter) changes no assertion.
    if (normalizeAssertionText(hunk.removed.join('')) === normalizeAssertionText(hunk.added.join(''))) continue;
    const added = new Set(hunk.added.map(normalizeAssertionText));
    const changed = hunk.removed.find((line) => isAssertionLine(line) && !added.has(normalizeAssertionText(line)));
    if (changed !== undefined) return changed.trim();
  }
  return null;
}

/** Checks one test-file change against the analyses it targets; null when it is allowed. */
export function checkTestEdit(
  path: string,
  before: string,
  after: string,
  diff: FileLineDiff,
  analyses: readonly FailureAnalysis[],
): TestEditProblem | null {
  const isOwnCode = analyses.some((analysis) => analysis.location?.file === path && OWN_CODE_CATEGORIES.has(analysis.category));
  if (!isOwnCode) {
    return { rule: 'test-edit', message: `${path} is a test file and no targeted failure is located in its own code` };
  }
  if (count(SKIP, after) > count(SKIP, before)) {
    return { rule: 'test-skipped', message: `${path}: the fix adds a skip, only or todo marker` };
  }
  if (count(TEST_DEFINITION, after) < count(TEST_DEFINITION, before)) {
    return { rule: 'test-removed', message: `${path}: the fix removes a test definition` };
  }
  if (countAssertions(after) < countAssertions(before)) {
    return { rule: 'assertion-changed', message: `${path}: the fix removes an assertion` };
  }
  const changed = findChangedAssertion(diff);
  if (changed !== null) return { rule: 'assertion-changed', message: `${path}: the fix changes the assertion \`${changed}\`` };
  return null;
}
