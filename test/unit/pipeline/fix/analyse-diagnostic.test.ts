import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BuildReport, Diagnostic } from '../../../../src/artefacts/build-report.js';
import { listFailures } from '../../../../src/pipeline/code/compare-checks.js';
import { analyseDiagnostic } from '../../../../src/pipeline/fix/analyse/analyse-diagnostic.js';
import { analyseFailures } from '../../../../src/pipeline/fix/analyse/analyse-failure.js';
import { parseEslint } from '../../../../src/toolchains/node/eslint.js';
import { parseTscText } from '../../../../src/toolchains/node/tsc.js';
import { parseFlake8 } from '../../../../src/toolchains/python/flake8.js';
import { parseMypy } from '../../../../src/toolchains/python/mypy.js';
import { parseRuff } from '../../../../src/toolchains/python/ruff.js';
import type { ToolOutput } from '../../../../src/toolchains/types.js';

function captured(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../captured/${path}`, import.meta.url)), 'utf8');
}

function output(stdout: string, projectDir: string, files: Record<string, string> = {}): ToolOutput {
  return { exitCode: 1, stdout, stderr: '', files, projectDir, readSource: async () => null };
}

/** [errorType, category, location, symbol] of a diagnostic's analysis. */
function summarise(diagnostic: Diagnostic, source: 'type' | 'lint'): unknown[] {
  const analysis = analyseDiagnostic(diagnostic, source);
  const location = analysis.location ? `${analysis.location.file}:${analysis.location.line}:${analysis.location.column}` : null;
  return [analysis.errorType, analysis.category, location, analysis.symbol];
}

describe('analyseDiagnostic on real type checker output', () => {
  it('tsc: a missing module is import, TS1005 syntax, assignability type', () => {
    const text = [captured('tsc/failing.txt'), captured('tsc/syntax-errors.txt')].join('\n');
    const { diagnostics } = parseTscText(text, '/tmp/x');
    expect(diagnostics.map((diagnostic) => summarise(diagnostic, 'type'))).toEqual([
      ['TS2345', 'type', 'src/words.ts:21:33', null],
      ['TS1005', 'syntax', 'src/syntax.ts:2:10', null],
      ['TS1005', 'syntax', 'src/syntax.ts:2:11', null],
      ['TS1005', 'syntax', 'src/syntax.ts:4:1', null],
    ]);
    const missing = parseTscText(captured('tsc/elaborations.txt'), '/tmp/x').diagnostics.at(-1);
    expect(missing && summarise(missing, 'type')).toEqual(['TS2307', 'import', 'test/broken.test.ts:2:25', '../src/does-not-exist.js']);
  });

  it('tsc: names and exports that cannot be found', () => {
    const text = [
      "src/a.ts(3,10): error TS2304: Cannot find name 'slugify'.",
      "src/a.ts(4,3): error TS2552: Cannot find name 'slugfy'. Did you mean 'slugify'?",
      'src/a.ts(1,10): error TS2305: Module \'"./slug.js"\' has no exported member \'slug\'.',
      'src/a.ts(1,10): error TS2724: \'"./slug.js"\' has no exported member named \'slugfy\'. Did you mean \'slugify\'?',
      "src/a.ts(9,7): error TS2339: Property 'titel' does not exist on type 'Post'.",
    ].join('\n');
    const analyses = parseTscText(text, '/tmp/x').diagnostics.map((diagnostic) => analyseDiagnostic(diagnostic, 'type'));
    expect(analyses.map((analysis) => [analysis.category, analysis.symbol])).toEqual([
      ['reference', 'slugify'],
      ['reference', 'slugfy'],
      ['import', 'slug'],
      ['import', 'slugfy'],
      ['type', 'titel'],
    ]);
    expect(analyses[1]?.suggestedFix).toBe('Rename `slugfy` to `slugify` in src/a.ts');
    expect(analyses[3]?.rootCause).toBe('`slugfy` is imported from `./slug.js` at src/a.ts:1, but `./slug.js` does not export it');
    expect(analyses[0]?.rootCause).toBe('`slugify` is used at src/a.ts:3 but never declared or imported');
  });

  it('tsc: a promise used as its value says the await is missing (real run of fixtures/ts-vitest-bug-missing-await)', () => {
    const text = "src/greet.ts(5,25): error TS2339: Property 'name' does not exist on type 'Promise<User>'.\nsrc/total.ts(3,9): error TS2322: Type 'number' is not assignable to type 'Promise<number>'.";
    const [missing, wrongReturn] = parseTscText(text, '/tmp/x').diagnostics.map((diagnostic) => analyseDiagnostic(diagnostic, 'type'));
    expect([missing?.category, missing?.symbol, missing?.rootCause, missing?.suggestedFix]).toEqual([
      'type',
      'name',
      "A promise is used as its value at src/greet.ts:5: an `await` is missing (Property 'name' does not exist on type 'Promise<User>'.)",
      'Await the promise at src/greet.ts:5 before reading `name`, making the enclosing function async if it is not',
    ]);
    expect(wrongReturn?.rootCause).toBe("tsc reports TS2322 at src/total.ts:3: Type 'number' is not assignable to type 'Promise<number>'.");
  });

  it('mypy: syntax, return-value, and the names mypy cannot find', () => {
    const stdout = [
      captured('mypy/failing.txt'),
      captured('mypy/syntax-error.txt'),
      'app/rates.py:12:12: error: Name "math" is not defined  [name-defined]',
      'app/client.py:1:1: error: Cannot find implementation or library stub for module named "requests"  [import]',
      'app/client.py:2:1: error: Module "app.util" has no attribute "retry"  [attr-defined]',
    ].join('\n');
    const { diagnostics = [] } = parseMypy(output(stdout, '/tmp/x'));
    expect(diagnostics.map((diagnostic) => summarise(diagnostic, 'type'))).toEqual([
      ['return-value', 'type', 'billing/invoice.py:34:12', null],
      ['syntax', 'syntax', 'calc/bad.py:1:13', null],
      ['name-defined', 'reference', 'app/rates.py:12:12', 'math'],
      ['import', 'import', 'app/client.py:1:1', 'requests'],
      ['attr-defined', 'import', 'app/client.py:2:1', 'retry'],
    ]);
  });
});

describe('analyseDiagnostic on real linter output', () => {
  it('flake8: F821 is reference, E999 syntax, the rest lint with the name they quote', () => {
    const stdout = captured('flake8/sample.txt') + captured('flake8/syntax-error.txt');
    const { diagnostics = [] } = parseFlake8(output(stdout, '/tmp/x'));
    const rows = diagnostics.map((diagnostic) => summarise(diagnostic, 'lint'));
    expect(rows.slice(0, 4)).toEqual([
      ['F401', 'lint', 'inventory/reorder.py:3:1', 'os'],
      ['E225', 'lint', 'inventory/reorder.py:27:20', null],
      ['F821', 'reference', 'calc/typed.py:19:5', 'reveal_type'],
      ['F401', 'lint', 'calc/ugly.py:1:1', 'os'],
    ]);
    expect(rows.at(-1)).toEqual(['E999', 'syntax', 'calc/bad.py:1:13', null]);
    const unused = diagnostics.find((diagnostic) => diagnostic.rule === 'F401');
    expect(unused && analyseDiagnostic(unused, 'lint').suggestedFix).toBe('Remove `os` from inventory/reorder.py, or use it');
  });

  it('ruff: F821 with backticks, syntax errors without a code', () => {
    const stdout = captured('ruff/check.json').replaceAll('[TMP]', '/tmp/x');
    const { diagnostics = [] } = parseRuff({ ...output(stdout, '/tmp/x'), exitCode: 1 });
    expect(diagnostics.map((diagnostic) => summarise(diagnostic, 'lint'))).toEqual([
      ['F401', 'lint', 'input.py:1:8', 'os'],
      ['F821', 'reference', 'input.py:2:5', 'y'],
      ['invalid-syntax', 'syntax', 'input.py:3:1', null],
    ]);
  });

  it('eslint: parse errors are syntax, rules are lint', () => {
    const { diagnostics = [] } = parseEslint(output('', '/tmp/heal-capture-node/ts-lint', { report: captured('eslint/mixed-severities.json') }));
    expect(diagnostics.map((diagnostic) => [...summarise(diagnostic, 'lint'), diagnostic.severity])).toEqual([
      ['@typescript-eslint/no-explicit-any', 'lint', 'src/bad.ts:29:30', null, 'error'],
      ['@typescript-eslint/no-unused-vars', 'lint', 'src/bad.ts:30:9', 'unused', 'error'],
      ['parse-error', 'syntax', 'src/syntax.ts:2:9', null, 'error'],
      ['prefer-const', 'lint', 'src/words.ts:11:7', 'words', 'warning'],
    ]);
  });

  it('a whole-file format finding points at line 1 and says to run the formatter', () => {
    const analysis = analyseDiagnostic({ tool: 'prettier', file: 'src/a.js', line: 1, column: 0, rule: 'format', message: 'File is not formatted with Prettier', severity: 'error' }, 'lint');
    expect([analysis.location, analysis.rootCause, analysis.suggestedFix, analysis.confidence]).toEqual([
      { file: 'src/a.js', line: 1, column: 1 },
      'src/a.js is not formatted as prettier expects',
      'Run prettier on src/a.js to reformat it',
      0.95,
    ]);
  });
});

describe('analyseFailures keys diagnostics as listFailures does', () => {
  it('one analysis per type error and per error-severity lint finding, in listFailures order', async () => {
    const typeErrors = parseTscText(captured('tsc/elaborations.txt'), '/tmp/x').diagnostics;
    const { diagnostics: lintErrors = [] } = parseEslint(output('', '/tmp/heal-capture-node/ts-lint', { report: captured('eslint/mixed-severities.json') }));
    const report: BuildReport = {
      version: 1,
      kind: 'build_report',
      status: 'FAILED',
      reason: 'type errors',
      fail_reason: 'typecheck',
      commit_sha: 'b'.repeat(40),
      branch_name: null,
      source: 'working-tree',
      is_dirty: false,
      started_at: '2026-01-01T00:00:00.000Z',
      duration_ms: 1,
      toolchains: [{ id: 'node', root: '.', package_manager: 'npm', test_runner: null, interpreter: null }],
      steps: [],
      tests: { total: 0, passed: 0, failed: 0, skipped: 0 },
      failed_tests: [],
      lint_errors: lintErrors,
      type_errors: typeErrors,
      coverage: null,
      artefact_path: null,
    };
    const analyses = await analyseFailures(report, async () => null, { repoRoot: '/tmp/x' });
    expect(analyses.map((analysis) => analysis.failureId)).toEqual(listFailures(report).map((failure) => failure.id));
    expect(analyses.filter((analysis) => analysis.failureId === 'src/bad.ts:TS2322')).toHaveLength(4);
    expect(analyses.find((analysis) => analysis.source === 'type')?.message).toBe("Type 'string' is not assignable to type 'number'.");
  });
});
