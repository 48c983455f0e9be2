import { describe, expect, it } from 'vitest';
import { readNodeTestEvents } from '../../../../src/toolchains/node/node-test-events.js';
import { NODE_TEST_REPORTER_SOURCE } from '../../../../src/toolchains/node/node-test-reporter.js';
import { parseNodeTestScript, splitWords } from '../../../../src/toolchains/node/node-test-script.js';
import {
  NODE_TEST_COVERAGE,
  NODE_TEST_EVENTS,
  NODE_TEST_LCOV,
  parseNodeTest,
  planNodeTest,
} from '../../../../src/toolchains/node/node-test.js';
import { CONTEXT, captured, makeFacts, toolOutput } from './facts.js';

const PROJECT = '/tmp/heal-capture-node/node-test-mixed';
const OUT = '.heal/builds/b1';
const REPORTERS = [
  `--test-reporter=./${OUT}/node-test-reporter.mjs`,
  `--test-reporter-destination=${OUT}/node-test.jsonl`,
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
];

describe('parseNodeTestScript', () => {
  it('keeps the user flags and paths, and drops the reporter flags heal sets itself', () => {
    expect(parseNodeTestScript('node --test --test-reporter dot --import tsx test/ "other dir/x.test.js"')).toEqual({
      env: {},
      nodeArgs: ['--import', 'tsx'],
      paths: ['test/', 'other dir/x.test.js'],
      shellLine: null,
    });
  });

  it('reads leading environment assignments and the node:test segment of a compound script', () => {
    expect(parseNodeTestScript('npm run build && NODE_ENV=test node --test --test-concurrency=1')).toEqual({
      env: { NODE_ENV: 'test' },
      nodeArgs: ['--test-concurrency=1'],
      paths: [],
      shellLine: null,
    });
  });

  it('keeps unquoted globs for the shell and quoted ones for node', () => {
    expect(parseNodeTestScript('node --test test/*.test.js')?.shellLine).toBe('node --test test/*.test.js');
    expect(parseNodeTestScript("node --test 'test/**/*.test.js'")).toMatchObject({ shellLine: null, paths: ['test/**/*.test.js'] });
  });

  it('ignores scripts that do not run node --test', () => {
    expect(parseNodeTestScript('vitest run')).toBeNull();
    expect(parseNodeTestScript('node scripts/test.js')).toBeNull();
  });

  it('splits words with quotes', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g`)).toEqual(['a', 'b c', 'd e', 'f g']);
    expect(splitWords('a "b')).toBeNull();
  });
});

describe('planNodeTest', () => {
  const pkg = { name: 'app', scripts: { test: 'node --test test/' } };

  it('runs the same tests with heal reporter, spec output and built-in lcov coverage', () => {
    const step = planNodeTest(makeFacts({ packageJson: pkg }), CONTEXT);
    expect(step?.main.command).toEqual({
      argv: [
        'node',
        '--test',
        ...REPORTERS,
        '--experimental-test-coverage',
        '--test-reporter=lcov',
        `--test-reporter-destination=${OUT}/lcov.info`,
        'test/',
      ],
    });
    expect(step?.main.outputs).toEqual({ events: `${OUT}/node-test.jsonl`, lcov: `${OUT}/lcov.info` });
    expect(step?.main.writeFiles).toEqual({ [`${OUT}/node-test-reporter.mjs`]: NODE_TEST_REPORTER_SOURCE });
    expect(step?.missing).toBeNull();
  });

  it('measures coverage with c8 when it is installed', () => {
    const step = planNodeTest(makeFacts({ packageJson: pkg, nodeBins: ['c8'] }), CONTEXT);
    expect(step?.main.command).toEqual({
      argv: ['node_modules/.bin/c8', '--reporter=json', `--report-dir=${OUT}/coverage`, 'node', '--test', ...REPORTERS, 'test/'],
    });
    expect(step?.main.outputs).toEqual({ events: `${OUT}/node-test.jsonl`, coverage: `${OUT}/coverage/coverage-final.json` });
  });

  it('passes environment assignments as env and shell globs through the shell', () => {
    const step = planNodeTest(makeFacts({ packageJson: { name: 'a', scripts: { test: 'TZ=UTC node --test test/*.js' } } }), CONTEXT);
    expect(step?.main.env).toEqual({ TZ: 'UTC' });
    expect(step?.main.command).toEqual({
      shell: `TZ=UTC node --test ${REPORTERS.join(' ')} --experimental-test-coverage --test-reporter=lcov --test-reporter-destination=${OUT}/lcov.info --test test/*.js`,
    });
  });

  it('does not apply to other test scripts', () => {
    expect(planNodeTest(makeFacts({ packageJson: { name: 'a', scripts: { test: 'jest' } } }), CONTEXT)).toBeNull();
  });
});

describe('heal node:test reporter on a real Node 20.20 run', () => {
  const events = captured('node-test/mixed-outcomes.jsonl');

  it('counts tests from node summary', () => {
    // Printed: tests 10, pass 3, fail 3, cancelled 2, skipped 1, todo 1.
    expect(readNodeTestEvents(events, PROJECT).tests).toEqual({ total: 10, passed: 3, failed: 5, skipped: 2 });
  });

  it('reports suite paths, messages and failure locations', () => {
    const failed = readNodeTestEvents(events, PROJECT).failedTests;
    expect(failed.map(({ id, message, location }) => ({ id, message, location }))).toEqual([
      {
        id: 'test/broken.test.js::(test file failed to run)',
        message:
          "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/tmp/heal-capture-node/node-test-mixed/src/nope.js' imported from /tmp/heal-capture-node/node-test-mixed/test/broken.test.js",
        location: null,
      },
      {
        id: 'test/cart.test.js::total > is zero for no lines',
        message: 'Expected values to be strictly equal:\n\n0 !== 1',
        location: { file: 'test/cart.test.js', line: 11, column: 12 },
      },
      {
        id: 'test/cart.test.js::discount > throws on bad percent',
        message: 'bad percent 120',
        location: { file: 'src/cart.js', line: 13, column: 11 },
      },
      {
        id: 'test/hooks.test.js::with failing hook > a',
        message: 'setup exploded',
        location: { file: 'test/hooks.test.js', line: 3, column: 24 },
      },
      {
        id: 'test/hooks.test.js::with failing hook > b',
        message: 'setup exploded',
        location: { file: 'test/hooks.test.js', line: 3, column: 24 },
      },
    ]);
    expect(failed[2]?.stack).toMatch(/^RangeError: bad percent 120\n {4}at discount \(file:\/\/\//);
  });
});

describe.each(['22', '24'])('heal node:test reporter on a real Node %s run', (major) => {
  const project = `/tmp/heal-capture-node/node-test-mixed-node${major}`;

  it('reads the same counts, ids and locations as on Node 20', async () => {
    const findings = await parseNodeTest(
      toolOutput({
        projectDir: project,
        files: {
          [NODE_TEST_EVENTS]: captured(`node-test/mixed-outcomes.node${major}.jsonl`),
          [NODE_TEST_LCOV]: captured(`node-test/mixed-outcomes.node${major}.lcov.info`),
        },
        sourcesFrom: 'node-test/mixed-outcomes.project',
      }),
    );
    expect(findings.tests).toEqual({ total: 10, passed: 3, failed: 5, skipped: 2 });
    expect(findings.failedTests?.map((test) => [test.id, test.location && `${test.location.file}:${test.location.line}`]).sort()).toEqual([
      ['test/broken.test.js::(test file failed to run)', null],
      ['test/cart.test.js::discount > throws on bad percent', 'src/cart.js:13'],
      ['test/cart.test.js::total > is zero for no lines', 'test/cart.test.js:11'],
      ['test/hooks.test.js::with failing hook > a', 'test/hooks.test.js:3'],
      ['test/hooks.test.js::with failing hook > b', 'test/hooks.test.js:3'],
    ]);
    expect(findings.failedTests?.find((test) => test.file === 'test/broken.test.js')?.message).toMatch(
      /^Error \[ERR_MODULE_NOT_FOUND\]: Cannot find module '.*\/src\/nope\.js' imported from /,
    );
    // Printed: "cart.js | 88.89 | 100.00 | 66.67 | 29-30 34-35".
    expect(findings.coverage).toMatchObject({ line_pct: 88.89, branch_pct: 100, lines: { covered: 32, total: 36 } });
    expect(findings.coverage?.files.map((file) => file.file)).toEqual(['src/cart.js']);
  });
});

describe('parseNodeTest coverage', () => {
  it('reads built-in lcov coverage with the figures node printed, leaving test files out', async () => {
    const findings = await parseNodeTest(
      toolOutput({
        projectDir: PROJECT,
        files: { [NODE_TEST_EVENTS]: captured('node-test/mixed-outcomes.jsonl'), [NODE_TEST_LCOV]: captured('node-test/mixed-outcomes.lcov.info') },
        sourcesFrom: 'node-test/mixed-outcomes.project',
      }),
    );
    // Printed: "src/cart.js | 88.89 | 100.00 | 66.67 | 29-30 34-35".
    expect(findings.coverage).toMatchObject({ tool: 'lcov', line_pct: 88.89, branch_pct: 100, lines: { covered: 32, total: 36 } });
    const cart = findings.coverage?.files[0];
    expect(findings.coverage?.files.map((file) => file.file)).toEqual(['src/cart.js']);
    expect(cart?.missed_lines).toEqual([
      [29, 30],
      [34, 35],
    ]);
    expect(cart?.functions).toEqual([
      { name: 'total', start_line: 2, end_line: 8, lines: { covered: 7, total: 7 } },
      { name: 'discount', start_line: 11, end_line: 16, lines: { covered: 6, total: 6 } },
      { name: 'Cart.constructor', start_line: 19, end_line: 21, lines: { covered: 3, total: 3 } },
      { name: 'Cart.add', start_line: 23, end_line: 26, lines: { covered: 4, total: 4 } },
      { name: 'Cart.clear', start_line: 28, end_line: 30, lines: { covered: 1, total: 3 } },
      { name: 'describeCart', start_line: 33, end_line: 36, lines: { covered: 2, total: 4 } },
    ]);
  });

  it('reads c8 coverage with the figures c8 printed', async () => {
    const findings = await parseNodeTest(
      toolOutput({
        projectDir: '/tmp/heal-capture-node/node-test-c8',
        files: {
          [NODE_TEST_EVENTS]: captured('node-test/mixed-outcomes.jsonl'),
          [NODE_TEST_COVERAGE]: captured('node-test/mixed-outcomes-c8.coverage-final.json'),
        },
      }),
    );
    // Printed: "cart.js | 88.88 | 100 | 66.66 | 88.88 | 29-30,34-35".
    expect(findings.coverage).toMatchObject({ tool: 'istanbul', line_pct: 88.88, branch_pct: 100 });
    expect(findings.coverage?.files[0]?.missed_lines).toEqual([
      [29, 30],
      [34, 35],
    ]);
  });

  it('reads the capture script c8 run (js-node-test-c8 fixture)', async () => {
    const findings = await parseNodeTest(
      toolOutput({
        projectDir: '/tmp/heal-capture/js-node-test-c8',
        files: { [NODE_TEST_EVENTS]: '', [NODE_TEST_COVERAGE]: captured('node-test/failing.coverage-final.json') },
      }),
    );
    expect(findings.coverage?.files.map((file) => file.file)).toEqual(['src/duration.js', 'src/plural.js']);
    expect(findings.tests).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0 });
  });

  it('counts from events when node printed no summary', () => {
    const lines = captured('node-test/mixed-outcomes.jsonl')
      .split('\n')
      .filter((line) => !line.includes('"test:diagnostic"'))
      .join('\n');
    expect(readNodeTestEvents(lines, PROJECT).tests).toEqual({ total: 10, passed: 3, failed: 5, skipped: 2 });
  });

  it('errors when the reporter wrote nothing', async () => {
    const findings = await parseNodeTest(toolOutput({ projectDir: PROJECT, stderr: 'node: bad option: --test-reporter-destination' }));
    expect(findings.error).toBe('node --test wrote no JSON report: node: bad option: --test-reporter-destination');
  });
});
