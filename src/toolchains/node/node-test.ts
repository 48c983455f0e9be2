import { isAbsolute } from 'node:path';
import type { Command } from '../../adapters/process-runner.js';
import type { PlanContext, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput, Findings } from '../types.js';
import { readCoverage } from './istanbul.js';
import { readLcov } from './lcov.js';
import { readNodeTestEvents } from './node-test-events.js';
import { NODE_TEST_REPORTER_SOURCE } from './node-test-reporter.js';
import { parseNodeTestScript, wrapNodeCall, type NodeTestScript } from './node-test-script.js';
import { argv, binPath, outPath, testScript } from './project.js';
import { noReportError } from './read-json.js';

/**
 * node:test, when the `test` script runs `node --test`. heal re-runs the same invocation (the
 * user's node flags and test paths) with its own reporter (see node-test-reporter.ts) writing JSON
 * lines, the spec reporter on stdout for the log, and coverage: through c8 (istanbul JSON) when c8
 * is installed, else node's built-in `--experimental-test-coverage` with the lcov reporter.
 */

export const NODE_TEST_EVENTS = 'events';
export const NODE_TEST_COVERAGE = 'coverage';
export const NODE_TEST_LCOV = 'lcov';

interface Paths {
  reporter: string;
  events: string;
  lcov: string;
  coverageDir: string;
}

function pathsOf(context: PlanContext): Paths {
  return {
    reporter: outPath(context.outDir, 'node-test-reporter.mjs'),
    events: outPath(context.outDir, 'node-test.jsonl'),
    lcov: outPath(context.outDir, 'lcov.info'),
    coverageDir: outPath(context.outDir, 'coverage'),
  };
}

/** Pure: the command for a parsed test script, with or without c8. */
export function nodeTestCommand(script: NodeTestScript, paths: Paths, hasC8: boolean): Command {
  const reporters = [
    // node resolves a bare reporter path as a package name: make it absolute or ./-relative.
    `--test-reporter=${isAbsolute(paths.reporter) ? paths.reporter : `./${paths.reporter}`}`,
    `--test-reporter-destination=${paths.events}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
  ];
  const builtinCoverage = ['--experimental-test-coverage', '--test-reporter=lcov', `--test-reporter-destination=${paths.lcov}`];
  const nodeFlags = ['--test', ...reporters, ...(hasC8 ? [] : builtinCoverage)];
  const c8 = hasC8 ? [binPath('c8'), '--reporter=json', `--report-dir=${paths.coverageDir}`] : [];
  if (script.shellLine !== null) return { shell: wrapNodeCall(script.shellLine, c8, nodeFlags) };
  const [program = 'node', ...rest] = [...c8, 'node', ...nodeFlags, ...script.nodeArgs, ...script.paths];
  return argv(program, ...rest);
}

export function planNodeTest(facts: ProjectFacts, context: PlanContext): PlannedStep | null {
  const script = parseNodeTestScript(testScript(facts) ?? '');
  if (!script) return null;
  const paths = pathsOf(context);
  const hasC8 = facts.nodeBins.has('c8');
  const coverage: Record<string, string> = hasC8
    ? { [NODE_TEST_COVERAGE]: `${paths.coverageDir}/coverage-final.json` }
    : { [NODE_TEST_LCOV]: paths.lcov };
  return {
    kind: 'test',
    tool: 'node-test',
    main: {
      command: nodeTestCommand(script, paths, hasC8),
      ...(Object.keys(script.env).length > 0 ? { env: script.env } : {}),
      outputs: { [NODE_TEST_EVENTS]: paths.events, ...coverage },
      writeFiles: { [paths.reporter]: NODE_TEST_REPORTER_SOURCE },
    },
    after: [],
    missing: null,
  };
}

export async function parseNodeTest(output: ToolOutput): Promise<Findings> {
  const events = output.files[NODE_TEST_EVENTS];
  if (events === undefined) return { error: noReportError('node --test', output) };
  const { tests, failedTests } = readNodeTestEvents(events, output.projectDir);
  const lcov = output.files[NODE_TEST_LCOV];
  const coverage =
    lcov !== undefined ? await readLcov(output, lcov) : await readCoverage(output, output.files[NODE_TEST_COVERAGE]);
  return { tests, failedTests, coverage };
}

export const nodeTest: ToolDefinition = { id: 'node-test', kind: 'test', plan: planNodeTest, parse: parseNodeTest };
