import type { PlannedCommand, PlannedStep } from '../../../toolchains/types.js';

/** A test to run on its own: its file (relative to the project dir) and its full name ("suite > test"). */
export interface TestRef {
  file: string;
  /** Suites and title joined by " > " (JS), or the pytest name after the file ("TestCart::test_total[2]"). */
  name: string;
}

/** Runners heal can narrow to single tests. Others (node:test, mocha, custom commands) get no focused runs. */
const FOCUSABLE = new Set(['vitest', 'jest', 'pytest']);

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** vitest and jest match `-t` against the suites and title joined by spaces. */
function namePattern(tests: readonly TestRef[]): string {
  return `^(${tests.map((test) => escapeRegExp(test.name.split(' > ').join(' '))).join('|')})$`;
}

const JS_COVERAGE_ARG = /^--coverage/;
const PY_COVERAGE_ARG = /^--cov/;

/**
 * Pure: the test step narrowed to some test files (`names: false`) or to single tests, with or
 * without coverage. Null when the runner cannot be narrowed. pytest-cov's `--cov` flags stay only
 * when coverage is wanted; vitest and jest drop their `--coverage*` flags otherwise.
 */
export function focusTestStep(step: PlannedStep, tests: readonly TestRef[], options: { names: boolean; coverage: boolean }): PlannedStep | null {
  const command = step.main.command;
  if (!FOCUSABLE.has(step.tool) || 'shell' in command || tests.length === 0) return null;
  const [program, ...args] = command.argv;
  const files = [...new Set(tests.map((test) => test.file))];
  if (step.tool === 'pytest') {
    const isCoverageRun = args[0] === '-m' && args[1] === 'coverage';
    if (isCoverageRun && !options.coverage) return null;
    const kept = options.coverage ? args : args.filter((arg) => !PY_COVERAGE_ARG.test(arg));
    const targets = options.names ? tests.map((test) => `${test.file}::${test.name}`) : files;
    return { ...step, main: withArgv(step.main, [program, ...kept, ...targets]), after: options.coverage ? step.after : [] };
  }
  const kept = options.coverage ? args : args.filter((arg) => !JS_COVERAGE_ARG.test(arg));
  const paths = step.tool === 'jest' ? ['--runTestsByPath', ...files] : files;
  const names = options.names ? ['-t', namePattern(tests)] : [];
  return { ...step, main: withArgv(step.main, [program, ...kept, ...paths, ...names]), after: [] };
}

function withArgv(command: PlannedCommand, argv: [string, ...string[]]): PlannedCommand {
  return { ...command, command: { argv } };
}
