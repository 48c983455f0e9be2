import { describe, expect, it } from 'vitest';
import { detectTestStyle, frameworkImport, topTestDir } from '../../../../src/pipeline/build-tests/test-style.js';
import type { TestFramework, TestStyle } from '../../../../src/pipeline/build-tests/types.js';

function detect(framework: TestFramework, files: Record<string, string>, packageType: 'module' | 'commonjs' | null = null): Promise<TestStyle> {
  return detectTestStyle({ framework, files: Object.keys(files), readFile: async (path) => files[path] ?? null, packageType });
}

const lines = (count: number, line: string) => Array.from({ length: count }, () => line).join('\n');

describe('detectTestStyle', () => {
  it('reads a TypeScript vitest project with a test/ folder and NodeNext imports', async () => {
    const style = await detect('vitest', {
      'src/money.ts': 'export const x = 1;',
      'src/price.ts': 'export const y = 1;',
      'test/money.test.ts': `import { describe, expect, it } from "vitest";\nimport { formatCents } from "../src/money.js";\n${lines(30, 'expect(formatCents(1)).toBe("$0.01");')}\n`,
      'test/price.test.ts': 'import { it } from "vitest";\nimport { addTax } from "../src/price.js";\nit("adds", () => {\n  expect(addTax(1)).toBe(1);\n});\n',
      'node_modules/x/a.test.js': "const x = require('x')",
    }, 'module');
    expect(style).toEqual({
      framework: 'vitest',
      language: 'ts',
      moduleStyle: 'esm',
      importsFramework: true,
      layout: { kind: 'folder', dir: 'test' },
      suffix: '.test.ts',
      importExtension: '.js',
      quote: '"',
      semicolons: true,
      example: 'test/money.test.ts',
    });
  });

  it('reads a CommonJS jest project using globals, single quotes and no semicolons', async () => {
    const style = await detect('jest', {
      'src/sku.js': '',
      'src/sku.spec.js': "'use strict'\nconst { formatSku } = require('./sku')\ntest('pads', () => {\n  expect(formatSku('a', 1)).toBe('A-0001')\n})\n",
      'src/inventory.js': '',
      'src/inventory.spec.js': "const { count } = require('./inventory')\ntest('counts', () => {\n  expect(count([])).toBe(0)\n})\n",
    });
    expect(style).toMatchObject({
      language: 'js',
      moduleStyle: 'cjs',
      importsFramework: false,
      layout: { kind: 'colocated' },
      suffix: '.spec.js',
      importExtension: '',
      quote: "'",
      semicolons: false,
    });
  });

  it('picks the most common test folder and sees @jest/globals imports', async () => {
    const style = await detect('jest', {
      'src/a.ts': '',
      'src/__tests__/a.test.ts': "import { expect, it } from '@jest/globals';\nimport { a } from '../a';\n",
      'src/__tests__/b.test.ts': "import { it } from '@jest/globals';\nimport { b } from '../b';\n",
      'test/c.test.ts': "import { c } from '../src/c';\n",
    });
    expect(style.layout).toEqual({ kind: 'folder', dir: 'src/__tests__' });
    expect(style.importsFramework).toBe(true);
    expect(style.importExtension).toBe('');
  });

  it('falls back to per-framework defaults without tests', async () => {
    const vitest = await detect('vitest', { 'src/a.ts': '', 'tsconfig.json': '{}' });
    expect(vitest).toMatchObject({ language: 'ts', layout: { kind: 'colocated' }, suffix: '.test.ts', importsFramework: true, importExtension: '', quote: "'", semicolons: true, example: null });
    const jest = await detect('jest', { 'lib/a.js': '' });
    expect(jest).toMatchObject({ language: 'js', moduleStyle: 'cjs', importsFramework: false, suffix: '.test.js', importExtension: '' });
    const nodeTest = await detect('node-test', { 'lib/a.js': '' }, 'commonjs');
    expect(nodeTest).toMatchObject({ moduleStyle: 'esm', layout: { kind: 'folder', dir: 'test' }, suffix: '.test.mjs', importExtension: '.js' });
    const esmNodeTest = await detect('node-test', { 'lib/a.js': '' }, 'module');
    expect(esmNodeTest.suffix).toBe('.test.js');
    const pytest = await detect('pytest', { 'calc.py': '' });
    expect(pytest).toMatchObject({ language: 'py', layout: { kind: 'folder', dir: 'tests' }, suffix: 'test_', example: null });
  });

  it('takes the suffix from tests in the detected language', async () => {
    const style = await detect('vitest', {
      'src/a.test.ts': '', 'src/b.spec.ts': '', 'src/c.spec.ts': '',
      'src/d.test.js': '', 'src/e.test.js': '', 'src/f.test.js': '', 'src/g.test.js': '',
      'src/h.test.ts': '', 'src/i.test.ts': '', 'src/j.test.ts': '',
    });
    expect(style.language).toBe('ts');
    expect(style.suffix).toBe('.test.ts');
  });

  it('reads mocha tests that carry no .test infix from test/', async () => {
    const style = await detect('mocha', { 'lib/a.js': '', 'test/a.js': "const assert = require('assert');\nconst a = require('../lib/a.js');\n", 'test/fixtures/b.js': '' });
    expect(style).toMatchObject({ layout: { kind: 'folder', dir: 'test' }, suffix: '.js', moduleStyle: 'cjs', importExtension: '.js', example: 'test/a.js' });
  });

  it('reads pytest prefix and suffix styles and colocated tests', async () => {
    const folder = await detect('pytest', { 'shipping/rates.py': '', 'tests/test_rates.py': 'from shipping import quote\n', 'tests/unit/test_labels.py': '' });
    expect(folder).toMatchObject({ language: 'py', layout: { kind: 'folder', dir: 'tests' }, suffix: 'test_', semicolons: false });
    const colocated = await detect('pytest', { 'pkg/calc.py': '', 'pkg/calc_test.py': '', 'pkg/money.py': '', 'pkg/money_test.py': '' });
    expect(colocated).toMatchObject({ layout: { kind: 'colocated' }, suffix: '_test' });
  });

  it('prefers an example of 20 to 150 lines, then the one nearest 60 lines, then by path', async () => {
    const style = await detect('vitest', {
      'src/a.test.ts': lines(5, 'x;'),
      'src/b.test.ts': lines(200, 'x;'),
      'src/c.test.ts': lines(95, 'x;'),
      'src/d.test.ts': lines(30, 'x;'),
      'src/e.test.ts': lines(30, 'x;'),
    });
    expect(style.example).toBe('src/d.test.ts');
  });
});

