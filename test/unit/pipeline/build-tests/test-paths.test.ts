import { describe, expect, it } from 'vitest';
import { checkTestPath, importSpecifier, pythonModuleFor, testFileFor } from '../../../../src/pipeline/build-tests/test-paths.js';
import type { TestStyle } from '../../../../src/pipeline/build-tests/types.js';

const ts: TestStyle = {
  framework: 'vitest', language: 'ts', moduleStyle: 'esm', importsFramework: true, layout: { kind: 'folder', dir: 'test' },
  suffix: '.test.ts', importExtension: '.js', quote: '"', semicolons: true, example: null,
};
const colocated: TestStyle = { ...ts, layout: { kind: 'colocated' }, suffix: '.spec.js', language: 'js' };
const py: TestStyle = { ...ts, framework: 'pytest', language: 'py', layout: { kind: 'folder', dir: 'tests' }, suffix: 'test_', importExtension: '' };

describe('testFileFor', () => {
  it('puts the .heal test beside the source or in the flat test folder', () => {
    expect(testFileFor(colocated, 'src/money.ts')).toBe('src/money.heal.spec.js');
    expect(testFileFor(ts, 'src/utils/money.ts')).toBe('test/money.heal.test.ts');
    expect(testFileFor(ts, 'src/Button.tsx')).toBe('test/Button.heal.test.ts');
    expect(testFileFor(ts, 'index.ts')).toBe('test/index.heal.test.ts');
  });

  it('mirrors the source tree below its first folder when the test folder has subfolders', () => {
    const taken = new Set(['test/utils/format.test.ts', 'src/utils/x.ts']);
    expect(testFileFor(ts, 'src/utils/x.ts', taken)).toBe('test/utils/x.heal.test.ts');
    expect(testFileFor(ts, 'src/x.ts', taken)).toBe('test/x.heal.test.ts');
  });

  it('adds a counter when the path is taken', () => {
    const taken = new Set(['test/money.heal.test.ts', 'test/money.heal-2.test.ts']);
    expect(testFileFor(ts, 'src/money.ts', taken)).toBe('test/money.heal-3.test.ts');
    expect(testFileFor(py, 'shipping/rates.py', new Set(['tests/test_rates_heal.py']))).toBe('tests/test_rates_heal_2.py');
  });

  it('names Python tests in the prefix or suffix style', () => {
    expect(testFileFor(py, 'shipping/rates.py')).toBe('tests/test_rates_heal.py');
    expect(testFileFor({ ...py, suffix: '_test' }, 'shipping/rates.py')).toBe('tests/rates_heal_test.py');
    expect(testFileFor({ ...py, layout: { kind: 'colocated' } }, 'shipping/rates.py')).toBe('shipping/test_rates_heal.py');
    expect(testFileFor(py, 'shipping/__init__.py')).toBe('tests/test_shipping_heal.py');
  });
});

describe('importSpecifier', () => {
  it('maps TS sources to the extension the project imports with', () => {
    expect(importSpecifier(ts, 'test/money.heal.test.ts', 'src/money.ts')).toBe('../src/money.js');
    expect(importSpecifier(ts, 'test/a.heal.test.ts', 'src/a.mts')).toBe('../src/a.mjs');
    expect(importSpecifier(ts, 'test/b.heal.test.ts', 'src/b.tsx')).toBe('../src/b.js');
    expect(importSpecifier({ ...ts, importExtension: '' }, 'test/money.heal.test.ts', 'src/money.ts')).toBe('../src/money');
    expect(importSpecifier({ ...ts, importExtension: '.ts' }, 'test/money.heal.test.ts', 'src/money.ts')).toBe('../src/money.ts');
  });

  it('keeps the real extension of JS sources and starts with ./ beside the source', () => {
    expect(importSpecifier(colocated, 'src/money.heal.spec.js', 'src/money.js')).toBe('./money.js');
    expect(importSpecifier({ ...colocated, importExtension: '' }, 'src/money.heal.spec.js', 'src/money.js')).toBe('./money');
    expect(importSpecifier({ ...colocated, importExtension: '' }, 'src/a.heal.spec.js', 'src/a.cjs')).toBe('./a.cjs');
  });
});

