import { describe, expect, it } from 'vitest';
import { nodeIdOf, type JunitCase } from '../../../../src/toolchains/python/pytest-junit.js';
import { parsePytest } from '../../../../src/toolchains/python/pytest.js';
import { readCaptured, toolOutput } from './python-facts.js';

const MIXED_DIR = '/tmp/heal-capture-python/mixed-outcomes';
const MIXED_FILES = ['calc/__init__.py', 'calc/ops.py', 'tests/test_ops.py'];

/** pytest's own short summary: "FAILED <node id> - …" and "ERROR <node id> - …" lines. */
function summaryNodeIds(stdout: string): string[] {
  return [...stdout.matchAll(/^(?:FAILED|ERROR) (\S+)/gm)].map((match) => match[1] ?? '');
}

describe('parsePytest on real pytest 7.2 reports', () => {
  it('mixed outcomes: counts as pytest printed them, node ids as in its summary', async () => {
    const stdout = readCaptured('pytest/mixed-outcomes.stdout.txt');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^4 failed, 4 passed, 1 skipped, 1 xfailed, 1 error in /);
    const findings = await parsePytest(
      toolOutput({
        exitCode: 1,
        stdout,
        files: { junit: readCaptured('pytest/mixed-outcomes.junit.xml') },
        projectDir: MIXED_DIR,
        existing: MIXED_FILES,
      }),
    );
    expect(findings.error).toBeUndefined();
    // errors count as failed, xfailed as skipped
    expect(findings.tests).toEqual({ total: 11, passed: 4, failed: 5, skipped: 2 });
    expect(findings.failedTests?.map((test) => test.id).sort()).toEqual(summaryNodeIds(stdout).sort());
    expect(findings.failedTests?.map((test) => [test.id, test.file, test.name, test.message, test.location])).toEqual([
      [
        'tests/test_ops.py::test_add_wrong',
        'tests/test_ops.py',
        'test_add_wrong',
        'assert 3 == 4\n +  where 3 = add(1, 2)',
        { file: 'tests/test_ops.py', line: 13, column: 0 },
      ],
      [
        'tests/test_ops.py::test_div_zero',
        'tests/test_ops.py',
        'test_div_zero',
        'ZeroDivisionError: b is zero',
        { file: 'calc/ops.py', line: 12, column: 0 },
      ],
      [
        'tests/test_ops.py::test_outer[20-42]',
        'tests/test_ops.py',
        'test_outer[20-42]',
        'assert 41 == 42\n +  where 41 = outer(20)',
        { file: 'tests/test_ops.py', line: 26, column: 0 },
      ],
      [
        'tests/test_ops.py::TestAcc::test_doubled',
        'tests/test_ops.py',
        'TestAcc::test_doubled',
        expect.stringMatching(/^assert 0 == 1\n/),
        { file: 'tests/test_ops.py', line: 38, column: 0 },
      ],
      [
        'tests/test_ops.py::test_uses_broken',
        'tests/test_ops.py',
        'test_uses_broken',
        'failed on setup with "RuntimeError: fixture broke"',
        { file: 'tests/test_ops.py', line: 43, column: 0 },
      ],
    ]);
    expect(findings.failedTests?.[1]?.stack).toMatch(/raise ZeroDivisionError\("b is zero"\)\nE {11}ZeroDivisionError: b is zero\n\ncalc\/ops\.py:12: ZeroDivisionError$/);
  });

  it('without files on disk, falls back to the Test* class convention for node ids', async () => {
    const findings = await parsePytest(
      toolOutput({ exitCode: 1, files: { junit: readCaptured('pytest/mixed-outcomes.junit.xml') }, projectDir: MIXED_DIR }),
    );
    expect(findings.failedTests?.map((test) => test.id)).toContain('tests/test_ops.py::TestAcc::test_doubled');
    expect(findings.failedTests?.every((test) => test.location === null)).toBe(true);
  });

  it('the failing fixture: one failure with its assertion and line', async () => {
    const findings = await parsePytest(
      toolOutput({
        exitCode: 1,
        files: { junit: readCaptured('pytest/failing.junit.xml') },
        projectDir: '/tmp/heal-capture/py-pytest-failing-test',
        existing: ['tests/test_due.py', 'tests/test_invoice.py', 'billing/due.py', 'billing/invoice.py'],
      }),
    );
    expect(findings.tests).toEqual({ total: 7, passed: 6, failed: 1, skipped: 0 });
    expect(findings.failedTests).toEqual([
      expect.objectContaining({
        id: 'tests/test_due.py::test_invoice_is_not_overdue_on_its_due_date',
        message: expect.stringMatching(/^assert not True\n \+  where True = is_overdue\(/),
        location: { file: 'tests/test_due.py', line: 15, column: 0 },
      }),
    ]);
  });

  it('a native (--tb=native) traceback locates the raise in the source file', async () => {
    const findings = await parsePytest(
      toolOutput({
        exitCode: 1,
        files: { junit: readCaptured('pytest/native-traceback.junit.xml') },
        projectDir: '/tmp/heal-capture-python/native-traceback',
        existing: MIXED_FILES,
      }),
    );
    expect(findings.failedTests?.[0]?.location).toEqual({ file: 'calc/ops.py', line: 12, column: 0 });
  });

  it('a collection error (exit 2) is a failed test named by its module, not an ERRORED run', async () => {
    const findings = await parsePytest(
      toolOutput({
        exitCode: 2,
        files: { junit: readCaptured('pytest/collection-error.junit.xml') },
        projectDir: '/tmp/heal-capture-python/collection-error',
        existing: [...MIXED_FILES, 'tests/sub/test_import.py'],
      }),
    );
    expect(findings.error).toBeUndefined();
    expect(findings.tests).toEqual({ total: 1, passed: 0, failed: 1, skipped: 0 });
    expect(findings.failedTests).toEqual([
      expect.objectContaining({
        id: 'tests/sub/test_import.py',
        file: 'tests/sub/test_import.py',
        message: "ImportError: cannot import name 'multiply' from 'calc.ops' (/tmp/heal-capture-python/collection-error/calc/ops.py)",
        location: { file: 'tests/sub/test_import.py', line: 1, column: 0 },
      }),
    ]);
  });

  it('no tests collected (exit 5): zero tests, no error', async () => {
    const findings = await parsePytest(toolOutput({ exitCode: 5, files: { junit: readCaptured('pytest/no-tests.junit.xml') } }));
    expect(findings).toEqual({ tests: { total: 0, passed: 0, failed: 0, skipped: 0 }, failedTests: [], coverage: null });
  });

  it('errors when pytest did not run the tests', async () => {
    const usage = await parsePytest(
      toolOutput({
        exitCode: 4,
        stderr: 'ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]\n__main__.py: error: unrecognized arguments: --bogus\n',
      }),
    );
    expect(usage.error).toBe(
      'pytest wrote no JUnit report (exit 4): __main__.py: error: unrecognized arguments: --bogus',
    );
    const interrupted = await parsePytest(
      toolOutput({ exitCode: 2, files: { junit: readCaptured('pytest/no-tests.junit.xml') }, stdout: '!!! KeyboardInterrupt !!!' }),
    );
    expect(interrupted.error).toBe('pytest was interrupted (exit 2): !!! KeyboardInterrupt !!!');
    expect((await parsePytest(toolOutput({ exitCode: 1, files: { junit: '<testsuites>' } }))).error).toMatch(/not valid XML/);
  });
});

