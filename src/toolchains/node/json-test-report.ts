import { z } from 'zod';
import type { FailedTest, TestCounts } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import { FILE_FAILURE_NAME, firstLines, stripAnsi, toFailedTest } from './test-failures.js';

/**
 * The jest-format JSON report that both jest (`--json`) and vitest (`--reporter=json`) write:
 * per file, its tests with suite titles, status and failure messages (message then stack).
 */

const Assertion = z.object({
  ancestorTitles: z.array(z.string()),
  title: z.string(),
  status: z.string(),
  failureMessages: z.array(z.string()).nullish(),
});
const FileResult = z.object({
  name: z.string(),
  status: z.string(),
  message: z.string().nullish(),
  assertionResults: z.array(Assertion),
});
/** The subset of the report heal reads. */
export const JsonTestReport = z.object({
  numTotalTests: z.number().int(),
  numPassedTests: z.number().int(),
  numFailedTests: z.number().int(),
  numPendingTests: z.number().int(),
  numTodoTests: z.number().int().optional(),
  testResults: z.array(FileResult),
});
export type JsonTestReport = z.infer<typeof JsonTestReport>;

/**
 * Pure: counts and failed tests of a jest-format report. A file that failed before running tests
 * (import or syntax error) becomes one failed test named FILE_FAILURE_NAME and counts as failed.
 */
export function readJsonTestReport(report: JsonTestReport, projectDir: string): { tests: TestCounts; failedTests: FailedTest[] } {
  const failedTests: FailedTest[] = [];
  let fileFailures = 0;
  for (const result of report.testResults) {
    const file = toProjectPath(projectDir, result.name);
    for (const test of result.assertionResults) {
      if (test.status !== 'failed') continue;
      const failure = (test.failureMessages ?? []).join('\n\n');
      failedTests.push(toFailedTest({ file, suites: test.ancestorTitles, title: test.title, failure, projectDir }));
    }
    const message = stripAnsi(result.message ?? '').trim();
    if (result.status === 'failed' && result.assertionResults.length === 0 && message !== '') {
      fileFailures += 1;
      failedTests.push({
        ...toFailedTest({ file, suites: [], title: FILE_FAILURE_NAME, failure: message, projectDir }),
        message: suiteFailureMessage(message),
      });
    }
  }
  return {
    tests: {
      total: report.numTotalTests + fileFailures,
      passed: report.numPassedTests,
      failed: report.numFailedTests + fileFailures,
      skipped: report.numPendingTests + (report.numTodoTests ?? 0),
    },
    failedTests,
  };
}

/**
 * The error of a file that failed to run, without jest's "● Test suite failed to run" heading, code
 * frame and stack (vitest's message is already bare).
 */
export function suiteFailureMessage(text: string): string {
  const lines = text.split('\n').filter((line) => !/^\s*●/.test(line));
  const end = lines.findIndex((line) => /^\s*>?\s*\d+ \|/.test(line) || /^\s*at /.test(line));
  const kept = (end === -1 ? lines : lines.slice(0, end)).map((line) => line.trim());
  return firstLines(kept.join('\n').trim());
}
