import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildReport, type FileCoverage } from '../../src/artefacts/build-report.js';
import { createFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo.js';
import { runHeal } from '../helpers/run-heal.js';

// Expected figures are what the tools themselves print on these fixtures (see each fixture's
// README and test/captured/README.md): vitest/jest/c8 text tables, node's coverage table,
// coverage.py's `coverage report`, tsc, eslint, mypy.

const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

function build(fixture: string, args: string[] = []) {
  const repo = createFixtureRepo(fixture);
  repos.push(repo);
  const run = runHeal(['build', '--json', ...args], { cwd: repo.dir });
  const report = BuildReport.parse(JSON.parse(run.stdout));
  const written = BuildReport.parse(JSON.parse(readFileSync(join(repo.dir, '.heal', 'build_report.json'), 'utf8')));
  expect(written).toEqual(report);
  return { run, report, repo };
}

function file(report: BuildReport, path: string): FileCoverage {
  const found = report.coverage?.files.find((entry) => entry.file === path);
  if (!found) throw new Error(`no coverage for ${path}`);
  return found;
}

function fn(coverage: FileCoverage, name: string) {
  return coverage.functions.find((entry) => entry.name === name);
}

describe('heal build on the fixtures (built binary)', () => {
  it('ts-vitest-green-partial-coverage: PASSED with vitest v8 coverage figures', () => {
    const { run, report } = build('ts-vitest-green-partial-coverage');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(report).toMatchObject({ status: 'PASSED', fail_reason: 'none', reason: null, branch_name: 'main', is_dirty: false });
    expect(report.steps.map((step) => [step.kind, step.tool, step.status])).toEqual([
      ['install', 'npm', 'SKIPPED'], ['typecheck', 'tsc', 'PASSED'], ['lint', 'eslint', 'PASSED'], ['test', 'vitest', 'PASSED'],
    ]);
    expect(report.tests).toEqual({ total: 8, passed: 8, failed: 0, skipped: 0 });
    expect(report.coverage).toMatchObject({ line_pct: 64.7, branch_pct: 50, lines: { covered: 11, total: 17 }, branches: { covered: 5, total: 10 } });
    const money = file(report, 'src/money.ts');
    expect(money).toMatchObject({ line_pct: 50, missed_lines: [[12, 17]] });
    expect(fn(money, 'parseCents')).toEqual({ name: 'parseCents', start_line: 11, end_line: 18, lines: { covered: 0, total: 5 } });
    expect(file(report, 'src/price.ts')).toMatchObject({ line_pct: 85.71, missed_lines: [[18, 18]] });
  });

  it('ts-vitest-failing-test-type-lint: FAILED with the exact test, type and lint errors', () => {
    const { run, report } = build('ts-vitest-failing-test-type-lint');
    expect(run.code).toBe(1);
    expect(report.status).toBe('FAILED');
    expect(report.reason).toBe('typecheck step (tsc): 1 error(s); lint step (eslint): 1 error(s); test step (vitest): 1 failing test(s)');
    expect(report.failed_tests).toHaveLength(1);
    expect(report.failed_tests[0]).toMatchObject({
      id: 'test/slug.test.ts::truncate > never returns more than maxLength characters',
      file: 'test/slug.test.ts',
      name: 'truncate > never returns more than maxLength characters',
      location: { file: 'test/slug.test.ts', line: 20, column: 49 },
    });
    expect(report.failed_tests[0]?.message).toMatch(/^AssertionError: expected 'The quick …' to be 'The quick…'/);
    expect(report.type_errors).toEqual([
      expect.objectContaining({ tool: 'tsc', file: 'src/words.ts', line: 21, column: 33, rule: 'TS2345', severity: 'error' }),
    ]);
    expect(report.lint_errors).toEqual([
      expect.objectContaining({ tool: 'eslint', file: 'src/words.ts', line: 11, column: 7, rule: 'prefer-const', severity: 'error' }),
    ]);
    expect(report.tests).toEqual({ total: 8, passed: 7, failed: 1, skipped: 0 });
  });

  it('js-jest-partial-coverage: PASSED with jest (istanbul) figures', () => {
    const { run, report } = build('js-jest-partial-coverage');
    expect(run.code).toBe(0);
    expect(report.tests).toEqual({ total: 5, passed: 5, failed: 0, skipped: 0 });
    expect(report.coverage).toMatchObject({ line_pct: 76.19, branch_pct: 66.66, lines: { covered: 16, total: 21 } });
    expect(file(report, 'src/sku.js')).toMatchObject({ line_pct: 42.85, missed_lines: [[12, 16]] });
    expect(file(report, 'src/inventory.js')).toMatchObject({ line_pct: 92.85, missed_lines: [[21, 21]] });
  });

  it('js-node-test-c8: FAILED with the node:test failure location and c8 figures', () => {
    const { run, report } = build('js-node-test-c8');
    expect(run.code).toBe(1);
    expect(report.failed_tests.map((test) => [test.id, test.location])).toEqual([
      ['test/plural.test.js::pluralize > uses the plural for zero', { file: 'test/plural.test.js', line: 15, column: 12 }],
    ]);
    expect(report.tests).toEqual({ total: 7, passed: 6, failed: 1, skipped: 0 });
    expect(report.coverage).toMatchObject({ line_pct: 74.35, branch_pct: 83.33, lines: { covered: 29, total: 39 } });
    expect(fn(file(report, 'src/duration.js'), 'parseDuration')).toMatchObject({ start_line: 17, end_line: 24, lines: { covered: 1, total: 8 } });
  });

  it("js-node-test-zero-deps: PASSED with node's built-in coverage per file", () => {
    const { run, report } = build('js-node-test-zero-deps');
    expect(run.code).toBe(0);
    expect(report.steps.map((step) => [step.kind, step.tool, step.status])).toEqual([['test', 'node-test', 'PASSED']]);
    expect(report.tests).toEqual({ total: 6, passed: 6, failed: 0, skipped: 0 });
    const cart = file(report, 'src/cart.js');
    expect(cart).toMatchObject({ line_pct: 82.22, branches: { covered: 10, total: 10 }, missed_lines: [[38, 45]] });
    expect(fn(cart, 'applyDiscount')).toMatchObject({ start_line: 37, end_line: 45, lines: { covered: 1, total: 9 } });
  });

  it('py-pytest-green-fast-marker: PASSED, runs -m fast, coverage.py figures and per-function coverage', () => {
    const { run, report } = build('py-pytest-green-fast-marker');
    expect(run.code).toBe(0);
    const test = report.steps.find((step) => step.kind === 'test');
    expect(test?.command).toMatch(/ -m fast /);
    expect(report.steps.map((step) => [step.kind, step.tool, step.status])).toEqual([
      ['lint', 'flake8', 'PASSED'], ['format', 'black', 'PASSED'], ['test', 'pytest', 'PASSED'],
    ]);
    expect(report.tests).toMatchObject({ passed: 6, failed: 0 });
    expect(report.coverage).toMatchObject({ lines: { covered: 29, total: 34 }, branches: { covered: 11, total: 14 } });
    const reorder = file(report, 'inventory/reorder.py');
    expect(reorder.missed_lines).toEqual([[25, 27]]);
    expect(fn(reorder, 'days_of_cover')).toEqual({ name: 'days_of_cover', start_line: 23, end_line: 27, lines: { covered: 0, total: 3 } });
  });

  it('py-pytest-failing-test: FAILED with the pytest node id, its line and the mypy error', () => {
    const { run, report } = build('py-pytest-failing-test');
    expect(run.code).toBe(1);
    expect(report.failed_tests.map((test) => [test.id, test.location])).toEqual([
      ['tests/test_due.py::test_invoice_is_not_overdue_on_its_due_date', { file: 'tests/test_due.py', line: 15, column: 0 }],
    ]);
    expect(report.type_errors).toEqual([
      expect.objectContaining({ tool: 'mypy', file: 'billing/invoice.py', line: 34, column: 12, rule: 'return-value' }),
    ]);
    expect(report.coverage).toMatchObject({ lines: { covered: 24, total: 25 }, branches: { covered: 7, total: 8 } });
  });
});
