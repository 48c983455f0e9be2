import { join } from 'node:path';
import type { Coverage } from '../../artefacts/build-report.js';
import type {
  Findings,
  PlanContext,
  PlannedCommand,
  PlannedStep,
  ProjectFacts,
  ToolDefinition,
  ToolOutput,
} from '../types.js';
import { CoverageJsonError, readCoveragePy } from './coverage-py.js';
import { FUNCTIONS_SCRIPT, readFunctionsReport } from './functions-script.js';
import { XmlParseError } from './junit-xml.js';
import { readPythonProject } from './project-config.js';
import { countCases, readJunitCases, toFailedTests, type FileExists } from './pytest-junit.js';
import { FALLBACK_INTERPRETER, installHint, lastOutputLine, PYTHON_ENV } from './python-tool.js';
import { chooseSources, toCoverageSources } from './sources.js';

/** How coverage is measured: pytest-cov's `--cov`, `coverage run -m pytest`, or not at all. */
export type PytestCoverageMode = 'pytest-cov' | 'coverage' | 'none';

/** pytest's exit codes that mean "the tests ran" (5: no tests collected, which heal treats as a pass). */
export const PYTEST_PASS_EXIT_CODES: readonly number[] = [0, 5];

/**
 * The test step. Outputs land in `context.outDir`: `pytest.xml` (JUnit, xunit2), `.coverage`
 * (COVERAGE_FILE), `coverage.json` (`coverage json`, run after pytest because pytest-cov < 4.1
 * cannot write JSON) and `functions.json` (the ast script). `-p no:cacheprovider` and
 * PYTHONDONTWRITEBYTECODE keep `.pytest_cache` and `__pycache__` out of the user's tree.
 */
export function planPytest(facts: ProjectFacts, context: PlanContext): PlannedStep {
  const project = readPythonProject(facts);
  const python = facts.python?.interpreter ?? FALLBACK_INTERPRETER;
  const modules = facts.python?.modules ?? new Set<string>();
  const out = context.outDir;
  const env = { ...PYTHON_ENV, COVERAGE_FILE: join(out, '.coverage') };
  const pytestArgs = [
    '-q', '-p', 'no:cacheprovider', `--junitxml=${join(out, 'pytest.xml')}`, '-o', 'junit_family=xunit2',
    ...(project.markers.includes('fast') ? ['-m', 'fast'] : []),
  ];
  const mode: PytestCoverageMode = modules.has('pytest_cov')
    ? 'pytest-cov'
    : modules.has('coverage')
      ? 'coverage'
      : 'none';
  const sources = project.hasCoverageSource ? [] : toCoverageSources(chooseSources(facts, project));
  const argv: [string, ...string[]] =
    mode === 'pytest-cov'
      ? [python, '-m', 'pytest', ...pytestArgs, ...covArgs(sources), '--cov-branch', '--cov-report=']
      : mode === 'coverage'
        ? [python, '-m', 'coverage', 'run', '--branch', ...sourceArgs(sources), '-m', 'pytest', ...pytestArgs]
        : [python, '-m', 'pytest', ...pytestArgs];
  return {
    kind: 'test',
    tool: 'pytest',
    main: { command: { argv }, env, outputs: { junit: join(out, 'pytest.xml') } },
    passExitCodes: PYTEST_PASS_EXIT_CODES,
    after:
      mode === 'none' ? [] : planCoverageReports(python, out, env, mode === 'coverage' && project.isCoverageParallel),
    missing: describeMissingPytest(facts),
  };
}

function covArgs(sources: readonly string[]): string[] {
  return sources.length === 0 ? ['--cov'] : sources.map((source) => `--cov=${source}`);
}

function sourceArgs(sources: readonly string[]): string[] {
  return sources.length === 0 ? [] : [`--source=${sources.join(',')}`];
}

