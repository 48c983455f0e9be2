import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BuildReport, FailedTest } from '../../../../src/artefacts/build-report.js';
import { analyseFailures } from '../../../../src/pipeline/fix/analyse/analyse-failure.js';
import { isTestFile } from '../../../../src/pipeline/fix/test-files.js';
import type { FailureAnalysis, ReadFile } from '../../../../src/pipeline/fix/types.js';
import { JsonTestReport, readJsonTestReport } from '../../../../src/toolchains/node/json-test-report.js';
import { readNodeTestEvents } from '../../../../src/toolchains/node/node-test-events.js';
import { readJunitCases, toFailedTests } from '../../../../src/toolchains/python/pytest-junit.js';

function captured(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../captured/${path}`, import.meta.url)), 'utf8');
}

function makeReport(failedTests: FailedTest[], root = '.'): BuildReport {
  return {
    version: 1,
    kind: 'build_report',
    status: 'FAILED',
    reason: 'tests failed',
    fail_reason: 'tests',
    commit_sha: 'a'.repeat(40),
    branch_name: 'main',
    source: 'working-tree',
    is_dirty: false,
    started_at: '2026-01-01T00:00:00.000Z',
    duration_ms: 1,
    toolchains: [{ id: 'node', root, package_manager: 'npm', test_runner: 'vitest', interpreter: null }],
    steps: [],
    tests: { total: failedTests.length, passed: 0, failed: failedTests.length, skipped: 0 },
    failed_tests: failedTests,
    lint_errors: [],
    type_errors: [],
    coverage: null,
    artefact_path: null,
  };
}

const noFiles: ReadFile = async () => null;

function memoryFiles(files: Record<string, string>): ReadFile {
  return async (path) => files[path] ?? null;
}

/** The fields the tables assert: [failureId, errorType, category, location, testLocation, symbol]. */
function summarise(analysis: FailureAnalysis): unknown[] {
  const at = (location: FailureAnalysis['location']) => (location ? `${location.file}:${location.line}:${location.column}` : null);
  return [analysis.failureId, analysis.errorType, analysis.category, at(analysis.location), at(analysis.testLocation), analysis.symbol];
}

async function analyseCapturedJson(path: string, projectDir: string): Promise<unknown[][]> {
  const { failedTests } = readJsonTestReport(JsonTestReport.parse(JSON.parse(captured(path))), projectDir);
  return (await analyseFailures(makeReport(failedTests), noFiles, { repoRoot: projectDir })).map(summarise);
}

describe('analyseFailures on failures heal stored from real runs', () => {
  it('vitest 4.1 (mixed outcomes): a missing module, a throw inside src/, an assertion', async () => {
    expect(await analyseCapturedJson('vitest/mixed-outcomes.json', '/tmp/heal-capture-node/vitest-mixed')).toEqual([
      // No frame at all: the importing file's first line, as no source text is available here.
      ['test/broken.test.ts::(test file failed to run)', null, 'import', 'test/broken.test.ts:1:1', 'test/broken.test.ts:1:1', '../src/does-not-exist.js'],
      ['test/cart.test.ts::cart > discount > throws on bad percent', 'RangeError', 'logic', 'src/cart.ts:18:11', 'test/cart.test.ts:13:14', null],
      ['test/slug.test.ts::truncate > never returns more than maxLength characters', 'AssertionError', 'assertion', 'test/slug.test.ts:20:49', 'test/slug.test.ts:20:49', null],
    ]);
  });

  it('vitest 5.1: the same failures read the same', async () => {
    const [vitest4, vitest5] = await Promise.all([
      analyseCapturedJson('vitest/mixed-outcomes.json', '/tmp/heal-capture-node/vitest-mixed'),
      analyseCapturedJson('vitest/mixed-outcomes.vitest5.json', '/tmp/heal-capture-node/vitest5-mixed'),
    ]);
    expect(vitest5).toEqual(vitest4);
  });

  it('jest 30 (mixed outcomes): expectation, throw in src/, suite that fails to require, timeout from the [cause]', async () => {
    expect(await analyseCapturedJson('jest/mixed-outcomes.json', '/tmp/heal-capture-node/jest-mixed')).toEqual([
      ['test/fail.test.js::parseSku > valid input > splits category and number', 'Error', 'assertion', 'test/fail.test.js:8:36', 'test/fail.test.js:8:36', null],
      ['test/fail.test.js::parseSku > throws on malformed', 'Error', 'logic', 'src/sku.js:14:11', 'test/fail.test.js:12:5', null],
      ['test/broken.test.js::(test file failed to run)', null, 'import', 'test/broken.test.js:3:21', 'test/broken.test.js:3:21', '../src/does-not-exist'],
      ['test/slow.test.js::times out', 'Error', 'timeout', 'test/slow.test.js:3:1', 'test/slow.test.js:3:1', null],
    ]);
  });

  it('node:test on Node 20: ESM module not found, strict-equal assertion, throw in src/, failed before hook', async () => {
    const projectDir = '/tmp/heal-capture-node/node-test-mixed';
    const { failedTests } = readNodeTestEvents(captured('node-test/mixed-outcomes.jsonl'), projectDir);
    const source = "import { test } from 'node:test';\nimport { nope } from '../src/nope.js';\n";
    const analyses = await analyseFailures(makeReport(failedTests), memoryFiles({ 'test/broken.test.js': source }), { repoRoot: projectDir });
    expect(analyses.map(summarise)).toEqual([
      // Node names the module by its resolved path; the import line is found in the test's source.
      ['test/broken.test.js::(test file failed to run)', 'Error', 'import', 'test/broken.test.js:2:22', 'test/broken.test.js:2:22', '../src/nope.js'],
      ['test/cart.test.js::total > is zero for no lines', 'AssertionError', 'assertion', 'test/cart.test.js:11:12', 'test/cart.test.js:11:12', null],
      ['test/cart.test.js::discount > throws on bad percent', 'RangeError', 'logic', 'src/cart.js:13:11', 'test/cart.test.js:22:5', null],
      ['test/hooks.test.js::with failing hook > a', 'Error', 'logic', 'test/hooks.test.js:3:24', 'test/hooks.test.js:3:24', null],
      ['test/hooks.test.js::with failing hook > b', 'Error', 'logic', 'test/hooks.test.js:3:24', 'test/hooks.test.js:3:24', null],
    ]);
    expect(analyses[0]?.rootCause).toBe('The module `../src/nope.js` imported at test/broken.test.js:2 does not exist');
    expect(analyses[0]?.suggestedFix).toBe('Point the import in test/broken.test.js at an existing file, or create the missing module src/nope.js');
  });

  it('pytest 7.2 (JUnit, long tracebacks): assertions, a raise in calc/, a failing fixture, a collection error', async () => {
    const existing = new Set(['calc/__init__.py', 'calc/ops.py', 'tests/test_ops.py', 'tests/sub/test_import.py']);
    const exists = async (path: string) => existing.has(path);
    const analyse = async (path: string, projectDir: string) => {
      const failedTests = await toFailedTests(readJunitCases(captured(path)), projectDir, exists);
      return (await analyseFailures(makeReport(failedTests), noFiles, { repoRoot: projectDir })).map(summarise);
    };
    expect(await analyse('pytest/mixed-outcomes.junit.xml', '/tmp/heal-capture-python/mixed-outcomes')).toEqual([
      ['tests/test_ops.py::test_add_wrong', 'AssertionError', 'assertion', 'tests/test_ops.py:13:1', 'tests/test_ops.py:13:1', null],
      ['tests/test_ops.py::test_div_zero', 'ZeroDivisionError', 'logic', 'calc/ops.py:12:1', 'tests/test_ops.py:21:1', null],
      ['tests/test_ops.py::test_outer[20-42]', 'AssertionError', 'assertion', 'tests/test_ops.py:26:1', 'tests/test_ops.py:26:1', null],
      ['tests/test_ops.py::TestAcc::test_doubled', 'AssertionError', 'assertion', 'tests/test_ops.py:38:1', 'tests/test_ops.py:38:1', null],
      ['tests/test_ops.py::test_uses_broken', 'RuntimeError', 'logic', 'tests/test_ops.py:43:1', 'tests/test_ops.py:43:1', null],
    ]);
    expect(await analyse('pytest/native-traceback.junit.xml', '/tmp/heal-capture-python/native-traceback')).toEqual([
      ['tests/test_ops.py::test_div_zero', 'ZeroDivisionError', 'logic', 'calc/ops.py:12:1', 'tests/test_ops.py:21:1', null],
    ]);
    expect(await analyse('pytest/collection-error.junit.xml', '/tmp/heal-capture-python/collection-error')).toEqual([
      ['tests/sub/test_import.py', 'ImportError', 'import', 'tests/sub/test_import.py:1:1', 'tests/sub/test_import.py:1:1', 'multiply'],
    ]);
  });
  it('pytest 9.0 on Python 3.11 (caret lines under the code): fixtures/py-pytest-bug-name-error', async () => {
    // One <testcase> of `python3 -m pytest --junitxml=… -o junit_family=xunit2` run by hand on a copy of the fixture.
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="1">',
      `<testcase classname="tests.test_rates" name="test_a_started_kilogram_is_billed_in_full" time="0.000"><failure message="NameError: name 'math' is not defined">def test_a_started_kilogram_is_billed_in_full():`,
      '&gt;       assert billable_kg(1001) == 2',
      '               ^^^^^^^^^^^^^^^^^',
      '',
      'tests/test_rates.py:7: ',
      '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ',
      '',
      'weight_g = 1001',
      '',
      '    def billable_kg(weight_g: int) -&gt; int:',
      '        """Carriers bill every started kilogram."""',
      '        if weight_g &lt;= 0:',
      '            raise ValueError("weight must be positive")',
      '&gt;       return math.ceil(weight_g / 1000)',
      '               ^^^^',
      "E       NameError: name 'math' is not defined",
      '',
      'shipping/rates.py:11: NameError</failure></testcase></testsuite></testsuites>',
    ].join('\n');
    const existing = new Set(['shipping/__init__.py', 'shipping/rates.py', 'tests/test_rates.py']);
    const projectDir = '/tmp/heal-check/py-pytest-bug-name-error';
    const failedTests = await toFailedTests(readJunitCases(xml), projectDir, async (path) => existing.has(path));
    const [analysis] = await analyseFailures(makeReport(failedTests), noFiles, { repoRoot: projectDir });
    expect(analysis && summarise(analysis)).toEqual([
      'tests/test_rates.py::test_a_started_kilogram_is_billed_in_full', 'NameError', 'reference', 'shipping/rates.py:11:1', 'tests/test_rates.py:7:1', 'math',
    ]);
    expect([analysis?.rootCause, analysis?.suggestedFix, analysis?.confidence]).toEqual([
      '`math` is used in shipping/rates.py:11 but never imported', 'Import `math` at the top of shipping/rates.py', 0.9,
    ]);
  });
});

interface Case {
  name: string;
  message: string;
  stack: string;
  file?: string;
  files?: Record<string, string>;
  expected: { errorType: string | null; category: FailureAnalysis['category']; location: string | null; testLocation: string; symbol: string | null; message?: string };
}

const REPO = '/home/ci/repo';

const JS_CASES: Case[] = [
  {
    name: 'undefined property read in src/, file:// frames (node:test)',
    message: "Cannot read properties of undefined (reading 'price')",
    stack: [
      "TypeError: Cannot read properties of undefined (reading 'price')",
      '    at lineTotal (file:///home/ci/repo/src/cart.js:4:22)',
      '    at Array.map (<anonymous>)',
      '    at cartTotal (file:///home/ci/repo/src/cart.js:9:23)',
      '    at TestContext.<anonymous> (file:///home/ci/repo/test/cart.test.js:7:10)',
      '    at Test.runInAsyncScope (node:async_hooks:206:9)',
    ].join('\n'),
    file: 'test/cart.test.js',
    expected: { errorType: 'TypeError', category: 'attribute', location: 'src/cart.js:4:22', testLocation: 'test/cart.test.js:7:10', symbol: 'price' },
  },
  {
    name: 'undefined name (vitest)',
    message: 'ReferenceError: formatPrice is not defined',
    stack: [
      'ReferenceError: formatPrice is not defined',
      '    at render (/home/ci/repo/src/view.ts:12:5)',
      '    at /home/ci/repo/test/view.test.ts:8:12',
      '    at file:///home/ci/repo/node_modules/@vitest/runner/dist/index.js:135:14',
    ].join('\n'),
    file: 'test/view.test.ts',
    expected: { errorType: 'ReferenceError', category: 'reference', location: 'src/view.ts:12:5', testLocation: 'test/view.test.ts:8:12', symbol: 'formatPrice' },
  },
  {
    name: 'vitest timeout: no repository frame, the test file stands in',
    message: 'Error: Test timed out in 5000ms.\nIf this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".',
    stack: [
      'Error: Test timed out in 5000ms.',
      'If this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".',
      '    at Timeout._onTimeout (file:///home/ci/repo/node_modules/@vitest/runner/dist/index.js:61:16)',
      '    at listOnTimeout (node:internal/timers:573:17)',
    ].join('\n'),
    file: 'test/sync.test.ts',
    expected: { errorType: 'Error', category: 'timeout', location: null, testLocation: 'test/sync.test.ts:1:1', symbol: null, message: 'Test timed out in 5000ms.' },
  },
  {
    name: 'mocha timeout',
    message: 'Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (/home/ci/repo/test/queue.spec.js)',
    stack: 'Error: Timeout of 2000ms exceeded.\n    at listOnTimeout (node:internal/timers:569:17)',
    file: 'test/queue.spec.js',
    expected: { errorType: 'Error', category: 'timeout', location: null, testLocation: 'test/queue.spec.js:1:1', symbol: null },
  },
  {
    name: "ESM import of a missing export: node's file:line header",
    message: "SyntaxError: The requested module './slug.js' does not provide an export named 'slugify'",
    stack: [
      'file:///home/ci/repo/src/index.js:1',
      "import { slugify } from './slug.js';",
      '         ^^^^^^^',
      "SyntaxError: The requested module './slug.js' does not provide an export named 'slugify'",
      '    at ModuleJob._instantiate (node:internal/modules/esm/module_job:180:21)',
    ].join('\n'),
    file: 'test/index.test.js',
    expected: { errorType: 'SyntaxError', category: 'import', location: 'src/index.js:1:1', testLocation: 'test/index.test.js:1:1', symbol: 'slugify' },
  },
  {
    name: 'babel interop of a missing named export (jest)',
    message: 'TypeError: (0 , _slug.slugify) is not a function',
    stack: [
      'TypeError: (0 , _slug.slugify) is not a function',
      '    at slugifyAll (/home/ci/repo/src/index.js:5:30)',
      '    at Object.<anonymous> (/home/ci/repo/__tests__/index.js:4:12)',
      '    at Promise.finally.completed (/home/ci/repo/node_modules/jest-circus/build/jestAdapterInit.js:1834:28)',
    ].join('\n'),
    file: '__tests__/index.js',
    expected: { errorType: 'TypeError', category: 'import', location: 'src/index.js:5:30', testLocation: '__tests__/index.js:4:12', symbol: 'slugify' },
  },
  {
    name: 'method that does not exist',
    message: 'TypeError: user.getName is not a function',
    stack: 'TypeError: user.getName is not a function\n    at greet (/home/ci/repo/lib/greet.js:2:22)\n    at Context.<anonymous> (/home/ci/repo/test/greet.spec.js:6:12)',
    file: 'test/greet.spec.js',
    expected: { errorType: 'TypeError', category: 'type', location: 'lib/greet.js:2:22', testLocation: 'test/greet.spec.js:6:12', symbol: 'getName' },
  },
  {
    name: 'destructuring undefined',
    message: "TypeError: Cannot destructure property 'id' of 'undefined' as it is undefined.",
    stack: "TypeError: Cannot destructure property 'id' of 'undefined' as it is undefined.\n    at toRow (/home/ci/repo/src/rows.ts:3:20)\n    at /home/ci/repo/src/rows.test.ts:9:5",
    file: 'src/rows.test.ts',
    expected: { errorType: 'TypeError', category: 'attribute', location: 'src/rows.ts:3:20', testLocation: 'src/rows.test.ts:9:5', symbol: 'id' },
  },
  {
    name: 'un-awaited promise: the called function is read from the test line',
    message: 'AssertionError: expected Promise{…} to be 42 // Object.is equality',
    stack: 'AssertionError: expected Promise{…} to be 42 // Object.is equality\n    at /home/ci/repo/test/total.test.ts:6:30\n    at file:///home/ci/repo/node_modules/@vitest/runner/dist/chunk-hooks.js:155:11',
    file: 'test/total.test.ts',
    files: { 'test/total.test.ts': "import { fetchTotal } from '../src/total';\n\nimport { it, expect } from 'vitest';\n\nit('totals', () => {\n  expect(fetchTotal()).toBe(42);\n});\n" },
    expected: { errorType: 'AssertionError', category: 'async', location: 'test/total.test.ts:6:30', testLocation: 'test/total.test.ts:6:30', symbol: 'fetchTotal' },
  },
  {
    name: 'fetch to a service that is down, with the [cause]',
    message: 'TypeError: fetch failed',
    stack: [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:13502:13',
      '    at async getUser (/home/ci/repo/src/api.ts:3:15)',
      '    at async /home/ci/repo/test/api.test.ts:5:5',
      '',
      '[cause]: Error: connect ECONNREFUSED 127.0.0.1:3000',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    ].join('\n'),
    file: 'test/api.test.ts',
    expected: { errorType: 'TypeError', category: 'api', location: 'src/api.ts:3:15', testLocation: 'test/api.test.ts:5:5', symbol: null },
  },
  {
    name: 'database: Sequelize on SQLite',
    message: 'SequelizeDatabaseError: SQLITE_ERROR: no such table: Users',
    stack: 'SequelizeDatabaseError: SQLITE_ERROR: no such table: Users\n    at Query.formatError (/home/ci/repo/node_modules/sequelize/lib/dialects/sqlite/query.js:340:16)\n    at async User.findAll (/home/ci/repo/node_modules/sequelize/lib/model.js:1140:21)\n    at async listUsers (/home/ci/repo/src/users.js:8:10)\n    at async Object.<anonymous> (/home/ci/repo/test/users.test.js:12:5)',
    file: 'test/users.test.js',
    expected: { errorType: 'SequelizeDatabaseError', category: 'database', location: 'src/users.js:8:10', testLocation: 'test/users.test.js:12:5', symbol: null },
  },
  {
    // Real output of fixtures/ts-vitest-bug-missing-await (vitest 4.1.12): `.rejects` on a promise that resolved.
    name: 'expected rejection that resolved',
    message: 'Error: promise resolved "\'Hello, undefined!\'" instead of rejecting',
    stack: 'Error: promise resolved "\'Hello, undefined!\'" instead of rejecting\n    at _Assertion.__VITEST_REJECTS__ (file:///home/ci/repo/node_modules/@vitest/expect/dist/index.js:1747:17)\n    at _Assertion.propertyGetter (file:///home/ci/repo/node_modules/chai/index.js:1607:27)\n    at Reflect.get (<anonymous>)\n    at /home/ci/repo/test/greet.test.ts:10:30',
    file: 'test/greet.test.ts',
    expected: { errorType: 'Error', category: 'assertion', location: 'test/greet.test.ts:10:30', testLocation: 'test/greet.test.ts:10:30', symbol: null },
  },
  {
    name: 'esbuild cannot transform a source file (vitest)',
    message: 'Error: Transform failed with 1 error:\n/home/ci/repo/src/syntax.ts:2:10: ERROR: Expected ":" but found ")"',
    stack: 'Error: Transform failed with 1 error:\n/home/ci/repo/src/syntax.ts:2:10: ERROR: Expected ":" but found ")"\n    at failureErrorWithLog (/home/ci/repo/node_modules/esbuild/lib/main.js:1472:15)',
    file: 'test/syntax.test.ts',
    expected: { errorType: 'Error', category: 'syntax', location: 'src/syntax.ts:2:10', testLocation: 'test/syntax.test.ts:1:1', symbol: null },
  },
  {
    name: 'ts-jest compile error reported as the suite failure',
    message: "src/price.ts:3:5 - error TS2322: Type 'string' is not assignable to type 'number'.",
    stack: "  ● Test suite failed to run\n\n    src/price.ts:3:5 - error TS2322: Type 'string' is not assignable to type 'number'.\n\n    3     return '0';\n          ~~~~~~",
    file: 'src/__tests__/price.test.ts',
    expected: { errorType: 'TS2322', category: 'type', location: 'src/price.ts:3:5', testLocation: 'src/__tests__/price.test.ts:1:1', symbol: null },
  },
  {
    name: 'Babel cannot parse a source file (jest)',
    message: 'SyntaxError: /home/ci/repo/src/total.js: Unexpected token (3:14)',
    stack: '  ● Test suite failed to run\n\n    SyntaxError: /home/ci/repo/src/total.js: Unexpected token (3:14)\n\n      1 | export function total(a, b) {\n      at constructor (node_modules/@babel/parser/src/parse-error.ts:95:45)',
    file: 'test/total.test.js',
    expected: { errorType: 'SyntaxError', category: 'syntax', location: 'src/total.js:3:15', testLocation: 'test/total.test.js:1:1', symbol: null },
  },
  {
    name: 'vite cannot resolve an import: the importer is read for the line',
    message: 'Error: Failed to resolve import "./format" from "src/report.ts". Does the file exist?',
    stack: 'Error: Failed to resolve import "./format" from "src/report.ts". Does the file exist?\n    at TransformPluginContext._formatError (file:///home/ci/repo/node_modules/vite/dist/node/chunks/dep-D_zLpgQd.js:49258:41)',
    file: 'test/report.test.ts',
    files: { 'src/report.ts': "import { z } from 'zod';\nimport { money } from \"./format\";\n" },
    expected: { errorType: 'Error', category: 'import', location: 'src/report.ts:2:23', testLocation: 'test/report.test.ts:1:1', symbol: './format' },
  },
  {
    name: 'node:test strict equal on a pending promise',
    message: 'Expected values to be strictly equal:\n\nPromise { <pending> } !== 3\n',
    stack: 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\nPromise { <pending> } !== 3\n\n    at TestContext.<anonymous> (file:///home/ci/repo/test/count.test.js:6:10)',
    file: 'test/count.test.js',
    files: { 'test/count.test.js': "import assert from 'node:assert';\nimport { test } from 'node:test';\nimport { countRows } from '../src/db.js';\n\ntest('counts', () => {\n  assert.strictEqual(countRows(), 3);\n});\n" },
    expected: { errorType: 'AssertionError', category: 'async', location: 'test/count.test.js:6:10', testLocation: 'test/count.test.js:6:10', symbol: 'countRows' },
  },
  {
    name: 'node:test timeout',
    message: 'test timed out after 100ms',
    stack: 'Error [ERR_TEST_FAILURE]: test timed out after 100ms',
    file: 'test/poll.test.js',
    expected: { errorType: 'Error', category: 'timeout', location: null, testLocation: 'test/poll.test.js:1:1', symbol: null },
  },
  {
    name: 'Windows paths',
    message: 'TypeError: Cannot read properties of null (reading \'length\')',
    stack: "TypeError: Cannot read properties of null (reading 'length')\n    at count (file:///C:/ci/repo/src/words.js:2:15)\n    at C:\\ci\\repo\\test\\words.test.js:5:3",
    file: 'test/words.test.js',
    expected: { errorType: 'TypeError', category: 'attribute', location: 'src/words.js:2:15', testLocation: 'test/words.test.js:5:3', symbol: 'length' },
  },
];

const PY_CASES: Case[] = [
  {
    name: 'NameError in the code under test (long format)',
    message: "NameError: name 'math' is not defined",
    stack: [
      'def test_heavy_parcel():',
      '>       assert shipping_cost(2.5) == 9',
      '',
      'tests/test_rates.py:5: ',
      '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _',
      '',
      'weight = 2.5',
      '',
      '    def shipping_cost(weight):',
      '>       return math.ceil(weight) * RATE',
      "E       NameError: name 'math' is not defined",
      '',
      'shipping/rates.py:12: NameError',
    ].join('\n'),
    file: 'tests/test_rates.py',
    expected: { errorType: 'NameError', category: 'reference', location: 'shipping/rates.py:12:1', testLocation: 'tests/test_rates.py:5:1', symbol: 'math' },
  },
  {
    name: 'AttributeError on None with site-packages and stdlib frames in between (native)',
    message: "AttributeError: 'NoneType' object has no attribute 'name'",
    stack: [
      'Traceback (most recent call last):',
      '  File "/home/ci/repo/tests/test_users.py", line 14, in test_display_name',
      '    assert display_name(7) == "Ada"',
      '  File "/home/ci/repo/.venv/lib/python3.11/site-packages/cachetools/__init__.py", line 730, in wrapper',
      '    v = func(*args, **kwargs)',
      '  File "/home/ci/repo/app/users.py", line 22, in display_name',
      '    return find_user(user_id).name.title()',
      '  File "/usr/lib/python3.11/functools.py", line 909, in wrapper',
      '    return dispatch(args[0].__class__)(*args, **kw)',
      "AttributeError: 'NoneType' object has no attribute 'name'",
    ].join('\n'),
    file: 'tests/test_users.py',
    expected: { errorType: 'AttributeError', category: 'attribute', location: 'app/users.py:22:1', testLocation: 'tests/test_users.py:14:1', symbol: 'name' },
  },
  {
    name: 'sqlalchemy wrapping sqlite3: the last exception of the chain',
    message: '(sqlite3.OperationalError) no such table: users',
    stack: [
      'Traceback (most recent call last):',
      '  File "/home/ci/repo/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 1964, in _exec_single_context',
      '    self.dialect.do_execute(',
      'sqlite3.OperationalError: no such table: users',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "/home/ci/repo/tests/test_users.py", line 9, in test_count',
      '    assert count_users(session) == 0',
      '  File "/home/ci/repo/app/users.py", line 14, in count_users',
      '    return session.execute(text("SELECT count(*) FROM users")).scalar()',
      'sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: users',
    ].join('\n'),
    file: 'tests/test_users.py',
    expected: { errorType: 'sqlalchemy.exc.OperationalError', category: 'database', location: 'app/users.py:14:1', testLocation: 'tests/test_users.py:9:1', symbol: null },
  },
  {
    name: 'requests cannot connect',
    message: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /users/7",
    stack: 'app/client.py:18: in get_user\n    response = requests.get(f"{BASE}/users/{user_id}")\n.venv/lib/python3.11/site-packages/requests/api.py:73: in get\n    return request("get", url, params=params, **kwargs)\nE   requests.exceptions.ConnectionError: HTTPConnectionPool(host=\'localhost\', port=8000)\n\n.venv/lib/python3.11/site-packages/requests/adapters.py:519: ConnectionError',
    file: 'tests/test_client.py',
    expected: { errorType: 'requests.exceptions.ConnectionError', category: 'api', location: 'app/client.py:18:1', testLocation: 'tests/test_client.py:1:1', symbol: null },
  },
  {
    name: 'coroutine compared instead of awaited',
    message: 'assert <coroutine object fetch_total at 0x7f3a1c2b3d40> == 42\n +  where <coroutine object fetch_total at 0x7f3a1c2b3d40> = fetch_total()',
    stack: 'def test_total():\n>       assert fetch_total() == 42\nE       assert <coroutine object fetch_total at 0x7f3a1c2b3d40> == 42\n\ntests/test_total.py:8: AssertionError',
    file: 'tests/test_total.py',
    expected: { errorType: 'AssertionError', category: 'async', location: 'tests/test_total.py:8:1', testLocation: 'tests/test_total.py:8:1', symbol: 'fetch_total' },
  },
  {
    name: 'coroutine never awaited (warning turned error)',
    message: "RuntimeWarning: coroutine 'Client.fetch' was never awaited",
    stack: "app/sync.py:31: in refresh\n    self.client.fetch(key)\nE   RuntimeWarning: coroutine 'Client.fetch' was never awaited\n\napp/sync.py:31: RuntimeWarning",
    file: 'tests/test_sync.py',
    expected: { errorType: 'RuntimeWarning', category: 'async', location: 'app/sync.py:31:1', testLocation: 'tests/test_sync.py:1:1', symbol: 'fetch' },
  },
  {
    name: 'asyncio wait_for timing out',
    message: 'TimeoutError',
    stack: 'tests/test_ws.py:30: in test_receive\n    await asyncio.wait_for(ws.recv(), 1)\n/usr/lib/python3.11/asyncio/tasks.py:479: in wait_for\n    return fut.result()\nE   TimeoutError\n\n/usr/lib/python3.11/asyncio/tasks.py:481: TimeoutError',
    file: 'tests/test_ws.py',
    expected: { errorType: 'TimeoutError', category: 'timeout', location: 'tests/test_ws.py:30:1', testLocation: 'tests/test_ws.py:30:1', symbol: null },
  },
  {
    name: 'pytest-timeout',
    message: 'Failed: Timeout >5.0s',
    stack: 'tests/test_slow.py:12: in test_poll\n    while not done():\nE   Failed: Timeout >5.0s',
    file: 'tests/test_slow.py',
    expected: { errorType: 'Failed', category: 'timeout', location: 'tests/test_slow.py:12:1', testLocation: 'tests/test_slow.py:12:1', symbol: null },
  },
  {
    name: 'missing third-party module at collection',
    message: "ModuleNotFoundError: No module named 'requests'",
    stack: "ImportError while importing test module '/home/ci/repo/tests/test_api.py'.\nTraceback:\n/usr/lib/python3.11/importlib/__init__.py:126: in import_module\n    return _bootstrap._gcd_import(name[level:], package, level)\ntests/test_api.py:3: in <module>\n    from app.client import get_user\napp/client.py:1: in <module>\n    import requests\nE   ModuleNotFoundError: No module named 'requests'",
    file: 'tests/test_api.py',
    expected: { errorType: 'ModuleNotFoundError', category: 'import', location: 'app/client.py:1:1', testLocation: 'tests/test_api.py:3:1', symbol: 'requests' },
  },
  {
    name: 'wrong call signature',
    message: "TypeError: apply_discount() missing 1 required positional argument: 'percent'",
    stack: "tests/test_cart.py:20: in test_discount\n    assert apply_discount(cart) == 90\nE   TypeError: apply_discount() missing 1 required positional argument: 'percent'",
    file: 'tests/test_cart.py',
    expected: { errorType: 'TypeError', category: 'type', location: 'tests/test_cart.py:20:1', testLocation: 'tests/test_cart.py:20:1', symbol: 'apply_discount' },
  },
  {
    name: 'syntax error in a test module',
    message: 'SyntaxError: invalid syntax',
    stack: '/usr/lib/python3/dist-packages/_pytest/python.py:618: in _importtestmodule\n    mod = import_path(self.path, mode=importmode, root=self.config.rootpath)\nE     File "/home/ci/repo/tests/test_bad.py", line 3\nE       def broken(:\nE                  ^\nE   SyntaxError: invalid syntax',
    file: 'tests/test_bad.py',
    expected: { errorType: 'SyntaxError', category: 'syntax', location: 'tests/test_bad.py:3:1', testLocation: 'tests/test_bad.py:3:1', symbol: null },
  },
  {
    name: 'local read before assignment',
    message: "UnboundLocalError: cannot access local variable 'total' where it is not associated with a value",
    stack: "shop/cart.py:9: in subtotal\n    total += line.price\nE   UnboundLocalError: cannot access local variable 'total' where it is not associated with a value",
    file: 'tests/test_cart.py',
    expected: { errorType: 'UnboundLocalError', category: 'reference', location: 'shop/cart.py:9:1', testLocation: 'tests/test_cart.py:1:1', symbol: 'total' },
  },
];

function handBuilt(testCase: Case): FailedTest {
  const file = testCase.file ?? 'test/x.test.ts';
  return { id: `${file}::${testCase.name}`, file, name: testCase.name, message: testCase.message, stack: testCase.stack, location: null };
}

describe('analyseFailures on hand-built failures', () => {
  it.each([...JS_CASES, ...PY_CASES])('$name', async (testCase) => {
    const [analysis] = await analyseFailures(makeReport([handBuilt(testCase)]), memoryFiles(testCase.files ?? {}), { repoRoot: REPO });
    const at = (location: FailureAnalysis['location']) => (location ? `${location.file}:${location.line}:${location.column}` : null);
    const { expected } = testCase;
    expect({
      errorType: analysis?.errorType,
      category: analysis?.category,
      location: at(analysis?.location ?? null),
      testLocation: at(analysis?.testLocation ?? null),
      symbol: analysis?.symbol,
    }).toEqual({ errorType: expected.errorType, category: expected.category, location: expected.location, testLocation: expected.testLocation, symbol: expected.symbol });
    if (expected.message) expect(analysis?.message).toBe(expected.message);
  });

  it('reads Windows paths against a Windows root', async () => {
    const testCase = JS_CASES.find((candidate) => candidate.name === 'Windows paths');
    if (!testCase) throw new Error('no case');
    const [analysis] = await analyseFailures(makeReport([handBuilt(testCase)]), noFiles, { repoRoot: 'C:\\ci\\repo' });
    expect([analysis?.location, analysis?.testLocation]).toEqual([
      { file: 'src/words.js', line: 2, column: 15 },
      { file: 'test/words.test.js', line: 5, column: 3 },
    ]);
    expect(analysis?.rootCause).toBe('`length` is read at src/words.js:2 from a value that is null');
  });

  it('names the missing import and the fix for a NameError, and trusts it', async () => {
    const testCase = PY_CASES[0];
    if (!testCase) throw new Error('no case');
    const [analysis] = await analyseFailures(makeReport([handBuilt(testCase)]), noFiles, { repoRoot: REPO });
    expect(analysis?.rootCause).toBe('`math` is used in shipping/rates.py:12 but never imported');
    expect(analysis?.suggestedFix).toBe('Import `math` at the top of shipping/rates.py');
    expect(analysis?.message).toBe("name 'math' is not defined");
    expect(analysis?.confidence).toBe(0.9);
  });

  it.each([
    ['undefined property read in src/, file:// frames (node:test)', '`price` is read at src/cart.js:4 from a value that is undefined', 'Make sure the value is set before `price` is read in src/cart.js, or handle the undefined case'],
    ['missing third-party module at collection', 'The module `requests` imported at app/client.py:1 cannot be found', 'Install `requests` as a dependency, or fix the import in app/client.py'],
    ['coroutine compared instead of awaited', '`fetch_total` is not awaited at tests/test_total.py:8, so a promise or coroutine is used instead of its result', 'Await `fetch_total(…)` at tests/test_total.py:8 (and make the enclosing function async)'],
    ['method that does not exist', '`getName` is called at lib/greet.js:2 but is not a function there', "Call a function the value really has at lib/greet.js:2 (check the name, and the value's type)"],
    ['wrong call signature', "`apply_discount` is called at tests/test_cart.py:20 with arguments its signature does not take: apply_discount() missing 1 required positional argument: 'percent'", 'Call `apply_discount` at tests/test_cart.py:20 with the arguments it takes, or change its signature'],
    ['esbuild cannot transform a source file (vitest)', 'src/syntax.ts does not parse at src/syntax.ts:2: Transform failed: Expected ":" but found ")"', 'Fix the syntax at src/syntax.ts:2'],
    ['Babel cannot parse a source file (jest)', 'src/total.js does not parse at src/total.js:3: Unexpected token (3:14)', 'Fix the syntax at src/total.js:3'],
    ['local read before assignment', '`total` is read at shop/cart.py:9 before it is assigned', 'Assign `total` before its first use in shop/cart.py, or read the right variable'],
    ['vitest timeout: no repository frame, the test file stands in', 'The test did not finish in time (Test timed out in 5000ms.)', 'Find what never completes at test/sync.test.ts:1 (a missing await, resolve or callback) rather than raising the timeout'],
  ])('says it in one specific sentence each: %s', async (name, rootCause, suggestedFix) => {
    const testCase = [...JS_CASES, ...PY_CASES].find((candidate) => candidate.name === name);
    if (!testCase) throw new Error(`no case ${name}`);
    const [analysis] = await analyseFailures(makeReport([handBuilt(testCase)]), memoryFiles(testCase.files ?? {}), { repoRoot: REPO });
    expect([analysis?.rootCause, analysis?.suggestedFix]).toEqual([rootCause, suggestedFix]);
  });

  it('trusts a bare assertion mismatch little, and says where the test stands', async () => {
    const failed: FailedTest = {
      id: 'tests/test_ops.py::test_add_wrong',
      file: 'tests/test_ops.py',
      name: 'test_add_wrong',
      message: 'assert 3 == 4\n +  where 3 = add(1, 2)',
      stack: '    def test_add_wrong():\n>       assert add(1, 2) == 4\nE       assert 3 == 4\n\ntests/test_ops.py:13: AssertionError',
      location: { file: 'tests/test_ops.py', line: 13, column: 0 },
    };
    const [analysis] = await analyseFailures(makeReport([failed]), noFiles, { repoRoot: REPO });
    expect(analysis?.confidence).toBe(0.4);
    expect(analysis?.rootCause).toBe('The test at tests/test_ops.py:13 gets a result it does not expect: assert 3 == 4');
  });
});

describe('isTestFile', () => {
  it.each([
    ['test/cart.test.ts', true],
    ['packages/api/tests/helpers.py', true],
    ['src/__tests__/price.ts', true],
    ['spec/queue_spec.js', true],
    ['src/rows.spec.tsx', true],
    ['app/test_utils.py', true],
    ['app/users_test.py', true],
    ['conftest.py', true],
    ['src/cart.ts', false],
    ['src/testing.ts', false],
    ['app/contest.py', false],
    ['lib/latest/index.js', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestFile(path)).toBe(expected);
  });
});

describe('analyseFailures: paths', () => {
  it('resolves a build in a worktree under .heal/ by the test file the stack shows', async () => {
    const failed: FailedTest = {
      id: 'test/cart.test.ts::total',
      file: 'test/cart.test.ts',
      name: 'total',
      message: 'RangeError: bad percent 120',
      stack: 'RangeError: bad percent 120\n    at discount (/home/ci/repo/.heal/worktrees/build-1a2b3c4d-ffffff/src/cart.ts:18:11)\n    at /home/ci/repo/.heal/worktrees/build-1a2b3c4d-ffffff/test/cart.test.ts:13:14',
      location: null,
    };
    const [analysis] = await analyseFailures(makeReport([failed]), noFiles, { repoRoot: REPO });
    expect(analysis?.location).toEqual({ file: 'src/cart.ts', line: 18, column: 11 });
    expect(analysis?.testLocation).toEqual({ file: 'test/cart.test.ts', line: 13, column: 14 });
  });

  it("prefixes a project folder's relative frames and ignores paths outside the repository", async () => {
    const failed: FailedTest = {
      id: 'api/tests/test_rates.py::test_rate',
      file: 'api/tests/test_rates.py',
      name: 'test_rate',
      message: "KeyError: 'EUR'",
      stack: "tests/test_rates.py:7: in test_rate\n    assert rate('EUR') == 1\n../shared/rates.py:3: in rate\n    return TABLE[code]\nrates/table.py:12: in rate\n    return TABLE[code]\nE   KeyError: 'EUR'\n\nrates/table.py:12: KeyError",
      location: null,
    };
    const report = makeReport([failed], 'api');
    const [analysis] = await analyseFailures(report, noFiles, { repoRoot: REPO });
    expect(analysis?.location).toEqual({ file: 'api/rates/table.py', line: 12, column: 1 });
    expect(analysis?.testLocation).toEqual({ file: 'api/tests/test_rates.py', line: 7, column: 1 });
    expect(analysis?.category).toBe('logic');
  });

  it('maps a compiled dist/ frame to its TypeScript source through the source map', async () => {
    const map = JSON.stringify({ version: 3, file: 'clamp.js', sourceRoot: '', sources: ['../src/clamp.ts'], names: [], mappings: 'AAIA,OAAO,SAAS,KAAK,CAAC,KAAa,EAAE,OAAgB;IACnD,IAAI,KAAK,GAAG,OAAO,CAAC,KAAK,EAAE,CAAC;QAC1B,MAAM,IAAI,UAAU,CAAC,QAAQ,OAAO,CAAC,KAAK,EAAE,CAAC,CAAC;IAChD,CAAC;IACD,OAAO,KAAK,CAAC;AACf,CAAC' });
    const files = {
      'dist/clamp.js': 'export function clamp(value, options) {\n    if (value > options.limit) {\n        throw new RangeError(`over ${options.limit}`);\n    }\n    return value;\n}\n//# sourceMappingURL=clamp.js.map',
      'dist/clamp.js.map': map,
      'src/clamp.ts': 'export interface Options {\n  limit: number;\n}\n\nexport function clamp(value: number, options: Options): number {\n  if (value > options.limit) {\n    throw new RangeError(`over ${options.limit}`);\n  }\n  return value;\n}\n',
    };
    const failed: FailedTest = {
      id: 'dist/test/clamp.test.js::clamps',
      file: 'dist/test/clamp.test.js',
      name: 'clamps',
      message: 'over 10',
      stack: 'RangeError: over 10\n    at clamp (file:///home/ci/repo/dist/clamp.js:3:15)\n    at TestContext.<anonymous> (file:///home/ci/repo/dist/test/clamp.test.js:5:3)',
      location: null,
    };
    const [analysis] = await analyseFailures(makeReport([failed]), memoryFiles(files), { repoRoot: REPO });
    expect(analysis?.location).toEqual({ file: 'src/clamp.ts', line: 7, column: 11 });
    expect(analysis?.errorType).toBe('RangeError');
    expect(analysis?.testLocation).toEqual({ file: 'dist/test/clamp.test.js', line: 5, column: 3 });
  });
});
