import { posix } from 'node:path';
import type { ProjectFacts } from '../../toolchains/types.js';
import type { ReadFile } from '../fix/types.js';
import { listPytestFixtures, PYTEST_BUILTIN_FIXTURES } from './static-checks.js';
import { detectTestStyle } from './test-style.js';
import type { TestFramework, TestStyle } from './types.js';

/** What writing tests in this project needs to know: its style, its fixtures, its import roots. */
export interface TestContext {
  style: TestStyle;
  /** Tracked files relative to the project dir. */
  projectFiles: string[];
  /** pytest fixtures any test may use: pytest's own and every conftest.py's. */
  fixtures: Set<string>;
  /** conftest.py and test helper files, repository-relative, to show a model. */
  helpers: string[];
  /** Python import roots relative to the project dir (pytest `pythonpath`, "src"). */
  importRoots: string[];
}

const FRAMEWORKS: Record<string, TestFramework> = { vitest: 'vitest', jest: 'jest', 'node-test': 'node-test', mocha: 'mocha', pytest: 'pytest' };

/** The framework heal writes for, from the testspec's test runner; null when heal cannot write for it. */
export function frameworkOf(testRunner: string | null): TestFramework | null {
  return testRunner === null ? null : (FRAMEWORKS[testRunner] ?? null);
}

/** Pure: pytest's `pythonpath` entries from pyproject.toml / pytest.ini / setup.cfg / tox.ini text. */
export function readPythonPath(configs: ReadonlyMap<string, string>): string[] {
  const roots: string[] = [];
  for (const text of configs.values()) {
    const list = /^\s*pythonpath\s*=\s*\[([^\]]*)\]/m.exec(text);
    const line = /^\s*pythonpath\s*=\s*([^\n[]+)$/m.exec(text);
    const entries = list ? [...(list[1] ?? '').matchAll(/["']([^"']+)["']/g)].map((match) => match[1] ?? '') : line ? (line[1] ?? '').trim().split(/\s+/) : [];
    roots.push(...entries.filter((entry) => entry !== ''));
  }
  return [...new Set(roots.map((root) => posix.normalize(root)))];
}

const HELPER = /(^|\/)(conftest\.py|(test|tests|__tests__)\/(helpers?|utils|fixtures|support)[^/]*\.[cm]?[jt]sx?|(test|tests)\/(helpers?|utils|fixtures|factories)\.py)$/;

/** Reads the project's test style, fixtures and import roots from its tracked files. */
export async function readTestContext(input: { framework: TestFramework; facts: ProjectFacts; project: string; files: readonly string[]; readFile: ReadFile }): Promise<TestContext> {
  const prefix = input.project === '.' ? '' : `${input.project}/`;
  const projectFiles = input.files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
  const packageType = input.facts.packageJson === null ? null : input.facts.packageJson.type === 'module' ? 'module' : 'commonjs';
  const style = await detectTestStyle({ framework: input.framework, files: projectFiles, readFile: (path) => input.readFile(`${prefix}${path}`), packageType });
  const helpers = projectFiles.filter((file) => HELPER.test(file)).map((file) => `${prefix}${file}`).sort();
  const fixtures = new Set(PYTEST_BUILTIN_FIXTURES);
  for (const helper of helpers.filter((file) => file.endsWith('conftest.py'))) {
    for (const name of listPytestFixtures((await input.readFile(helper)) ?? '')) fixtures.add(name);
  }
  const importRoots = readPythonPath(input.facts.pythonConfigs);
  if (projectFiles.some((file) => file.startsWith('src/') && file.endsWith('.py')) && !importRoots.includes('src')) importRoots.push('src');
  return { style, projectFiles, fixtures, helpers, importRoots };
}
