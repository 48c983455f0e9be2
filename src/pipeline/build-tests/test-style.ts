import { posix } from 'node:path';
import type { TestFramework, TestLayout, TestStyle } from './types.js';

/** What detectTestStyle reads: the project's tracked files and a way to read one of them. */
export interface DetectTestStyleOptions {
  framework: TestFramework;
  /** Tracked files, relative to the project dir. */
  files: readonly string[];
  readFile(path: string): Promise<string | null>;
  /** The package.json "type", null when absent. */
  packageType: 'module' | 'commonjs' | null;
}

const IGNORED_DIR = /(^|\/)(node_modules|dist|build|coverage|\.heal|\.git|fixtures|__fixtures__)\//;
const JS_TEST_NAME = /\.(test|spec)\.([cm]?[jt]sx?)$/;
const JS_EXT = /\.[cm]?[jt]sx?$/;
const TS_EXT = /\.[cm]?tsx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const PY_TEST_NAME = /^(test_\w*|\w+_test)\.py$/;
const TEST_DIR_NAMES = new Set(['test', 'tests', '__tests__', 'spec', 'specs']);
/** Enough test files to read a house style; more only costs time on large repositories. */
const MAX_READ = 200;

/** True for a JS/TS test file by name (`*.test.*`, `*.spec.*`) or place (under `__tests__/`). */
export function isJsTestPath(path: string): boolean {
  return JS_TEST_NAME.test(path) || (/(^|\/)__tests__\//.test(path) && JS_EXT.test(path) && !DECLARATION.test(path));
}

/** True for a pytest test module name: `test_*.py` or `*_test.py`. */
export function isPythonTestName(fileName: string): boolean {
  return PY_TEST_NAME.test(fileName);
}

/** The path up to the first test-named folder ("test", "src/__tests__"), or null outside one. */
export function topTestDir(path: string): string | null {
  const parts = path.split('/');
  const index = parts.slice(0, -1).findIndex((part) => TEST_DIR_NAMES.has(part));
  return index === -1 ? null : parts.slice(0, index + 1).join('/');
}

function listTestFiles(framework: TestFramework, files: readonly string[]): string[] {
  const kept = files.filter((file) => !IGNORED_DIR.test(file));
  if (framework === 'pytest') return kept.filter((file) => isPythonTestName(posix.basename(file))).sort();
  const named = kept.filter(isJsTestPath).sort();
  if (named.length > 0 || (framework !== 'mocha' && framework !== 'node-test')) return named;
  // mocha and node --test also run every script in test/, whatever its name.
  return kept.filter((file) => JS_EXT.test(file) && !DECLARATION.test(file) && topTestDir(file) !== null).sort();
}

/** The most frequent value; ties go to the value that sorts first. Null for no values. */
function mostCommon<T extends string>(values: readonly T[]): T | null {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return ranked[0]?.[0] ?? null;
}

function detectLanguage(framework: TestFramework, tests: readonly string[], files: readonly string[]): TestStyle['language'] {
  if (framework === 'pytest') return 'py';
  const pick = (paths: readonly string[]): 'ts' | 'js' | null => {
    const ts = paths.filter((path) => TS_EXT.test(path)).length;
    const js = paths.filter((path) => JS_EXT.test(path) && !TS_EXT.test(path)).length;
    return ts > js ? 'ts' : js > ts ? 'js' : null;
  };
  const sources = files.filter((file) => !IGNORED_DIR.test(file) && JS_EXT.test(file) && !DECLARATION.test(file) && !isJsTestPath(file));
  return pick(tests) ?? pick(sources) ?? (files.includes('tsconfig.json') ? 'ts' : 'js');
}

function hasSiblingSource(test: string, fileSet: ReadonlySet<string>, language: TestStyle['language']): boolean {
  const dir = posix.dirname(test);
  const name = posix.basename(test);
  if (language === 'py') {
    const base = name.replace(/^test_/, '').replace(/_test\.py$/, '.py').replace(/\.py$/, '');
    return fileSet.has(posix.join(dir, `${base}.py`));
  }
  const base = name.replace(JS_TEST_NAME, '');
  return ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'].some((ext) => fileSet.has(posix.join(dir, base + ext)));
}

function detectLayout(framework: TestFramework, tests: readonly string[], files: readonly string[], language: TestStyle['language']): TestLayout {
  if (tests.length === 0) {
    if (framework === 'pytest') return { kind: 'folder', dir: 'tests' };
    return framework === 'vitest' || framework === 'jest' ? { kind: 'colocated' } : { kind: 'folder', dir: 'test' };
  }
  const fileSet = new Set(files);
  const folders: string[] = [];
  let colocated = 0;
  for (const test of tests) {
    const dir = topTestDir(test);
    if (dir === null || hasSiblingSource(test, fileSet, language)) colocated += 1;
    else folders.push(dir);
  }
  const dir = mostCommon(folders);
  return dir === null || colocated > folders.length ? { kind: 'colocated' } : { kind: 'folder', dir };
}

function suffixOf(test: string): string {
  const match = JS_TEST_NAME.exec(test);
  return match ? `.${match[1]}.${match[2]}` : posix.extname(test);
}

function hasImports(text: string): boolean {
  return /^\s*import\s*[\w*{'"]/m.test(text);
}

function detectModuleStyle(texts: readonly string[], language: TestStyle['language'], options: DetectTestStyleOptions): TestStyle['moduleStyle'] {
  if (language === 'py') return 'esm';
  if (texts.length === 0) {
    if (options.packageType === 'module' || language === 'ts') return 'esm';
    return options.framework === 'jest' ? 'cjs' : 'esm';
  }
  const cjs = texts.filter((text) => /\brequire\s*\(/.test(text) && !hasImports(text)).length;
  return cjs > texts.length - cjs ? 'cjs' : 'esm';
}

function detectSuffix(tests: readonly string[], style: Pick<TestStyle, 'language' | 'moduleStyle'>, options: DetectTestStyleOptions): string {
  if (style.language === 'py') {
    const prefixed = tests.filter((test) => posix.basename(test).startsWith('test_')).length;
    return prefixed >= tests.length - prefixed ? 'test_' : '_test';
  }
  const sameLanguage = tests.filter((test) => TS_EXT.test(test) === (style.language === 'ts'));
  const found = mostCommon((sameLanguage.length > 0 ? sameLanguage : tests).map(suffixOf));
  if (found !== null) return found;
  if (style.language === 'ts') return '.test.ts';
  // Without "type": "module", node runs a .js test as CommonJS; .mjs keeps `import` working.
  const isNodeRun = options.framework === 'node-test' || options.framework === 'mocha';
  return isNodeRun && style.moduleStyle === 'esm' && options.packageType !== 'module' ? '.test.mjs' : '.test.js';
}

function detectImportsFramework(framework: TestFramework, texts: readonly string[]): boolean {
  const importing = (module: string) =>
    texts.filter((text) => new RegExp(`(?:from\\s*|require\\s*\\(\\s*)['"]${module}['"]`).test(text)).length;
  if (framework === 'node-test') return true;
  if (framework === 'vitest') return texts.length === 0 || importing('vitest') > 0;
  if (framework === 'jest') return texts.length > 0 && importing('@jest/globals') * 2 >= texts.length;
  return false;
}

function detectImportExtension(texts: readonly string[], style: Pick<TestStyle, 'language' | 'moduleStyle'>, packageType: DetectTestStyleOptions['packageType']): string {
  const seen: string[] = [];
  const relative = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/gm;
  for (const text of texts) {
    for (const match of text.matchAll(relative)) {
      const specifier = match[2] ?? '';
      const ext = /\.([cm]?[jt]sx?)$/.exec(specifier);
      if (ext) seen.push(TS_EXT.test(specifier) ? '.ts' : '.js');
      else if (!/\.\w+$/.test(posix.basename(specifier))) seen.push('');
    }
  }
  const found = mostCommon(seen);
  if (found !== null) return found;
  if (style.language === 'py' || style.moduleStyle === 'cjs') return '';
  return style.language === 'js' || packageType === 'module' ? '.js' : '';
}

function detectQuote(texts: readonly string[]): TestStyle['quote'] {
  const count = (pattern: RegExp) => texts.reduce((sum, text) => sum + (text.match(pattern)?.length ?? 0), 0);
  const single = count(/(?:^|[\s(,[{:=])'(?:[^'\\\n]|\\.)*'/gm);
  const double = count(/(?:^|[\s(,[{:=])"(?:[^"\\\n]|\\.)*"/gm);
  return double > single ? '"' : "'";
}

function detectSemicolons(texts: readonly string[]): boolean {
  const count = (pattern: RegExp) => texts.reduce((sum, text) => sum + (text.match(pattern)?.length ?? 0), 0);
  const withSemicolon = count(/[)'"`\]\w]\s*;[ \t]*\r?$/gm);
  const without = count(/[)'"`\]][ \t]*\r?$/gm);
  return withSemicolon >= without;
}

function pickExample(tests: readonly string[], texts: ReadonlyMap<string, string>, style: Pick<TestStyle, 'language' | 'suffix'>): string | null {
  const matching = tests.filter((test) =>
    style.language === 'py' ? posix.basename(test).startsWith('test_') === (style.suffix === 'test_') : test.endsWith(style.suffix),
  );
  const ranked = (matching.length > 0 ? matching : tests)
    .filter((test) => texts.has(test))
    .map((test) => {
      const lines = (texts.get(test) ?? '').split('\n').length;
      const outside = lines < 20 ? 20 - lines : lines > 150 ? lines - 150 : 0;
      return { test, outside, lines };
    })
    .sort((a, b) => a.outside - b.outside || Math.abs(a.lines - 60) - Math.abs(b.lines - 60) || (a.test < b.test ? -1 : 1));
  return ranked[0]?.test ?? null;
}

/** Reads how a project writes its tests from the tests it has, with defaults for a project without tests. */
export async function detectTestStyle(options: DetectTestStyleOptions): Promise<TestStyle> {
  const { framework, files } = options;
  const tests = listTestFiles(framework, files);
  const texts = new Map<string, string>();
  for (const test of tests.slice(0, MAX_READ)) {
    const text = await options.readFile(test);
    if (text !== null) texts.set(test, text);
  }
  const allTexts = [...texts.values()];
  const language = detectLanguage(framework, tests, files);
  const moduleStyle = detectModuleStyle(allTexts, language, options);
  const suffix = detectSuffix(tests, { language, moduleStyle }, options);
  return {
    framework,
    language,
    moduleStyle,
    importsFramework: detectImportsFramework(framework, allTexts),
    layout: detectLayout(framework, tests, files, language),
    suffix,
    importExtension: detectImportExtension(allTexts, { language, moduleStyle }, options.packageType),
    quote: detectQuote(allTexts),
    semicolons: language === 'py' ? false : detectSemicolons(allTexts),
    example: pickExample(tests, texts, { language, suffix }),
  };
}

/**
 * The lines a new test file starts with to get describe/it/expect (or assert), in the project's
 * module style, quotes and semicolons; null when the framework provides globals.
 */
export function frameworkImport(style: TestStyle): string | null {
  const q = style.quote;
  const end = style.semicolons ? ';' : '';
  // vitest cannot be require()d, and it runs `import` in any test file whatever the package type.
  const isCjs = style.moduleStyle === 'cjs' && style.framework !== 'vitest';
  const named = (names: string, module: string) =>
    isCjs ? `const { ${names} } = require(${q}${module}${q})${end}` : `import { ${names} } from ${q}${module}${q}${end}`;
  switch (style.framework) {
    case 'pytest':
      return 'import pytest';
    case 'node-test': {
      const assert = isCjs ? `const assert = require(${q}node:assert/strict${q})${end}` : `import assert from ${q}node:assert/strict${q}${end}`;
      return `${named('describe, it', 'node:test')}\n${assert}`;
    }
    case 'vitest':
      return style.importsFramework ? named('describe, expect, it', 'vitest') : null;
    case 'jest':
      return style.importsFramework ? named('describe, expect, it', '@jest/globals') : null;
    case 'mocha':
      return null;
  }
}
