import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../../../src/patch/types.js';
import type { FailureAnalysis, FailureCategory, FixCandidate, FixStrategy } from '../../../../src/pipeline/fix/types.js';
import { validateFix, type ValidateFixContext } from '../../../../src/pipeline/fix/validate/validate-fix.js';
import { isTestFile } from '../../../../src/pipeline/fix/test-files.js';

type Files = Record<string, string>;

function change(path: string, before: string, after: string): FileChange {
  return { path, kind: 'modify', before, after };
}

function candidate(files: FileChange[], fields: { strategy?: FixStrategy; rule?: string; targets?: string[] } = {}): FixCandidate {
  return { strategy: fields.strategy ?? 'pattern', rule: fields.rule ?? 'missing-import', description: 'd', files, targets: fields.targets ?? ['f1'] };
}

function analysis(file: string, category: FailureCategory, failureId = 'f1'): FailureAnalysis {
  return {
    failureId,
    source: 'test',
    errorType: null,
    message: 'm',
    category,
    location: { file, line: 1, column: 1 },
    testLocation: null,
    symbol: null,
    rootCause: '',
    suggestedFix: '',
    confidence: 0.5,
  };
}

/** A stand-in for `ast.parse` that flags unbalanced parentheses, the obvious error of these tests. */
async function fakeParsePython(text: string): Promise<string | null> {
  return text.split('(').length === text.split(')').length ? null : 'line 1: unexpected EOF while parsing';
}

function context(files: Files, analyses: FailureAnalysis[] = [], parsePython = fakeParsePython): ValidateFixContext {
  const map = new Map(Object.entries(files));
  return { analyses, readFile: async (path) => map.get(path) ?? null, fileExists: async (path) => map.has(path), parsePython };
}

async function validateOne(files: Files, path: string, after: string, fields: Parameters<typeof candidate>[1] = {}, analyses: FailureAnalysis[] = []) {
  return validateFix(candidate([change(path, files[path] ?? '', after)], fields), context(files, analyses));
}

const APP = "import { a } from './a.js';\n\nexport const x = a;\n";

describe('validateFix: accepted fixes and their risk', () => {
  it.each([
    { name: 'an import-only pattern on one line is low risk', fields: {}, after: "import { a } from './a.js';\nimport { b } from './b.js';\n\nexport const x = a;\n", risk: 'low', changedLines: 1 },
    { name: 'a fault-localised mutation is medium risk', fields: { strategy: 'fault-localised' as const, rule: 'operator' }, after: "import { a } from './a.js';\n\nexport const x = -a;\n", risk: 'medium', changedLines: 2 },
    { name: 'a guard-none pattern is high risk', fields: { rule: 'guard-none' }, after: "import { a } from './a.js';\n\nexport const x = a?.b;\n", risk: 'high', changedLines: 2 },
    { name: 'a multi-line ts-code-fix is medium risk', fields: { strategy: 'ts-code-fix' as const, rule: 'import' }, after: "import { a } from './a.js';\nimport { b } from './b.js';\nimport { c } from './c.js';\n\nexport const x = a;\n", risk: 'medium', changedLines: 2 },
  ])('$name', async ({ fields, after, risk, changedLines }) => {
    const files = { 'src/app.ts': APP, 'src/a.ts': '', 'src/b.ts': '', 'src/c.ts': '' };
    expect(await validateOne(files, 'src/app.ts', after, fields)).toEqual({ ok: true, risk, changedLines });
  });

  it('rates more than ten changed lines high', async () => {
    const before = Array.from({ length: 30 }, (_, index) => `const v${index} = ${index};`).join('\n');
    const after = before.replace(/= (\d);/g, '= $1 + 1;');
    expect(await validateOne({ 'a.ts': before }, 'a.ts', after, { strategy: 'model', rule: 'model' })).toEqual({ ok: true, risk: 'high', changedLines: 20 });
  });
});

