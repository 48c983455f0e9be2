import { describe, expect, it } from 'vitest';
import { parseVitest, planVitest, VITEST_COVERAGE, VITEST_REPORT } from '../../../../src/toolchains/node/vitest.js';
import { CONTEXT, captured, makeFacts, toolOutput } from './facts.js';

const PROJECT = '/tmp/heal-capture-node/vitest-mixed';

function mixedOutput() {
  return toolOutput({
    projectDir: PROJECT,
    files: {
      [VITEST_REPORT]: captured('vitest/mixed-outcomes.json'),
      [VITEST_COVERAGE]: captured('vitest/mixed-outcomes.coverage-final.json'),
    },
    sourcesFrom: 'vitest/mixed-outcomes.project',
  });
}

describe('planVitest', () => {
  const pkg = { name: 'app', scripts: { test: 'vitest run' }, devDependencies: { vitest: '4.1.12' } };

  it('runs vitest with the JSON reporter and istanbul-format coverage from the installed provider', () => {
    const facts = makeFacts({ packageJson: pkg, nodeBins: ['vitest'], installedPackages: ['vitest', '@vitest/coverage-v8'] });
    const step = planVitest(facts, CONTEXT);
    expect(step?.main.command).toEqual({
      argv: [
        'node_modules/.bin/vitest',
        'run',
        '--reporter=json',
        '--outputFile.json=.heal/builds/b1/vitest.json',
        '--reporter=default',
        '--coverage.enabled',
        '--coverage.reporter=json',
        '--coverage.reportsDirectory=.heal/builds/b1/coverage',
        '--coverage.reportOnFailure',
      ],
    });
    expect(step?.main.outputs).toEqual({
      report: '.heal/builds/b1/vitest.json',
      coverage: '.heal/builds/b1/coverage/coverage-final.json',
    });
    expect(step?.missing).toBeNull();
    expect(step?.kind).toBe('test');
  });

  it('names the istanbul provider when it is the only one installed', () => {
    const facts = makeFacts({ packageJson: pkg, nodeBins: ['vitest'], installedPackages: ['@vitest/coverage-istanbul'] });
    const command = planVitest(facts, CONTEXT)?.main.command;
    expect(command && 'argv' in command ? command.argv : []).toContain('--coverage.provider=istanbul');
  });

  it('runs without coverage when no provider is installed', () => {
    const facts = makeFacts({ packageJson: pkg, nodeBins: ['vitest'], installedPackages: ['vitest'] });
    const step = planVitest(facts, CONTEXT);
    const command = step?.main.command;
    expect(command && 'argv' in command ? command.argv.some((arg) => arg.startsWith('--coverage')) : true).toBe(false);
    expect(step?.main.outputs).toEqual({ report: '.heal/builds/b1/vitest.json' });
  });

  it('falls back to declared packages when the facts do not list installed ones', () => {
    const facts = makeFacts({ packageJson: { ...pkg, devDependencies: { vitest: '4', '@vitest/coverage-v8': '4' } }, nodeBins: ['vitest'] });
    expect(planVitest(facts, CONTEXT)?.main.outputs).toHaveProperty('coverage');
  });

  it('says how to install vitest when its binary is missing', () => {
    const facts = makeFacts({ packageJson: pkg, rootEntries: ['pnpm-lock.yaml'] });
    expect(planVitest(facts, CONTEXT)?.missing).toBe('vitest is not installed: run `pnpm install` (or `pnpm add -D vitest`)');
  });

  it('applies only to vitest projects', () => {
    expect(planVitest(makeFacts({ packageJson: { name: 'x', scripts: { test: 'jest' }, devDependencies: { jest: '30' } } }), CONTEXT)).toBeNull();
    expect(planVitest(makeFacts({ packageJson: { name: 'x', scripts: { test: 'npx vitest' } } }), CONTEXT)).not.toBeNull();
  });
});

