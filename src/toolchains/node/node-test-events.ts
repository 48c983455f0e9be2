import { z } from 'zod';
import type { FailedTest, SourceLocation, TestCounts } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import { FILE_FAILURE_NAME, firstLines, firstRepoFrame, fullName, messageOf, stripAnsi } from './test-failures.js';

/**
 * Reads the JSON lines of heal's node:test reporter. Suite paths come from test:start events, which
 * node emits in declaration order, kept per file; counts from node's own summary diagnostics.
 * A test cancelled because its suite's hook failed carries the hook's error; a test file that
 * crashed before registering tests (import or syntax error) is one failure with its stderr.
 */

const Event = z.object({
  type: z.string(),
  name: z.string().optional(),
  nesting: z.number().int().optional(),
  file: z.string().nullish(),
  line: z.number().int().nullish(),
  column: z.number().int().nullish(),
  isSuite: z.boolean().optional(),
  isSkipped: z.boolean().optional(),
  isTodo: z.boolean().optional(),
  failureType: z.string().nullish(),
  message: z.string().optional(),
  stack: z.string().optional(),
});
type Event = z.infer<typeof Event>;

interface Failure {
  file: string;
  suites: string[];
  title: string;
  event: Event;
  isFileFailure: boolean;
}

const SUMMARY = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/;
const IGNORED_FAILURES = new Set(['subtestsFailed']);

function readEvents(text: string): Event[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const parsed = Event.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

function isAncestor(parent: Failure, child: Failure): boolean {
  const path = [...parent.suites, parent.title];
  return parent.file === child.file && path.length <= child.suites.length && path.every((name, i) => child.suites[i] === name);
}

/** The error text of a crashed file: its stderr from the first line that names an error. */
function crashText(stderr: readonly string[]): string {
  const lines = stderr.join('').split('\n');
  const start = lines.findIndex((line) => /^\w*(Error|Exception)\b|^\w+ \[ERR_/.test(line));
  return lines.slice(Math.max(0, start)).join('\n').trim();
}

/** The "file:line" header node prints above a syntax error, as a location. */
function headerLocation(stderr: readonly string[], projectDir: string): SourceLocation | null {
  const match = /^((?:file:\/\/)?\/[^\s:]+):(\d+)$/m.exec(stderr.join(''));
  if (!match?.[1]) return null;
  const file = toProjectPath(projectDir, match[1]);
  return file.startsWith('..') || file.includes('node_modules/') ? null : { file, line: Number(match[2]), column: 0 };
}

function toFailedTest(failure: Failure, source: Event, stderr: readonly string[], projectDir: string): FailedTest {
  const crash = failure.isFileFailure ? crashText(stderr) : '';
  const stack = stripAnsi(crash || source.stack || source.message || '').trimEnd();
  const message = crash ? messageOf(crash) : firstLines(stripAnsi(source.message ?? '').trim());
  const declared = source.line ? { file: failure.file, line: source.line, column: source.column ?? 0 } : null;
  const name = fullName(failure.suites, failure.title);
  return {
    id: `${failure.file}::${name}`,
    file: failure.file,
    name,
    message,
    stack,
    location: firstRepoFrame(stack, projectDir) ?? (failure.isFileFailure ? headerLocation(stderr, projectDir) : declared),
  };
}

/** Pure: counts, failed tests and the passed tests' names from the reporter's JSON lines. */
export function readNodeTestEvents(text: string, projectDir: string): { tests: TestCounts; failedTests: FailedTest[]; passedTests: Array<{ file: string; name: string }> } {
  const stacks = new Map<string, string[]>();
  const stderr = new Map<string, string[]>();
  const summary = new Map<string, number>();
  const seen = { total: 0, passed: 0, skipped: 0 };
  const failures: Failure[] = [];
  const passedTests: Array<{ file: string; name: string }> = [];
  for (const event of readEvents(text)) {
    const key = event.file ?? '';
    const file = event.file ? toProjectPath(projectDir, event.file) : '';
    const nesting = event.nesting ?? 0;
    if (event.type === 'test:start' && event.name !== undefined) {
      const stack = stacks.get(key) ?? [];
      stack.length = nesting;
      stack[nesting] = event.name;
      stacks.set(key, stack);
    } else if (event.type === 'test:stderr') {
      // Keyed by project path: node 22+ names the file relative here but absolute in test events.
      stderr.set(file, [...(stderr.get(file) ?? []), event.message ?? '']);
    } else if (event.type === 'test:diagnostic' && nesting === 0) {
      const match = SUMMARY.exec(event.message ?? '');
      if (match?.[1]) summary.set(match[1], Number(match[2]));
    } else if (event.type === 'test:pass' && !event.isSuite) {
      seen.total += 1;
      if (event.isSkipped || event.isTodo) seen.skipped += 1;
      else {
        seen.passed += 1;
        if (event.name !== undefined) passedTests.push({ file, name: fullName((stacks.get(key) ?? []).slice(0, nesting), event.name) });
      }
    } else if (event.type === 'test:fail' && event.name !== undefined && !IGNORED_FAILURES.has(event.failureType ?? '')) {
      // The wrapper test of a whole file is named by its path: absolute on Node 20, relative on 22+.
      const isFileFailure = nesting === 0 && file !== '' && toProjectPath(projectDir, event.name) === file;
      if (!event.isSuite) seen.total += 1;
      const suites = (stacks.get(key) ?? []).slice(0, nesting);
      failures.push({ file, suites, title: isFileFailure ? FILE_FAILURE_NAME : event.name, event, isFileFailure });
    }
  }
  return {
    tests: summary.has('tests') ? countFromSummary(summary) : countFromEvents(seen),
    failedTests: collectFailedTests(failures, stderr, projectDir),
    passedTests,
  };
}

/**
 * Failed tests in event order; a test cancelled by its suite takes the suite's error (a failed
 * hook), and a failed suite whose error no test carries is reported by itself.
 */
function collectFailedTests(failures: readonly Failure[], stderr: ReadonlyMap<string, string[]>, projectDir: string): FailedTest[] {
  const absorbed = new Set<Failure>();
  const failedTests: FailedTest[] = [];
  for (const failure of failures) {
    if (failure.event.isSuite) continue;
    const cause =
      failure.event.failureType === 'cancelledByParent'
        ? failures.find((other) => other.event.isSuite && isAncestor(other, failure))
        : undefined;
    if (cause) absorbed.add(cause);
    const source = cause ? { ...cause.event, line: failure.event.line, column: failure.event.column } : failure.event;
    failedTests.push(toFailedTest(failure, source, stderr.get(failure.file) ?? [], projectDir));
  }
  for (const failure of failures) {
    if (failure.event.isSuite && !absorbed.has(failure)) failedTests.push(toFailedTest(failure, failure.event, [], projectDir));
  }
  return failedTests;
}

/** Node's own summary: cancelled tests count as failed, todo ones as skipped. */
function countFromSummary(summary: ReadonlyMap<string, number>): TestCounts {
  const count = (name: string): number => summary.get(name) ?? 0;
  return {
    total: count('tests'),
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
}

/** Counts from the pass/fail events, when the run ended before node printed its summary. */
function countFromEvents(seen: { total: number; passed: number; skipped: number }): TestCounts {
  return { total: seen.total, passed: seen.passed, failed: seen.total - seen.passed - seen.skipped, skipped: seen.skipped };
}
