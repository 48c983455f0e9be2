import { describe, expect, it } from 'vitest';
import { parseBlack } from '../../../../src/toolchains/python/black.js';
import { parseFlake8 } from '../../../../src/toolchains/python/flake8.js';
import { parseMypy } from '../../../../src/toolchains/python/mypy.js';
import { parseRuffFormat } from '../../../../src/toolchains/python/ruff-format.js';
import { parseRuff } from '../../../../src/toolchains/python/ruff.js';
import { readCaptured, toolOutput } from './python-facts.js';

const LINT_DIR = '/tmp/heal-capture-python/lint-errors';
const pick = (diagnostics: Array<{ file: string; line: number; column: number; rule: string }> | undefined) =>
  diagnostics?.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);

describe('black (23.1, stderr)', () => {
  it('one whole-file format finding per "would reformat" line, absolute paths made relative', () => {
    const findings = parseBlack(
      toolOutput({
        exitCode: 1,
        stderr: readCaptured('black/sample.txt'),
        projectDir: '/tmp/heal-capture/py-pytest-green-fast-marker--lint-errors',
      }),
    );
    expect(findings).toEqual({
      diagnostics: [
        {
          tool: 'black',
          file: 'inventory/reorder.py',
          line: 0,
          column: 0,
          rule: 'format',
          message: 'would reformat: run `black inventory/reorder.py`',
          severity: 'error',
        },
      ],
    });
  });

  it('exit 123 with a file it cannot parse: a parse-error finding at 1-based line:column', () => {
    const findings = parseBlack(toolOutput({ exitCode: 123, stderr: readCaptured('black/parse-error.txt'), projectDir: LINT_DIR }));
    expect(findings.error).toBeUndefined();
    expect(pick(findings.diagnostics)).toEqual(['calc/bad.py:1:12 parse-error', 'calc/ugly.py:0:0 format']);
    expect(findings.diagnostics?.[0]?.message).toBe('Cannot parse: 1:11: def broken(:');
  });

  it('errors on a crash with nothing to report', () => {
    expect(parseBlack(toolOutput({ exitCode: 123, stderr: 'error: cannot use --safe with this file\n' })).error).toBe(
      'black exited with code 123: error: cannot use --safe with this file',
    );
    expect(parseBlack(toolOutput({ exitCode: 0, stderr: 'All done! ✨ 🍰 ✨\n5 files would be left unchanged.\n' }))).toEqual({
      diagnostics: [],
    });
  });
});

describe('flake8 (5.0, --format=default)', () => {
  it('parses the captured sample exactly', () => {
    const findings = parseFlake8(
      toolOutput({ exitCode: 1, stdout: readCaptured('flake8/sample.txt'), projectDir: '/tmp/heal-capture/x' }),
    );
    expect(findings.diagnostics).toEqual([
      { tool: 'flake8', file: 'inventory/reorder.py', line: 3, column: 1, rule: 'F401', message: "'os' imported but unused", severity: 'error' },
      { tool: 'flake8', file: 'inventory/reorder.py', line: 27, column: 20, rule: 'E225', message: 'missing whitespace around operator', severity: 'error' },
    ]);
  });

  it('keeps E999 syntax errors and every pycodestyle finding', () => {
    const findings = parseFlake8(toolOutput({ exitCode: 1, stdout: readCaptured('flake8/syntax-error.txt') }));
    expect(findings.diagnostics).toHaveLength(10);
    expect(findings.diagnostics?.[0]).toMatchObject({ file: 'calc/typed.py', line: 19, column: 5, rule: 'F821' });
    expect(findings.diagnostics?.at(-1)).toMatchObject({ file: 'calc/bad.py', line: 1, column: 13, rule: 'E999', message: 'SyntaxError: invalid syntax' });
  });

  it('errors when flake8 fails without findings', () => {
    const stderr = 'Traceback (most recent call last):\n  ...\nValueError: Error code \'X\' supplied to \'ignore\' option\n';
    expect(parseFlake8(toolOutput({ exitCode: 1, stderr })).error).toBe(
      "flake8 exited with code 1: ValueError: Error code 'X' supplied to 'ignore' option",
    );
  });
});

