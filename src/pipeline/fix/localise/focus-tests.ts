import type { PlannedCommand, PlannedStep } from '../../../toolchains/types.js';

/** A test to run on its own: its file (relative to the project dir) and its full name ("suite > test"). */
export interface TestRef {
  file: string;
  /** Suites and title joined by " > " (JS), or the pytest name after the file ("TestCart::test_total[2]"). */
  name: string;
}

/** Runners heal can narrow to single tests by name. */
const NAMEABLE = new Set(['vitest', 'jest', 'pytest']);
/** Runners heal can narrow to test files; node:test only to files (its name patterns differ across Node versions). */
const FOCUSABLE = new Set([...NAMEABLE, 'node-test']);

/** True when the runner can run single tests by name, not only single files. */
export function canNameTests(tool: string): boolean {
  return NAMEABLE.has(tool);
}

/** Flags node takes with their value as the next word (so that word is not a test path). */
const NODE_FLAGS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C', '--test-name-pattern', '--test-skip-pattern', '--test-concurrency', '--test-timeout']);

/** node --test …: the user's test paths are the trailing words; replace them with the files. */
function focusNodeTest(argv: readonly string[], files: readonly string[]): [string, ...string[]] {
  let end = argv.length;
  while (end > 1 && !(argv[end - 1] ?? '-').startsWith('-') && !NODE_FLAGS_WITH_VALUE.has(argv[end - 2] ?? '')) end -= 1;
  const [program = 'node', ...rest] = [...argv.slice(0, end), ...files];
  return [program, ...rest];
}

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
 * without coverage. Null when the runner cannot be narrowed (node:test by name: see canNameTests). pytest-cov's `--cov` flags stay only
 * when coverage is wanted; vitest and jest drop their `--coverage*` flags otherwise.
 */
export function focusTestStep(step: PlannedStep, tests: readonly TestRef[], options: { names: boolean; coverage: boolean }): PlannedStep | null {
  const command = step.main.command;
  if (!FOCUSABLE.has(step.tool) || 'shell' in command || tests.length === 0) return null;
  const [program, ...args] = command.argv;
  const files = [...new Set(tests.map((test) => test.file))];
  if (step.tool === 'node-test') return options.names ? null : { ...step, main: withArgv(step.main, focusNodeTest(command.argv, files)) };
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
