import type { PlannedCommand, PlannedStep } from '../../../toolchains/types.js';

/** A test to run on its own: its file (relative to the project dir) and its full name ("suite > test"). */
export interface TestRef {
  file: string;
  /** Suites and title joined by " > " (JS), or the pytest name after the file ("TestCart::test_total[2]"). */
  name: string;
}

/**
 * What node's `--test-name-pattern` is matched against. Every Node version matches a test's own
 * title (and runs all of a suite whose title matches); Node 22+ also matches the suites and title
 * joined by spaces, which Node 20 does not. `title` works everywhere but runs every test of that
 * title; `path` singles a nested test out on Node 22+ and matches nothing on Node 20.
 */
export type NodeNameMatch = 'title' | 'path';

/** How to narrow a test step. */
export interface FocusOptions {
  /** Single tests by name (true) or whole test files (false). */
  names: boolean;
  coverage: boolean;
  /** node:test only: what the name pattern matches (default `title`). */
  nodeNames?: NodeNameMatch;
}

/** Runners heal can narrow to single tests by name (node:test through its name pattern, see NodeNameMatch). */
const NAMEABLE = new Set(['vitest', 'jest', 'pytest', 'node-test']);

/** True when the runner can run single tests by name, not only single files. */
export function canNameTests(tool: string): boolean {
  return NAMEABLE.has(tool);
}

/** Flags node takes with their value as the next word (so that word is not a test path). */
const NODE_FLAGS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C', '--test-name-pattern', '--test-skip-pattern', '--test-concurrency', '--test-timeout']);
const NODE_NAME_PATTERN = '--test-name-pattern';

/** The command before the user's trailing test paths. */
function withoutTestPaths(argv: readonly string[]): string[] {
  let end = argv.length;
  while (end > 1 && !(argv[end - 1] ?? '-').startsWith('-') && !NODE_FLAGS_WITH_VALUE.has(argv[end - 2] ?? '')) end -= 1;
  return argv.slice(0, end);
}

/** The flags without the script's own name patterns: they would widen ours (node ORs patterns), and every test heal names passed them. */
function withoutNamePatterns(flags: readonly string[]): string[] {
  return flags.filter((flag, index) => !flag.startsWith(`${NODE_NAME_PATTERN}=`) && flag !== NODE_NAME_PATTERN && flags[index - 1] !== NODE_NAME_PATTERN);
}

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pure: node's `--test-name-pattern` for some tests: their titles, or suites and titles joined by spaces (see NodeNameMatch). */
export function nodeTestNamePattern(tests: readonly TestRef[], match: NodeNameMatch): string {
  const names = tests.map((test) => {
    const path = test.name.split(' > ');
    return escapeRegExp(match === 'title' ? (path.at(-1) ?? '') : path.join(' '));
  });
  return `^(?:${[...new Set(names)].join('|')})$`;
}

/** node --test …: the user's test paths are the trailing words; replace them with the files, after a name pattern when naming. */
function focusNodeTest(argv: readonly string[], tests: readonly TestRef[], files: readonly string[], options: FocusOptions): [string, ...string[]] {
  const flags = withoutTestPaths(argv);
  const names = options.names ? [`${NODE_NAME_PATTERN}=${nodeTestNamePattern(tests, options.nodeNames ?? 'title')}`] : [];
  const [program = 'node', ...rest] = [...(options.names ? withoutNamePatterns(flags) : flags), ...names, ...files];
  return [program, ...rest];
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
 * when coverage is wanted; vitest and jest drop their `--coverage*` flags otherwise; node:test keeps
 * its coverage flags (they cost little) and takes a name pattern (see NodeNameMatch).
 */
export function focusTestStep(step: PlannedStep, tests: readonly TestRef[], options: FocusOptions): PlannedStep | null {
  const command = step.main.command;
  if (!NAMEABLE.has(step.tool) || 'shell' in command || tests.length === 0) return null;
  const [program, ...args] = command.argv;
  const files = [...new Set(tests.map((test) => test.file))];
  if (step.tool === 'node-test') return { ...step, main: withArgv(step.main, focusNodeTest(command.argv, tests, files, options)) };
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