describe('nodeIdOf', () => {
  const testcase = (classname: string, name: string, file: string | null = null): JunitCase => ({
    classname,
    name,
    file,
    outcome: 'failed',
    message: '',
    text: '',
  });
  const none = () => Promise.resolve(false);

  it('uses the xunit1 file attribute to split module from classes', async () => {
    expect(await nodeIdOf(testcase('tests.v1.test_x.TestA.TestB', 'test_y[a.b]', 'tests/v1/test_x.py'), none)).toEqual({
      file: 'tests/v1/test_x.py',
      name: 'TestA::TestB::test_y[a.b]',
    });
  });

  it('prefers the longest dotted prefix that is a file over the Test* convention', async () => {
    const exists = (path: string) => Promise.resolve(path === 'tests/Test_legacy.py');
    expect(await nodeIdOf(testcase('tests.Test_legacy.Suite', 'test_z'), exists)).toEqual({
      file: 'tests/Test_legacy.py',
      name: 'Suite::test_z',
    });
    expect(await nodeIdOf(testcase('test_flat', 'test_z'), none)).toEqual({ file: 'test_flat.py', name: 'test_z' });
  });

  it('doctests keep their dotted item name', async () => {
    expect(await nodeIdOf(testcase('calc.ops', 'calc.ops.add'), (path) => Promise.resolve(path === 'calc/ops.py'))).toEqual({
      file: 'calc/ops.py',
      name: 'calc.ops.add',
    });
  });
});