describe('validateFix: rejections', () => {
  it.each<{ name: string; files: Files; change: FileChange; rule: string }>([
    { name: 'no change', files: { 'a.ts': 'x;\n' }, change: change('a.ts', 'x;\n', 'x;\n'), rule: 'no-change' },
    { name: 'file creation', files: {}, change: { path: 'b.ts', kind: 'create', before: null, after: 'x;\n' }, rule: 'create-or-delete' },
    { name: 'file deletion', files: { 'a.ts': 'x;\n' }, change: { path: 'a.ts', kind: 'delete', before: 'x;\n', after: null }, rule: 'create-or-delete' },
    { name: 'a modify of a missing file', files: {}, change: change('a.ts', 'x;\n', 'y;\n'), rule: 'create-or-delete' },
    { name: 'a TS syntax error', files: { 'a.ts': 'const x = 1;\n' }, change: change('a.ts', 'const x = 1;\n', 'const x = ;\n'), rule: 'syntax' },
    { name: 'a Python syntax error', files: { 'a.py': 'x = f(1)\n' }, change: change('a.py', 'x = f(1)\n', 'x = f(1\n'), rule: 'syntax' },
    { name: 'invalid JSON', files: { 'p.json': '{"a": 1}\n' }, change: change('p.json', '{"a": 1}\n', '{"a": 1,}\n'), rule: 'syntax' },
  ])('$name → $rule', async ({ files, change: fileChange, rule }) => {
    const verdict = await validateFix(candidate([fileChange]), context(files));
    expect(verdict).toMatchObject({ ok: false, rule });
  });

  it('does not blame a fix for a file that did not parse before', async () => {
    const before = 'const x = ;\nconst y = 1;\n';
    expect(await validateOne({ 'a.ts': before }, 'a.ts', 'const x = ;\nconst y = 2;\n', { strategy: 'model' })).toEqual({ ok: true, risk: 'medium', changedLines: 2 });
    expect(await validateOne({ 'a.ts': before }, 'a.ts', 'const x = 0;\nconst y = 1;\n', { strategy: 'model' })).toMatchObject({ ok: true });
  });

  it('names the syntax error', async () => {
    expect(await validateOne({ 'a.ts': 'const x = 1;\n' }, 'a.ts', 'const x = ;\n')).toEqual({
      ok: false,
      rule: 'syntax',
      message: 'a.ts does not parse after the fix: line 1: Expression expected.',
    });
  });

  it('caps changed lines at 20', async () => {
    const before = Array.from({ length: 40 }, (_, index) => `x${index}`).join('\n');
    const after = before.replace(/x(\d)$/gm, 'y$1').replace('x10', 'y10');
    expect(await validateOne({ 'a.txt': before }, 'a.txt', after)).toEqual({ ok: false, rule: 'too-many-lines', message: 'the fix changes 22 lines (at most 20)' });
  });

  it.each([
    { lines: 12, added: 7, ok: false },
    { lines: 12, added: 6, ok: true },
    { lines: 3, added: 6, ok: false },
    { lines: 3, added: 5, ok: true },
  ])('a $lines-line file growing by $added lines: ok=$ok', async ({ lines, added, ok }) => {
    const before = Array.from({ length: lines }, (_, index) => `a${index}`).join('\n') + '\n';
    const after = before + Array.from({ length: added }, (_, index) => `b${index}`).join('\n') + '\n';
    expect((await validateOne({ 'a.txt': before }, 'a.txt', after)).ok).toBe(ok);
  });

  it.each([
    ['a .js specifier of a .ts file', "import { b } from './b.js';\n", true],
    ['a .js specifier of a declaration file', "import type { T } from './types.js';\n", true],
    ['an extension-less specifier', "import { b } from './b';\n", true],
    ['a folder index', "import { c } from '../lib';\n", true],
    ['a package', "import { z } from 'zod';\n", true],
    ['a missing module', "import { d } from './d.js';\n", false],
    ['a missing require', "const d = require('./nope');\n", false],
  ])('relative JS imports: %s resolves=%s', async (_, added, ok) => {
    const files = { 'src/app.ts': APP, 'src/a.ts': '', 'src/b.ts': '', 'src/types.d.ts': '', 'lib/index.js': '' };
    const verdict = await validateOne(files, 'src/app.ts', added + APP);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.rule).toBe('unresolved-import');
  });

  it.each([
    ['from .pricing import discount', true],
    ['from .missing import discount', false],
    ['from . import pricing', true],
    ['from shop.pricing import discount', true],
    ['from shop.gone import discount', false],
    ['import shop.models', false],
    ['from requests import get', true],
  ])('Python imports in src/shop/cart.py: `%s` resolves=%s', async (line, ok) => {
    const files = { 'src/shop/__init__.py': '', 'src/shop/pricing.py': '', 'src/shop/cart.py': 'import os\n\nx = 1\n' };
    const verdict = await validateOne(files, 'src/shop/cart.py', `import os\n${line}\n\nx = 1\n`);
    expect(verdict).toMatchObject(ok ? { ok: true } : { ok: false, rule: 'unresolved-import' });
  });

  it('rejects an added secret, but not one the file already had', async () => {
    const before = 'const a = 1;\n';
    const key = "const apiKey = 'AKIAABCDEFGHIJKLMNOP';\n";
    expect(await validateOne({ 'a.ts': before }, 'a.ts', before + key)).toEqual({ ok: false, rule: 'secret', message: 'a.ts:2: aws-access-key-id (AKIA…[redacted])' });
    expect(await validateOne({ 'a.ts': key }, 'a.ts', `${key}const b = 2;\n`)).toMatchObject({ ok: true });
  });

  it('rejects lines indented with the other character', async () => {
    const tabs = 'function f() {\n\tif (a) {\n\t\treturn 1;\n\t}\n\t/**\n\t * doc\n\t */\n\treturn 2;\n}\n';
    expect(await validateOne({ 'a.ts': tabs }, 'a.ts', tabs.replace('\t\treturn 1;', '    return 0;'))).toEqual({
      ok: false,
      rule: 'indentation',
      message: 'a.ts: `return 0;` is indented unlike the rest of the file',
    });
    expect(await validateOne({ 'a.ts': tabs }, 'a.ts', tabs.replace('\t\treturn 1;', '\t\treturn 0;'))).toMatchObject({ ok: true });
    const spaces = 'def f():\n    if a:\n        return 1\n    return 2\n';
    expect(await validateOne({ 'a.py': spaces }, 'a.py', spaces.replace('    return 2', '\treturn 2'))).toMatchObject({ ok: false, rule: 'indentation' });
  });
});

