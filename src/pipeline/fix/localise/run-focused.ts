import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProcessRunner } from '../../../adapters/process-runner.js';
import type { PlannedStep } from '../../../toolchains/types.js';
import { toProjectPath } from '../../../toolchains/coverage-math.js';
import { TOOLS_BY_ID } from '../../../toolchains/registry.js';
import { JsonTestReport } from '../../../toolchains/node/json-test-report.js';
import { firstLines, fullName, stripAnsi } from '../../../toolchains/node/test-failures.js';
import { messageOf, nodeIdOf, readJunitCases } from '../../../toolchains/python/pytest-junit.js';
import { redactFolder } from '../../build/redact-files.js';
import { runSteps } from '../../build/run-steps.js';
import { canNameTests, focusTestStep, type FocusOptions, type TestRef } from './focus-tests.js';
import { NODE_TEST_EVENTS, NODE_TEST_LCOV } from '../../../toolchains/node/node-test.js';
import { readNodeTestEvents } from '../../../toolchains/node/node-test-events.js';

/** One test's outcome in a focused run. */
export interface FocusedResult {
  ref: TestRef;
  passed: boolean;
  /** The failure's first message line(s), for a failed test; null when it passed. */
  message: string | null;
}

/** What a focused run found: every test it ran, and the raw coverage report the runner wrote, if asked. */
export interface FocusedRun {
  results: FocusedResult[];
  /** istanbul coverage-final.json (vitest, jest, node:test under c8), coverage.py's JSON, or node:test's lcov; null without coverage. */
  coverage: string | null;
  /** The run could not produce results (timeout, crash, no report). */
  error: string | null;
}

/** Runs single tests or test files in the worktree, with a budget of wall time per run. */
export interface FocusedRunner {
  /** False when the project's runner cannot be narrowed to test files (mocha, custom commands). */
  isAvailable: boolean;
  /** True when it can also run single tests by name (vitest, jest, pytest, node:test). */
  canNameTests: boolean;
  /**
   * Runs the tests' files, or the tests alone by name. A node:test run by name that cannot single
   * them out (a title shared with another test, on Node 20) fails with an error rather than
   * returning other tests' coverage.
   */
  run(tests: readonly TestRef[], options: { names: boolean; coverage: boolean }): Promise<FocusedRun>;
}

export interface FocusedRunnerOptions {
  /** Plans the project's test step with its outputs in `outDir` (the caller's planBuild over fresh facts). */
  planTestStep(outDir: string): Promise<PlannedStep | null>;
  projectDir: string;
  /** A scratch folder for outputs and logs. */
  scratchDir: string;
  runner: ProcessRunner;
  timeoutMs: number;
}

async function readText(path: string | undefined, projectDir: string): Promise<string | null> {
  return path === undefined ? null : readFile(resolve(projectDir, path), 'utf8').catch(() => null);
}

async function readResults(step: PlannedStep, projectDir: string): Promise<FocusedResult[] | null> {
  if (step.tool === 'node-test') {
    const events = await readText(step.main.outputs?.[NODE_TEST_EVENTS], projectDir);
    if (events === null) return null;
    const { passedTests, failedTests } = readNodeTestEvents(events, projectDir);
    return [
      ...passedTests.map((test) => ({ ref: test, passed: true, message: null })),
      ...failedTests.map((test) => ({ ref: { file: test.file, name: test.name }, passed: false, message: test.message })),
    ];
  }
  if (step.tool === 'pytest') {
    const xml = await readText(step.main.outputs?.junit, projectDir);
    if (xml === null) return null;
    const exists = async (path: string) => (await readText(path, projectDir)) !== null;
    const results: FocusedResult[] = [];
    for (const testcase of readJunitCases(xml)) {
      if (testcase.outcome === 'skipped') continue;
      const { file, name } = await nodeIdOf(testcase, exists);
      const passed = testcase.outcome === 'passed';
      results.push({ ref: { file, name }, passed, message: passed ? null : messageOf(testcase) });
    }
    return results;
  }
  const json = await readText(step.main.outputs?.report, projectDir);
  if (json === null) return null;
  const parsed = JsonTestReport.safeParse(JSON.parse(json));
  if (!parsed.success) return null;
  return parsed.data.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'passed' || test.status === 'failed')
      .map((test) => ({
        ref: { file: toProjectPath(projectDir, file.name), name: fullName(test.ancestorTitles, test.title) },
        passed: test.status === 'passed',
        message: test.status === 'passed' ? null : firstLines(stripAnsi(test.failureMessages?.[0] ?? 'failed')),
      })),
  );
}