describe('pythonModuleFor', () => {
  it('climbs the folders that hold an __init__.py', () => {
    const files = new Set(['src/pkg/__init__.py', 'src/pkg/mod.py', 'shipping/__init__.py', 'shipping/rates.py', 'calc.py']);
    expect(pythonModuleFor('src/pkg/mod.py', files)).toBe('pkg.mod');
    expect(pythonModuleFor('shipping/rates.py', files)).toBe('shipping.rates');
    expect(pythonModuleFor('shipping/__init__.py', files)).toBe('shipping');
    expect(pythonModuleFor('calc.py', files)).toBe('calc');
    expect(pythonModuleFor('scripts/tool.py', files)).toBe('tool');
  });

  it('strips the longest import root', () => {
    const files = new Set<string>();
    expect(pythonModuleFor('src/ns/mod.py', files, ['src'])).toBe('ns.mod');
    expect(pythonModuleFor('lib/src/mod.py', files, ['lib', 'lib/src/'])).toBe('mod');
    expect(pythonModuleFor('shipping/rates.py', new Set(['shipping/__init__.py']), ['.'])).toBe('shipping.rates');
  });
});

describe('checkTestPath', () => {
  it('accepts test files in the test location', () => {
    expect(checkTestPath('test/money.heal.test.ts', ts)).toBeNull();
    expect(checkTestPath('test/unit/money.spec.ts', ts)).toBeNull();
    expect(checkTestPath('src/deep/money.heal.spec.js', colocated)).toBeNull();
    expect(checkTestPath('src/__tests__/money.js', colocated)).toBeNull();
    expect(checkTestPath('tests/test_rates_heal.py', py)).toBeNull();
    expect(checkTestPath('tests/conftest.py', py)).toBeNull();
    expect(checkTestPath('tests/rates_test.py', py)).toBeNull();
  });

  it('refuses sources, configuration, lockfiles and paths outside the test location', () => {
    expect(checkTestPath('src/util.ts', ts)).toBe('src/util.ts is not a test file: build-tests may only add tests under test/');
    expect(checkTestPath('src/util.test.ts', ts)).toBe('src/util.test.ts is outside the test folder: build-tests may only add tests under test/');
    expect(checkTestPath('vitest.config.ts', ts)).toBe('vitest.config.ts is a configuration file: build-tests may only add tests under test/');
    expect(checkTestPath('test/package.json', ts)).toBe('test/package.json is a configuration file: build-tests may only add tests under test/');
    expect(checkTestPath('package-lock.json', colocated)).toBe('package-lock.json is a lockfile: build-tests may only add tests as *.spec.js files');
    expect(checkTestPath('node_modules/x/a.test.js', colocated)).toBe('node_modules/x/a.test.js is inside node_modules/: build-tests may only add tests as *.spec.js files');
    expect(checkTestPath('.github/workflows/a.test.js', colocated)).toMatch(/^\.github\/workflows\/a\.test\.js is inside \.github\//);
    expect(checkTestPath('../x.test.ts', ts)).toMatch(/leaves or re-enters the project/);
    expect(checkTestPath('/etc/x.test.ts', ts)).toMatch(/is not a relative path/);
    expect(checkTestPath('conftest.py', py)).toBe('conftest.py is outside the test folder: build-tests may only add tests under tests/');
    expect(checkTestPath('tests/helpers.py', py)).toBe('tests/helpers.py is not a test file: build-tests may only add tests under tests/');
    expect(checkTestPath('pyproject.toml', py)).toBe('pyproject.toml is a configuration file: build-tests may only add tests under tests/');
    expect(checkTestPath('tests/test_a.ts', py)).toBe('tests/test_a.ts is not a test file: build-tests may only add tests under tests/');
  });

  it('lets a project without a .test infix write plain scripts in its test folder', () => {
    const mocha: TestStyle = { ...ts, framework: 'mocha', language: 'js', suffix: '.js' };
    expect(checkTestPath('test/money.heal.js', mocha)).toBeNull();
    expect(checkTestPath('lib/money.js', mocha)).toBe('lib/money.js is not a test file: build-tests may only add tests under test/');
  });
});
