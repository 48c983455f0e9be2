import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonTestReport } from '../../../../src/toolchains/node/json-test-report.js';
import { readStackBlocks, type StackFrame } from '../../../../src/pipeline/fix/analyse/read-stack.js';

function captured(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../captured/${path}`, import.meta.url)), 'utf8');
}

/** The text of a `<failure>`/`<error>` element of a captured pytest JUnit report, unescaped. */
function junitText(path: string, testName: string): string {
  const xml = captured(path);
  const start = xml.indexOf(`name="${testName}"`);
  const body = /<(?:failure|error) message="[^"]*">([\s\S]*?)<\/(?:failure|error)>/.exec(xml.slice(start))?.[1] ?? '';
  return body.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#10;', '\n').replaceAll('&amp;', '&');
}

const where = (frames: readonly StackFrame[] | undefined) => (frames ?? []).map((frame) => `${frame.path}:${frame.line}:${frame.column ?? '-'}`);

describe('readStackBlocks on JavaScript stacks', () => {
  it('reads V8 frames innermost first, with and without a function, file:// URLs and async frames; skips <anonymous>', () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'price')",
      '    at lineTotal (file:///home/ci/repo/src/cart.js:4:22)',
      '    at Array.map (<anonymous>)',
      '    at async cartTotal (/home/ci/repo/src/cart.js:9:23)',
      '    at /home/ci/repo/test/cart.test.js:7:10',
      '    at new Promise (<anonymous>)',
      '    at Test.runInAsyncScope (node:async_hooks:206:9)',
    ].join('\n');
    const blocks = readStackBlocks(stack);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toEqual([
      { path: 'file:///home/ci/repo/src/cart.js', line: 4, column: 22, fn: 'lineTotal' },
      { path: '/home/ci/repo/src/cart.js', line: 9, column: 23, fn: 'cartTotal' },
      { path: '/home/ci/repo/test/cart.test.js', line: 7, column: 10, fn: null },
      { path: 'node:async_hooks', line: 206, column: 9, fn: 'Test.runInAsyncScope' },
    ]);
  });

  it('keeps a [cause] as a second block (jest 30 timeout, captured)', () => {
    const report = JsonTestReport.parse(JSON.parse(captured('jest/mixed-outcomes.json')));
    const failure = report.testResults.flatMap((file) => file.assertionResults).find((test) => test.title === 'times out')?.failureMessages?.[0] ?? '';
    const blocks = readStackBlocks(failure);
    expect(blocks).toHaveLength(2);
    expect(where(blocks[0]).at(0)).toBe('/tmp/hns/jt/node_modules/jest-circus/build/jestAdapterInit.js:1985:12');
    expect(where(blocks[1]).at(0)).toBe('/tmp/heal-capture-node/jest-mixed/test/slow.test.js:3:1');
  });

  it("reads node's file:line header over a syntax error and esbuild's file:line:col: ERROR", () => {
    const node = 'file:///home/ci/repo/src/total.js:3\n  return (a +\n  ^^^^^^\n\nSyntaxError: Unexpected token \'return\'\n    at compileSourceTextModule (node:internal/modules/esm/utils:340:16)';
    expect(where(readStackBlocks(node)[0])).toEqual(['file:///home/ci/repo/src/total.js:3:-', 'node:internal/modules/esm/utils:340:16']);
    const esbuild = 'Error: Transform failed with 1 error:\n/home/ci/repo/src/syntax.ts:2:10: ERROR: Expected ":" but found ")"';
    expect(where(readStackBlocks(esbuild)[0])).toEqual(['/home/ci/repo/src/syntax.ts:2:10']);
  });

  it('reads the relative frames of a jest suite failure and ignores its code frame', () => {
    const report = JsonTestReport.parse(JSON.parse(captured('jest/mixed-outcomes.json')));
    const message = report.testResults.find((file) => file.name.endsWith('broken.test.js'))?.message ?? '';
    expect(where(readStackBlocks(message)[0])).toEqual([
      '../../hns/jt/node_modules/jest-resolve/build/index.js:1031:11',
      'test/broken.test.js:3:21',
    ]);
  });
});

describe('readStackBlocks on Python tracebacks', () => {
  it("reads pytest's long format innermost first (captured pytest 7.2)", () => {
    const text = junitText('pytest/mixed-outcomes.junit.xml', 'test_div_zero');
    expect(where(readStackBlocks(text)[0])).toEqual(['calc/ops.py:12:-', 'tests/test_ops.py:21:-']);
  });

  it('reads --tb=native frames with their functions (captured)', () => {
    const text = junitText('pytest/native-traceback.junit.xml', 'test_div_zero');
    expect(readStackBlocks(text)[0]).toEqual([
      { path: '/tmp/heal-capture-python/native-traceback/calc/ops.py', line: 12, column: null, fn: 'div' },
      { path: '/tmp/heal-capture-python/native-traceback/tests/test_ops.py', line: 21, column: null, fn: 'test_div_zero' },
    ]);
  });

  it('reads a collection error, with "in <module>" frames (captured)', () => {
    const text = junitText('pytest/collection-error.junit.xml', 'tests.sub.test_import');
    expect(where(readStackBlocks(text)[0])).toEqual(['tests/sub/test_import.py:1:-', '/usr/lib/python3.11/importlib/__init__.py:126:-']);
  });

  it("puts the syntax error's own File line (inside E lines) innermost", () => {
    const text = [
      '/usr/lib/python3/dist-packages/_pytest/python.py:618: in _importtestmodule',
      '    mod = import_path(self.path, mode=importmode, root=self.config.rootpath)',
      'E     File "/home/ci/repo/tests/test_bad.py", line 3',
      'E       def broken(:',
      'E                  ^',
      'E   SyntaxError: invalid syntax',
    ].join('\n');
    expect(where(readStackBlocks(text)[0])).toEqual(['/home/ci/repo/tests/test_bad.py:3:-', '/usr/lib/python3/dist-packages/_pytest/python.py:618:-']);
  });

  it('orders chained exceptions from the one that ended the test back to its cause', () => {
    const text = [
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
    ].join('\n');
    const blocks = readStackBlocks(text);
    expect(blocks.map(where)).toEqual([
      ['/home/ci/repo/app/users.py:14:-', '/home/ci/repo/tests/test_users.py:9:-'],
      ['/home/ci/repo/.venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py:1964:-'],
    ]);
  });
});
