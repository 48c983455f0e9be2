import type { FailedTest, SourceLocation, TestCounts } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import { findElements, parseXml } from './junit-xml.js';

/** One `<testcase>` of a pytest JUnit report. */
export interface JunitCase {
  classname: string;
  name: string;
  /** `file` attribute (xunit1 only; xunit2 omits it). */
  file: string | null;
  outcome: 'passed' | 'failed' | 'error' | 'skipped';
  /** The failure's or error's `message` attribute. */
  message: string;
  /** The failure's or error's text: pytest's traceback. */
  text: string;
}

/** Reads the test cases of a JUnit XML report; throws XmlParseError when it is not XML. */
export function readJunitCases(xml: string): JunitCase[] {
  return findElements(parseXml(xml), 'testcase').map((testcase) => {
    const problem =
      testcase.children.find((child) => child.name === 'failure') ??
      testcase.children.find((child) => child.name === 'error');
    const isSkipped = testcase.children.some((child) => child.name === 'skipped');
    const outcome = problem ? (problem.name === 'failure' ? 'failed' : 'error') : isSkipped ? 'skipped' : 'passed';
    return {
      classname: testcase.attributes.get('classname') ?? '',
      name: testcase.attributes.get('name') ?? '',
      file: testcase.attributes.get('file') ?? null,
      outcome,
      message: problem?.attributes.get('message') ?? '',
      text: problem?.text ?? '',
    };
  });
}

/** Counts as pytest's summary does: errors (setup, teardown, collection) count as failed. */
export function countCases(cases: readonly JunitCase[]): TestCounts {
  const count = (...outcomes: Array<JunitCase['outcome']>): number =>
    cases.filter((testcase) => outcomes.includes(testcase.outcome)).length;
  return { total: cases.length, passed: count('passed'), failed: count('failed', 'error'), skipped: count('skipped') };
}

/** Tells whether a project-relative file exists (backed by ToolOutput.readSource). */
export type FileExists = (relativePath: string) => Promise<boolean>;

/**
 * The pytest node id of a case. pytest writes `classname` as the file path with `/` → `.` and
 * `.py` dropped, then the classes (`tests.test_x.TestFoo`); a collection error has an empty
 * classname and the dotted module as `name`. The module is the longest dotted prefix that is an
 * existing `.py` file (or matches the xunit1 `file` attribute); when none exists, the parts before
 * the first capitalized one (pytest's `Test*` class convention).
 */
export async function nodeIdOf(testcase: JunitCase, exists: FileExists): Promise<{ file: string; name: string }> {
  const isCollection = testcase.classname === '';
  const parts = (isCollection ? testcase.name : testcase.classname).split('.').filter((part) => part !== '');
  let split = -1;
  const fileStem = testcase.file?.replace(/\.py$/, '').replaceAll('\\', '/');
  for (let index = parts.length; index > 0 && split === -1; index -= 1) {
    const path = parts.slice(0, index).join('/');
    if (path === fileStem || (await exists(`${path}.py`))) split = index;
  }
  if (split === -1) {
    const firstClass = parts.findIndex((part) => /^[A-Z]/.test(part));
    split = firstClass <= 0 ? parts.length : firstClass;
  }
  const file = `${parts.slice(0, split).join('/')}.py`;
  if (isCollection) return { file, name: file };
  return { file, name: [...parts.slice(split), testcase.name].join('::') };
}

const LONG_FRAME = /^(\S+\.py):(\d+):/;
const NATIVE_FRAME = /^\s*File "(.+\.py)", line (\d+)/;

/**
 * Where the failure was raised: the last traceback frame in a project file. Understands pytest's
 * long/short style (`tests/test_x.py:12: AssertionError`, `pkg/m.py:3: in f`) and `--tb=native`.
 */
export async function locateFailure(
  traceback: string,
  projectDir: string,
  exists: FileExists,
): Promise<SourceLocation | null> {
  const lines = traceback.split(/\r?\n/).reverse();
  for (const line of lines) {
    const match = LONG_FRAME.exec(line) ?? NATIVE_FRAME.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const file = toProjectPath(projectDir, match[1]);
    if (file.startsWith('../') || file.startsWith('/') || /(^|\/)(site|dist)-packages\//.test(file)) continue;
    if (await exists(file)) return { file, line: Number(match[2]), column: 0 };
  }
  return null;
}

const MAX_MESSAGE = 2000;

/** The failure's message; for collection errors ("collection failure") the `E` lines of the traceback. */
export function messageOf(testcase: JunitCase): string {
  const errorLines = testcase.text
    .split(/\r?\n/)
    .filter((line) => /^E\s/.test(line))
    .map((line) => line.replace(/^E\s+/, ''));
  const isVague = testcase.message === '' || testcase.message === 'collection failure';
  const message = isVague && errorLines.length > 0 ? errorLines.join('\n') : testcase.message;
  return message.slice(0, MAX_MESSAGE);
}

/** The report's failed tests (failures and errors), with node ids, messages and locations. */
export async function toFailedTests(
  cases: readonly JunitCase[],
  projectDir: string,
  exists: FileExists,
): Promise<FailedTest[]> {
  const failed: FailedTest[] = [];
  for (const testcase of cases) {
    if (testcase.outcome !== 'failed' && testcase.outcome !== 'error') continue;
    const { file, name } = await nodeIdOf(testcase, exists);
    failed.push({
      id: file === name ? file : `${file}::${name}`,
      file,
      name,
      message: messageOf(testcase),
      stack: testcase.text,
      location: await locateFailure(testcase.text, projectDir, exists),
    });
  }
  return failed;
}