describe('parseVitest on a real vitest 4.1.12 run', () => {
  it('counts tests as vitest printed them, plus the file that failed to load', async () => {
    // Printed: "Tests  2 failed | 9 passed | 1 skipped | 1 todo (13)", and 1 failed suite.
    const findings = await parseVitest(mixedOutput());
    expect(findings.tests).toEqual({ total: 14, passed: 9, failed: 3, skipped: 2 });
  });

  it('reports each failure with its id, message and the repo frame that raised it', async () => {
    const findings = await parseVitest(mixedOutput());
    expect(findings.failedTests?.map(({ stack: _stack, ...rest }) => rest)).toEqual([
      {
        id: 'test/broken.test.ts::(test file failed to run)',
        file: 'test/broken.test.ts',
        name: '(test file failed to run)',
        message:
          "Cannot find module '../src/does-not-exist.js' imported from /tmp/heal-capture-node/vitest-mixed/test/broken.test.ts",
        location: null,
      },
      {
        id: 'test/cart.test.ts::cart > discount > throws on bad percent',
        file: 'test/cart.test.ts',
        name: 'cart > discount > throws on bad percent',
        message: 'RangeError: bad percent 120',
        location: { file: 'src/cart.ts', line: 18, column: 11 },
      },
      {
        id: 'test/slug.test.ts::truncate > never returns more than maxLength characters',
        file: 'test/slug.test.ts',
        name: 'truncate > never returns more than maxLength characters',
        message: "AssertionError: expected 'The quick …' to be 'The quick…' // Object.is equality",
        location: { file: 'test/slug.test.ts', line: 20, column: 49 },
      },
    ]);
    expect(findings.failedTests?.[1]?.stack).toContain('at discount (/tmp/heal-capture-node/vitest-mixed/src/cart.ts:18:11)');
  });

  it('reads coverage with the figures of the printed v8 table', async () => {
    const coverage = (await parseVitest(mixedOutput())).coverage;
    // All files | 81.81 | 64.28 | 76.92 | 81.81 ; cart.ts 62.5 lines, 37.5 branches, uncovered 20,32-39,44.
    expect(coverage?.tool).toBe('istanbul');
    expect(coverage?.line_pct).toBe(81.81);
    expect(coverage?.branch_pct).toBe(64.28);
    expect(coverage?.files.map((file) => [file.file, file.line_pct])).toEqual([
      ['src/cart.ts', 62.5],
      ['src/slug.ts', 100],
      ['src/words.ts', 100],
    ]);
    const cart = coverage?.files[0];
    expect(cart?.missed_lines).toEqual([
      [20, 20],
      [32, 39],
      [44, 44],
    ]);
    expect(cart?.branches).toEqual({ covered: 3, total: 8 });
  });

  it('names functions and methods from the source', async () => {
    const cart = (await parseVitest(mixedOutput())).coverage?.files[0];
    expect(cart?.functions).toEqual([
      { name: 'total', start_line: 7, end_line: 13, lines: { covered: 4, total: 4 } },
      { name: 'discount', start_line: 16, end_line: 21, lines: { covered: 2, total: 3 } },
      { name: 'Cart.add', start_line: 26, end_line: 29, lines: { covered: 2, total: 2 } },
      { name: 'Cart.clear', start_line: 31, end_line: 33, lines: { covered: 0, total: 1 } },
      { name: 'Cart.describe', start_line: 35, end_line: 40, lines: { covered: 0, total: 3 } },
      { name: 'isFree', start_line: 43, end_line: 45, lines: { covered: 1, total: 2 } },
    ]);
  });

  it('keeps the tool names when sources cannot be read', async () => {
    const output = { ...mixedOutput(), readSource: async () => null };
    const cart = (await parseVitest(output)).coverage?.files[0];
    expect(cart?.functions.map((fn) => fn.name)).toEqual(['total', 'discount', 'add', 'clear', 'describe', '(anonymous_5)']);
  });

  it('errors when vitest wrote no report', async () => {
    const findings = await parseVitest(toolOutput({ projectDir: PROJECT, stderr: 'Error: Cannot find module vitest.config.ts' }));
    expect(findings.error).toBe('vitest wrote no JSON report: Error: Cannot find module vitest.config.ts');
  });
});

describe('parseVitest on the capture script outputs', () => {
  it('reads the failing fixture run', async () => {
    const findings = await parseVitest(
      toolOutput({
        projectDir: '/tmp/heal-capture/ts-vitest-failing-test-type-lint',
        files: { [VITEST_REPORT]: captured('vitest/failing.json'), [VITEST_COVERAGE]: captured('vitest/failing.coverage-final.json') },
      }),
    );
    expect(findings.tests).toEqual({ total: 8, passed: 7, failed: 1, skipped: 0 });
    expect(findings.failedTests?.map((test) => [test.id, test.location])).toEqual([
      [
        'test/slug.test.ts::truncate > never returns more than maxLength characters',
        { file: 'test/slug.test.ts', line: 20, column: 49 },
      ],
    ]);
    expect(findings.coverage?.line_pct).toBe(100);
  });
});

describe('parseVitest on a real vitest 5.1.1 run of the same project', () => {
  it('reads the same counts, failures and coverage', async () => {
    const findings = await parseVitest(
      toolOutput({
        projectDir: '/tmp/heal-capture-node/vitest5-mixed',
        files: {
          [VITEST_REPORT]: captured('vitest/mixed-outcomes.vitest5.json'),
          [VITEST_COVERAGE]: captured('vitest/mixed-outcomes.vitest5.coverage-final.json'),
        },
        sourcesFrom: 'vitest/mixed-outcomes.project',
      }),
    );
    expect(findings.tests).toEqual({ total: 14, passed: 9, failed: 3, skipped: 2 });
    expect(findings.failedTests?.map((test) => [test.id, test.location])).toEqual([
      ['test/broken.test.ts::(test file failed to run)', null],
      ['test/cart.test.ts::cart > discount > throws on bad percent', { file: 'src/cart.ts', line: 18, column: 11 }],
      ['test/slug.test.ts::truncate > never returns more than maxLength characters', { file: 'test/slug.test.ts', line: 20, column: 49 }],
    ]);
    // Printed: "All files | 81.81 | 64.28 | 76.92 | 81.81", "cart.ts | 62.5 | 37.5 | 50 | 62.5 | 20,32-39,44".
    expect([findings.coverage?.line_pct, findings.coverage?.branch_pct]).toEqual([81.81, 64.28]);
    expect(findings.coverage?.files[0]?.missed_lines).toEqual([
      [20, 20],
      [32, 39],
      [44, 44],
    ]);
  });
});