describe('topTestDir', () => {
  it('finds the first test-named folder of a path', () => {
    expect(topTestDir('test/unit/a.test.ts')).toBe('test');
    expect(topTestDir('packages/x/tests/a.py')).toBe('packages/x/tests');
    expect(topTestDir('src/a.test.ts')).toBeNull();
    expect(topTestDir('test.ts')).toBeNull();
  });
});

describe('frameworkImport', () => {
  const base: TestStyle = {
    framework: 'vitest', language: 'ts', moduleStyle: 'esm', importsFramework: true, layout: { kind: 'colocated' },
    suffix: '.test.ts', importExtension: '.js', quote: '"', semicolons: true, example: null,
  };

  it('renders the framework import in the project module style, quotes and semicolons', () => {
    expect(frameworkImport(base)).toBe('import { describe, expect, it } from "vitest";');
    expect(frameworkImport({ ...base, framework: 'jest', moduleStyle: 'cjs', quote: "'", semicolons: false })).toBe(
      "const { describe, expect, it } = require('@jest/globals')",
    );
    expect(frameworkImport({ ...base, framework: 'node-test' })).toBe('import { describe, it } from "node:test";\nimport assert from "node:assert/strict";');
    expect(frameworkImport({ ...base, framework: 'node-test', moduleStyle: 'cjs', quote: "'" })).toBe(
      "const { describe, it } = require('node:test');\nconst assert = require('node:assert/strict');",
    );
    expect(frameworkImport({ ...base, framework: 'pytest', language: 'py' })).toBe('import pytest');
    expect(frameworkImport({ ...base, moduleStyle: 'cjs' })).toBe('import { describe, expect, it } from "vitest";');
  });

  it('is null when the tests use globals', () => {
    expect(frameworkImport({ ...base, framework: 'jest', importsFramework: false })).toBeNull();
    expect(frameworkImport({ ...base, framework: 'mocha', importsFramework: false })).toBeNull();
    expect(frameworkImport({ ...base, importsFramework: false })).toBeNull();
  });
});
