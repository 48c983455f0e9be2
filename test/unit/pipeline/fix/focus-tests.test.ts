import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../../../src/toolchains/types.js';
import { focusTestStep } from '../../../../src/pipeline/fix/localise/focus-tests.js';

const vitest: PlannedStep = {
  kind: 'test',
  tool: 'vitest',
  main: { command: { argv: ['node_modules/.bin/vitest', 'run', '--reporter=json', '--outputFile.json=out/vitest.json', '--coverage.enabled', '--coverage.reporter=json'] }, outputs: { report: 'out/vitest.json' } },
  after: [],
  missing: null,
};

const pytest: PlannedStep = {
  kind: 'test',
  tool: 'pytest',
  main: { command: { argv: ['/usr/bin/python3', '-m', 'pytest', '-q', '--junitxml=out/pytest.xml', '--cov=shipping', '--cov-branch', '--cov-report='] } },
  after: [{ command: { argv: ['/usr/bin/python3', '-m', 'coverage', 'json', '-o', 'out/coverage.json'] }, outputs: { coverage: 'out/coverage.json' } }],
  missing: null,
};

const argvOf = (step: PlannedStep | null) => (step && 'argv' in step.main.command ? step.main.command.argv : null);

describe('focusTestStep', () => {
  it('narrows vitest to files and an anchored name pattern, dropping coverage unless asked', () => {
    const step = focusTestStep(vitest, [{ file: 'test/cart.test.ts', name: 'cartTotal > sums (every) line' }], { names: true, coverage: false });
    expect(argvOf(step)).toEqual(['node_modules/.bin/vitest', 'run', '--reporter=json', '--outputFile.json=out/vitest.json', 'test/cart.test.ts', '-t', '^(cartTotal sums \\(every\\) line)$']);
    expect(argvOf(focusTestStep(vitest, [{ file: 'test/a.test.ts', name: 'x' }], { names: false, coverage: true }))).toEqual([...(argvOf(vitest) ?? []), 'test/a.test.ts']);
  });

  it('gives jest its paths with --runTestsByPath', () => {
    const jest: PlannedStep = { ...vitest, tool: 'jest', main: { command: { argv: ['node_modules/.bin/jest', '--ci', '--json', '--coverage'] } } };
    expect(argvOf(focusTestStep(jest, [{ file: 'test/a.test.js', name: 'a > b' }, { file: 'test/a.test.js', name: 'c' }], { names: true, coverage: false }))).toEqual([
      'node_modules/.bin/jest', '--ci', '--json', '--runTestsByPath', 'test/a.test.js', '-t', '^(a b|c)$',
    ]);
  });

  it('passes pytest node ids, and keeps pytest-cov and its coverage report only with coverage', () => {
    const bare = focusTestStep(pytest, [{ file: 'tests/test_rates.py', name: 'test_rate[2]' }], { names: true, coverage: false });
    expect(argvOf(bare)).toEqual(['/usr/bin/python3', '-m', 'pytest', '-q', '--junitxml=out/pytest.xml', 'tests/test_rates.py::test_rate[2]']);
    expect(bare?.after).toEqual([]);
    const covered = focusTestStep(pytest, [{ file: 'tests/test_rates.py', name: 'test_rate' }], { names: false, coverage: true });
    expect(argvOf(covered)?.slice(-2)).toEqual(['--cov-report=', 'tests/test_rates.py']);
    expect(covered?.after).toHaveLength(1);
  });

  it('narrows node:test to files, replacing the script\'s own test paths', () => {
    const nodeTest: PlannedStep = { ...vitest, tool: 'node-test', main: { command: { argv: ['node', '--test', '--test-reporter=./out/r.mjs', '--import', 'tsx', 'test/', 'more/'] } } };
    expect(argvOf(focusTestStep(nodeTest, [{ file: 'test/cart.heal.test.js', name: '' }], { names: false, coverage: true }))).toEqual(['node', '--test', '--test-reporter=./out/r.mjs', '--import', 'tsx', 'test/cart.heal.test.js']);
    const discovered: PlannedStep = { ...nodeTest, main: { command: { argv: ['node', '--test', '--test-reporter=./out/r.mjs'] } } };
    expect(argvOf(focusTestStep(discovered, [{ file: 'test/a.test.js', name: '' }], { names: false, coverage: false }))).toEqual(['node', '--test', '--test-reporter=./out/r.mjs', 'test/a.test.js']);
    expect(argvOf(focusTestStep(nodeTest, [{ file: 'a', name: 'b' }], { names: true, coverage: false }))?.slice(-2)).toEqual(['--test-name-pattern=^(?:b)$', 'a']);
  });

  it('cannot narrow custom shell commands, or an empty selection', () => {
    expect(focusTestStep({ ...vitest, tool: 'vitest', main: { command: { shell: 'npm test' } } }, [{ file: 'a', name: 'b' }], { names: true, coverage: false })).toBeNull();
    expect(focusTestStep(vitest, [], { names: true, coverage: false })).toBeNull();
  });
});