function planCoverageReports(
  python: string,
  out: string,
  env: Record<string, string>,
  isParallel: boolean,
): PlannedCommand[] {
  const combine: PlannedCommand = { command: { argv: [python, '-m', 'coverage', 'combine'] }, env };
  const json = join(out, 'coverage.json');
  const functions = join(out, 'functions.json');
  return [
    ...(isParallel ? [combine] : []),
    {
      command: { argv: [python, '-m', 'coverage', 'json', '-i', '-o', json] },
      env,
      outputs: { coverage: json },
    },
    {
      command: { argv: [python, '-c', FUNCTIONS_SCRIPT, json, functions] },
      env,
      outputs: { functions },
    },
  ];
}

/** The `python-missing` case: no interpreter, or one that cannot import pytest. */
export function describeMissingPytest(facts: ProjectFacts): string | null {
  if (facts.python?.modules.has('pytest')) return null;
  const hint = installHint('pytest');
  if (!facts.python) {
    return `no Python interpreter was found: install Python 3 and pytest (${hint}), or set \`python\` in heal's config`;
  }
  return (
    `pytest is not installed for ${facts.python.interpreter}: install it (${hint}), ` +
    `or set \`python\` in heal's config to an interpreter that has it`
  );
}

const NOT_A_TEST_RUN: Readonly<Record<number, string>> = {
  2: 'was interrupted',
  3: 'hit an internal error',
  4: 'rejected its arguments or config',
};

/**
 * Reads the JUnit report and coverage. Exit codes: 0 passed, 1 tests failed, 5 no tests collected
 * (zero tests, not an error: see PYTEST_PASS_EXIT_CODES). 2 (interrupted) is an error unless the
 * report holds errored cases, i.e. collection errors, which are reported as failed tests since
 * they are the code's fault (an ImportError, a SyntaxError). 3 (internal error), 4 (usage error),
 * any other code without failed tests, or a missing report: `error`.
 */
export async function parsePytest(output: ToolOutput): Promise<Findings> {
  const coverage = readCoverage(output);
  const code = output.exitCode;
  const junit = output.files.junit;
  if (junit === undefined) {
    if (code === 5) return { tests: { total: 0, passed: 0, failed: 0, skipped: 0 }, failedTests: [], coverage };
    const why = lastOutputLine(output.stderr, output.stdout);
    return { error: `pytest wrote no JUnit report (exit ${code ?? 'none'}): ${why}` };
  }
  let cases;
  try {
    cases = readJunitCases(junit);
  } catch (error) {
    if (error instanceof XmlParseError) return { error: `pytest's JUnit report is not valid XML: ${error.message}` };
    throw error;
  }
  const failedTests = await toFailedTests(cases, output.projectDir, cachedExists(output));
  const findings: Findings = { tests: countCases(cases), failedTests, coverage };
  if (code === null || code === 0 || code === 1 || code === 5) return findings;
  if (code === 2 && failedTests.length > 0) return findings;
  const what = NOT_A_TEST_RUN[code] ?? 'failed';
  return { ...findings, error: `pytest ${what} (exit ${code}): ${lastOutputLine(output.stderr, output.stdout)}` };
}

function readCoverage(output: ToolOutput): Coverage | null {
  const text = output.files.coverage;
  if (text === undefined) return null;
  try {
    return readCoveragePy(text, output.projectDir, readFunctionsReport(output.files.functions));
  } catch (error) {
    if (error instanceof CoverageJsonError) return null; // A broken report does not undo the test run.
    throw error;
  }
}

function cachedExists(output: ToolOutput): FileExists {
  const seen = new Map<string, Promise<boolean>>();
  return (path) => {
    const known = seen.get(path);
    if (known) return known;
    const found = output.readSource(path).then((text) => text !== null);
    seen.set(path, found);
    return found;
  };
}

/** pytest as a heal tool. */
export const pytestTool: ToolDefinition = {
  id: 'pytest',
  kind: 'test',
  plan: planPytest,
  parse: parsePytest,
};
