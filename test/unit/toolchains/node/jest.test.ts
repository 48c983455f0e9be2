import { describe, expect, it } from 'vitest';
import { JEST_COVERAGE, JEST_REPORT, parseJest, planJest } from '../../../../src/toolchains/node/jest.js';
import { CONTEXT, captured, makeFacts, toolOutput } from './facts.js';

const PROJECT = '/tmp/heal-capture-node/jest-mixed';

function mixedOutput() {
  return toolOutput({
    projectDir: PROJECT,
    files: { [JEST_REPORT]: captured('jest/mixed-outcomes.json'), [JEST_COVERAGE]: captured('jest/mixed-outcomes.coverage-final.json') },
    sourcesFrom: 'jest/mixed-outcomes.project',
  });
}

describe('planJest', () => {
  const pkg = { name: 'app', scripts: { test: 'jest' }, devDependencies: { jest: '30.5.2' } };

  it('runs jest with JSON results, test locations and istanbul JSON coverage', () => {
    const step = planJest(makeFacts({ packageJson: pkg, nodeBins: ['jest'] }), CONTEXT);
    expect(step?.main.command).toEqual({
      argv: [
        'node_modules/.bin/jest',
        '--ci',
        '--json',
        '--outputFile=.heal/builds/b1/jest.json',
        '--testLocationInResults',
        '--coverage',
        '--coverageReporters=json',
        '--coverageDirectory=.heal/builds/b1/coverage',
      ],
    });
    expect(step?.main.outputs).toEqual({
      report: '.heal/builds/b1/jest.json',
      coverage: '.heal/builds/b1/coverage/coverage-final.json',
    });
    expect(step?.missing).toBeNull();
  });

  it('says how to install jest when its binary is missing', () => {
    const step = planJest(makeFacts({ packageJson: pkg, rootEntries: ['yarn.lock'] }), CONTEXT);
    expect(step?.missing).toBe('jest is not installed: run `yarn install` (or `yarn add -D jest`)');
  });

  it('leaves vitest projects alone, even with jest declared, when the test script runs vitest', () => {
    const both = { name: 'x', scripts: { test: 'vitest run' }, devDependencies: { jest: '30', vitest: '4' } };
    expect(planJest(makeFacts({ packageJson: both }), CONTEXT)).toBeNull();
    expect(planJest(makeFacts({ packageJson: { name: 'x' } }), CONTEXT)).toBeNull();
  });
});

describe('parseJest on a real jest 30.5.2 run', () => {
  it('counts tests as jest printed them, plus the suite that failed to run', async () => {
    // Printed: "Tests: 3 failed, 1 skipped, 5 passed, 9 total" and "Test Suites: 3 failed".
    expect((await parseJest(mixedOutput())).tests).toEqual({ total: 10, passed: 5, failed: 4, skipped: 1 });
  });

  it('reports ids, messages and locations, using the test declaration for timeouts', async () => {
    const failed = (await parseJest(mixedOutput())).failedTests ?? [];
    expect(failed.map(({ id, message, location }) => ({ id, message, location }))).toEqual([
      {
        id: 'test/fail.test.js::parseSku > valid input > splits category and number',
        message: [
          'Error: expect(received).toEqual(expected) // deep equality',
          '',
          '- Expected  - 1',
          '+ Received  + 1',
          '',
          '  Object {',
          '    "category": "BOL",',
          '-   "number": 43,',
          '+   "number": 42,',
          '  }',
        ].join('\n'),
        location: { file: 'test/fail.test.js', line: 8, column: 36 },
      },
      {
        id: 'test/fail.test.js::parseSku > throws on malformed',
        message: 'Error: malformed SKU: nope',
        location: { file: 'src/sku.js', line: 14, column: 11 },
      },
      {
        id: 'test/broken.test.js::(test file failed to run)',
        message: "Cannot find module '../src/does-not-exist' from 'test/broken.test.js'",
        location: { file: 'test/broken.test.js', line: 3, column: 21 },
      },
      {
        id: 'test/slow.test.js::times out',
        message:
          'Error: thrown: "Exceeded timeout of 50 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."',
        location: { file: 'test/slow.test.js', line: 3, column: 1 },
      },
    ]);
  });

  it('reads coverage with the figures of the printed table', async () => {
    // All files | 95.23 | 83.33 | 100 | 95.23 ; inventory.js 92.85 / 80, uncovered 21; sku.js 100.
    const coverage = (await parseJest(mixedOutput())).coverage;
    expect([coverage?.line_pct, coverage?.branch_pct]).toEqual([95.23, 83.33]);
    expect(coverage?.files.map((file) => [file.file, file.line_pct, file.missed_lines])).toEqual([
      ['src/inventory.js', 92.85, [[21, 21]]],
      ['src/sku.js', 100, []],
    ]);
    expect(coverage?.files[0]?.branches).toEqual({ covered: 8, total: 10 });
    expect(coverage?.files[0]?.functions.map((fn) => [fn.name, fn.start_line, fn.end_line, fn.lines])).toEqual([
      ['createInventory', 4, 6, { covered: 1, total: 1 }],
      ['addStock', 9, 15, { covered: 4, total: 4 }],
      ['removeStock', 18, 25, { covered: 4, total: 5 }],
      ['lowStock', 28, 33, { covered: 3, total: 3 }],
      ['(anonymous_4)', 30, 30, { covered: 1, total: 1 }],
      ['(anonymous_5)', 31, 31, { covered: 1, total: 1 }],
    ]);
  });
});

describe('parseJest on the capture script outputs', () => {
  it('reads the broken-assertion fixture run', async () => {
    const findings = await parseJest(
      toolOutput({ projectDir: '/tmp/heal-capture/js-jest-partial-coverage--broken-assertion', files: { [JEST_REPORT]: captured('jest/failing.json') } }),
    );
    expect(findings.failedTests?.map((test) => [test.id, test.location])).toEqual([
      [
        'test/inventory.test.js::inventory > addStock accumulates quantities per SKU',
        { file: 'test/inventory.test.js', line: 9, column: 48 },
      ],
    ]);
    expect(findings.coverage).toBeNull();
  });

  it('reads the green fixture coverage', async () => {
    const findings = await parseJest(
      toolOutput({
        projectDir: '/tmp/heal-capture/js-jest-partial-coverage',
        files: { [JEST_REPORT]: captured('jest/green.json'), [JEST_COVERAGE]: captured('jest/green.coverage-final.json') },
      }),
    );
    expect(findings.failedTests).toEqual([]);
    expect(findings.coverage?.lines.total).toBeGreaterThan(0);
  });
});