describe('mypy (1.0, text)', () => {
  it('parses the failing fixture', () => {
    expect(parseMypy(toolOutput({ exitCode: 1, stdout: readCaptured('mypy/failing.txt') })).diagnostics).toEqual([
      {
        tool: 'mypy',
        file: 'billing/invoice.py',
        line: 34,
        column: 12,
        rule: 'return-value',
        message: 'Incompatible return value type (got "None", expected "Invoice")',
        severity: 'error',
      },
    ]);
  });

  it('attaches a note on the same line to its error and drops the others', () => {
    const findings = parseMypy(toolOutput({ exitCode: 1, stdout: readCaptured('mypy/notes.txt') }));
    expect(pick(findings.diagnostics)).toEqual([
      'calc/typed.py:5:12 return-value',
      'calc/typed.py:9:18 assignment',
      'calc/typed.py:14:12 operator',
      'calc/typed.py:18:7 arg-type',
    ]);
    expect(findings.diagnostics?.[2]?.message).toBe(
      'Unsupported operand types for + ("None" and "int")\nLeft operand is of type "Optional[int]"',
    );
  });

  it('a syntax error (exit 2) is a finding; a crash without findings is an error', () => {
    const syntax = parseMypy(toolOutput({ exitCode: 2, stdout: readCaptured('mypy/syntax-error.txt') }));
    expect(syntax.error).toBeUndefined();
    expect(pick(syntax.diagnostics)).toEqual(['calc/bad.py:1:13 syntax']);
    expect(parseMypy(toolOutput({ exitCode: 2, stderr: "mypy: can't read file 'nonexist.py': No such file or directory\n" })).error).toBe(
      "mypy exited with code 2: mypy: can't read file 'nonexist.py': No such file or directory",
    );
  });

  it('reads messages without a line or column', () => {
    const stdout = 'tests/conftest.py: error: Duplicate module named "conftest" (also at "./conftest.py")\npkg/a.py:3: error: Name "x" is not defined  [name-defined]\n';
    expect(pick(parseMypy(toolOutput({ exitCode: 2, stdout })).diagnostics)).toEqual([
      'tests/conftest.py:0:0 mypy',
      'pkg/a.py:3:0 name-defined',
    ]);
  });
});

describe('ruff (JSON samples from ruff\'s own snapshot tests, see test/captured/README.md)', () => {
  it('parses `ruff check --output-format json` output, codes and 1-based positions as given', () => {
    const stdout = readCaptured('ruff/check.json').replaceAll('[TMP]', '/work/proj');
    expect(parseRuff(toolOutput({ exitCode: 1, stdout })).diagnostics).toEqual([
      { tool: 'ruff', file: 'input.py', line: 1, column: 8, rule: 'F401', message: '`os` imported but unused', severity: 'error' },
      { tool: 'ruff', file: 'input.py', line: 2, column: 5, rule: 'F821', message: 'Undefined name `y`', severity: 'error' },
      {
        tool: 'ruff',
        file: 'input.py',
        line: 3,
        column: 1,
        rule: 'invalid-syntax',
        message: 'Cannot use `match` statement on Python 3.9 (syntax was added in Python 3.10)',
        severity: 'error',
      },
    ]);
  });

  it('older ruff: a null code is a syntax-error', () => {
    const findings = parseRuff(toolOutput({ exitCode: 1, stdout: readCaptured('ruff/check-syntax-errors.json') }));
    expect(pick(findings.diagnostics)).toEqual(['syntax_errors.py:1:15 syntax-error', 'syntax_errors.py:3:12 syntax-error']);
  });

  it('clean runs, ruff failures and non-JSON output', () => {
    expect(parseRuff(toolOutput({ exitCode: 0, stdout: '[]' }))).toEqual({ diagnostics: [] });
    expect(parseRuff(toolOutput({ exitCode: 2, stderr: 'ruff failed\n  Cause: bad config\n' })).error).toBe(
      'ruff exited with code 2: Cause: bad config',
    );
    expect(parseRuff(toolOutput({ exitCode: 1, stdout: 'x.py:1:1: F401 unused' })).error).toMatch(/did not print JSON/);
  });
});

describe('ruff format --check (text samples from ruff\'s CLI tests)', () => {
  it('one format finding per "Would reformat:" line', () => {
    const findings = parseRuffFormat(toolOutput({ exitCode: 1, stdout: readCaptured('ruff/format-check.txt') }));
    expect(pick(findings.diagnostics)).toEqual(['main.py:0:0 format', 'test.py:0:0 format']);
  });

  it('exit 2 with a parse failure is a finding, without one an error', () => {
    const findings = parseRuffFormat(toolOutput({ exitCode: 2, stderr: readCaptured('ruff/format-parse-error.txt') }));
    expect(findings.diagnostics).toEqual([
      { tool: 'ruff-format', file: 'main.py', line: 2, column: 20, rule: 'parse-error', message: 'Expected an import name', severity: 'error' },
    ]);
    expect(parseRuffFormat(toolOutput({ exitCode: 2, stderr: 'ruff failed\n' })).error).toBe('ruff format exited with code 2: ruff failed');
  });
});