const keyOf = (ref: TestRef) => `${ref.file}::${ref.name}`;

/** Did a run by name run some of the asked tests and no other? */
function ranOnly(run: FocusedRun, tests: readonly TestRef[]): boolean {
  const asked = new Set(tests.map(keyOf));
  return run.results.length > 0 && run.results.every((result) => asked.has(keyOf(result.ref)));
}

/** Why a node:test run by name cannot stand for the asked tests alone. */
function notAloneError(run: FocusedRun, tests: readonly TestRef[]): string {
  const asked = new Set(tests.map(keyOf));
  const others = run.results.filter((result) => !asked.has(keyOf(result.ref))).map((result) => `"${result.ref.name}"`);
  const names = tests.map((test) => `"${test.name}"`).join(', ');
  return others.length === 0
    ? `node --test-name-pattern matched none of ${names}`
    : `node --test-name-pattern could not single out ${names}: it also ran ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}`;
}

/** A focused runner over the project's own test step (same runner, config and environment as the build); `step` is that step as planned. */
export function createFocusedRunner(options: FocusedRunnerOptions, step: PlannedStep | null): FocusedRunner {
  let runs = 0;
  const probe = [{ file: 'probe', name: 'probe' }];
  const runFocused = async (focused: PlannedStep, outDir: string, flags: FocusOptions): Promise<FocusedRun> => {
    const [run] = await runSteps({
      steps: [{ ...focused, skip: null }],
      projectDir: options.projectDir,
      logDir: join(outDir, 'logs'),
      deadline: Date.now() + options.timeoutMs,
      runner: options.runner,
      tools: TOOLS_BY_ID,
      writable: [options.scratchDir],
    });
    if (!run || run.result?.outcome !== 'exited') return { results: [], coverage: null, error: run?.notRun?.message ?? `the focused run ${run?.result?.outcome ?? 'did not run'}` };
    const results = await readResults(focused, options.projectDir).catch(() => null);
    if (results === null) return { results: [], coverage: null, error: run.findings.error ?? 'the focused run wrote no report' };
    const coveragePath = focused.main.outputs?.coverage ?? focused.main.outputs?.[NODE_TEST_LCOV] ?? focused.after.flatMap((after) => Object.entries(after.outputs ?? {})).find(([name]) => name === 'coverage')?.[1];
    return { results, coverage: flags.coverage ? await readText(coveragePath, options.projectDir) : null, error: null };
  };
  const runOnce = async (tests: readonly TestRef[], flags: FocusOptions): Promise<FocusedRun> => {
    const outDir = join(options.scratchDir, `run-${++runs}`);
    const planned = await options.planTestStep(outDir);
    const focused = planned ? focusTestStep(planned, tests, flags) : null;
    if (!focused) return { results: [], coverage: null, error: 'the test runner cannot run single tests' };
    await rm(outDir, { recursive: true, force: true });
    try {
      return await runFocused(focused, outDir, flags);
    } finally {
      // The run's outputs stay in the run folder: what the tests printed is kept redacted.
      await redactFolder(outDir);
    }
  };
  return {
    isAvailable: step !== null && focusTestStep(step, probe, { names: false, coverage: false }) !== null,
    canNameTests: step !== null && canNameTests(step.tool) && focusTestStep(step, probe, { names: true, coverage: false }) !== null,
    async run(tests, flags) {
      if (!flags.names || step?.tool !== 'node-test') return runOnce(tests, flags);
      // By title first, which every Node version matches; by suite path only when the title also
      // ran other tests (Node 22+ tells them apart, Node 20 matches nothing). A run that ran other
      // tests is never returned: its coverage would not be the asked tests' alone.
      const byTitle = await runOnce(tests, { ...flags, nodeNames: 'title' });
      if (byTitle.error !== null || ranOnly(byTitle, tests)) return byTitle;
      const byPath = await runOnce(tests, { ...flags, nodeNames: 'path' });
      if (byPath.error !== null || ranOnly(byPath, tests)) return byPath;
      return { results: [], coverage: null, error: notAloneError(byTitle, tests) };
    },
  };
}