describe('validateFix: tests are never edited to pass', () => {
  const test = "import { add } from '../src/add.js';\n\nit('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n\ntest('zero', () => {\n  expect(add(0, 0)).toBe(0);\n});\n";
  const files = { 'test/add.test.ts': test, 'src/add.ts': '', 'src/sum.ts': '' };

  it.each([
    {
      name: 'a fix of an import the test itself lacks',
      after: test.replace("'../src/add.js';", "'../src/add.js';\nimport { sum } from '../src/sum.js';"),
      category: 'import' as const,
      verdict: { ok: true, risk: 'high', changedLines: 1 },
    },
    {
      name: 'a missing await inside an assertion',
      after: test.replace("it('adds', () => {\n  expect(add(1, 2))", "it('adds', async () => {\n  expect(await add(1, 2))"),
      category: 'async' as const,
      verdict: { ok: true, risk: 'high', changedLines: 4 },
    },
    {
      name: 'a test edit for a logic failure',
      after: test.replace('toBe(0)', 'toBe(0) '),
      category: 'logic' as const,
      verdict: { ok: false, rule: 'test-edit', message: 'test/add.test.ts is a test file and no targeted failure is located in its own code' },
    },
    {
      name: 'a changed expected value',
      after: test.replace('toBe(3)', 'toBe(4)'),
      category: 'import' as const,
      verdict: { ok: false, rule: 'assertion-changed', message: 'test/add.test.ts: the fix changes the assertion `expect(add(1, 2)).toBe(3);`' },
    },
    {
      name: 'a removed assertion',
      after: test.replace('  expect(add(0, 0)).toBe(0);\n', ''),
      category: 'reference' as const,
      verdict: { ok: false, rule: 'assertion-changed', message: 'test/add.test.ts: the fix removes an assertion' },
    },
    {
      name: 'an added skip',
      after: test.replace("it('adds'", "it.skip('adds'"),
      category: 'syntax' as const,
      verdict: { ok: false, rule: 'test-skipped', message: 'test/add.test.ts: the fix adds a skip, only or todo marker' },
    },
    {
      name: 'an added only',
      after: test.replace("test('zero'", "test.only('zero'"),
      category: 'syntax' as const,
      verdict: { ok: false, rule: 'test-skipped', message: 'test/add.test.ts: the fix adds a skip, only or todo marker' },
    },
    {
      name: 'a removed test',
      after: test.replace("\ntest('zero', () => {\n  expect(add(0, 0)).toBe(0);\n});\n", ''),
      category: 'syntax' as const,
      verdict: { ok: false, rule: 'test-removed', message: 'test/add.test.ts: the fix removes a test definition' },
    },
  ])('$name', async ({ after, category, verdict }) => {
    expect(await validateOne(files, 'test/add.test.ts', after, {}, [analysis('test/add.test.ts', category)])).toEqual(verdict);
  });

  it('lets a test-framework global join the import that names `expect`', async () => {
    const before = "import { expect, it } from 'vitest';\n\ndescribe('a', () => {\n  it('b', () => expect(1).toBe(1));\n});\n";
    const after = before.replace('{ expect, it }', '{ expect, it, describe }');
    const verdict = await validateOne({ 'test/a.test.ts': before }, 'test/a.test.ts', after, {}, [analysis('test/a.test.ts', 'reference')]);
    expect(verdict).toEqual({ ok: true, risk: 'high', changedLines: 2 });
  });

  it('only counts analyses the candidate targets, located in that very test file', async () => {
    const after = test.replace("'../src/add.js';", "'../src/add.js';\nimport { sum } from '../src/sum.js';");
    const elsewhere = [analysis('test/other.test.ts', 'import'), analysis('test/add.test.ts', 'import', 'not-targeted')];
    expect(await validateOne(files, 'test/add.test.ts', after, {}, elsewhere)).toMatchObject({ ok: false, rule: 'test-edit' });
  });

  it.each([
    ['    assert result == None', '    assert result is None', true],
    ['    assert result == 3', '    assert result == 4', false],
    ['    assert result == 3', '    pytest.skip("later")\n    assert result == 3', false],
    ['    assert result == 3', '    assert result == 3  # noqa', false],
    ['    self.assertEqual(result, 3)', '    self.assertEqual(result, 4)', false],
    ['    self.assertEqual(result, 3)', '    self.assertEqual(result,3)', true],
  ])('pytest: `%s` → `%s` ok=%s', async (line, replacement, ok) => {
    const before = `import pytest\n\n\ndef test_it():\n    result = compute()\n${line}\n`;
    const after = before.replace(line, replacement);
    const verdict = await validateOne({ 'tests/test_it.py': before }, 'tests/test_it.py', after, {}, [analysis('tests/test_it.py', 'lint')]);
    expect(verdict.ok).toBe(ok);
  });

  it.each([
    ['src/app.test.ts', true],
    ['src/app.spec.jsx', true],
    ['src/__tests__/app.ts', true],
    ['packages/a/test/helpers.ts', true],
    ['tests/conftest.py', true],
    ['pkg/test_models.py', true],
    ['pkg/models_test.py', true],
    ['app/tests.py', true],
    ['spec/app.spec.js', true],
    ['e2e/login.ts', true],
    ['src/spec/openapi.ts', false],
    ['src/testing.ts', false],
    ['src/contest.py', false],
    ['src/__snapshots__/app.test.ts.snap', true],
    ['src/app.ts', false],
  ])('isTestFile(%s) = %s', (path, expected) => {
    expect(isTestFile(path)).toBe(expected);
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!hasPython)('validateFix with the real Python parser', () => {
  const parsePython = async (text: string): Promise<string | null> => {
    const result = spawnSync('python3', ['-c', 'import ast,sys\ntry:\n    ast.parse(sys.stdin.read())\nexcept SyntaxError as e:\n    print(f"line {e.lineno}: {e.msg}")\n    sys.exit(1)'], { input: text, encoding: 'utf8' });
    return result.status === 0 ? null : result.stdout.trim();
  };

  it('rejects an indentation error and accepts a valid fix', async () => {
    const before = 'def f(x):\n    return x\n';
    const files = new Map([['m.py', before]]);
    const ctx: ValidateFixContext = { analyses: [], readFile: async (path) => files.get(path) ?? null, fileExists: async (path) => files.has(path), parsePython };
    expect(await validateFix(candidate([change('m.py', before, 'def f(x):\nreturn x\n')]), ctx)).toEqual({
      ok: false,
      rule: 'syntax',
      message: "m.py does not parse after the fix: line 2: expected an indented block after function definition on line 1",
    });
    expect(await validateFix(candidate([change('m.py', before, 'def f(x):\n    return x + 1\n')], { strategy: 'model' }), ctx)).toEqual({ ok: true, risk: 'medium', changedLines: 2 });
  });
});
