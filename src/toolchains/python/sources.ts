import type { ProjectFacts } from '../types.js';
import type { PythonProject } from './project-config.js';

/** Root folders and modules that are never the code under test. */
const NOT_SOURCES = new Set([
  'tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'scripts', 'script', 'bin', 'tools',
  'benchmarks', 'bench', 'build', 'dist', 'site', 'htmlcov', 'venv', 'env', 'node_modules', 'fixtures',
  'data', 'static', 'templates', 'requirements', 'typings', 'stubs', 'notebooks', 'assets', 'ci', 'coverage',
  'setup', 'conftest', 'noxfile', 'fabfile', 'tasks', 'manage', 'justfile', 'makefile',
]);

const TEST_MODULE = /^test_|_test$/;
const IMPORT_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The code under test, as root entries of the project (folders, or `*.py` modules) for mypy;
 * {@link toCoverageSources} turns them into `--cov=` values:
 *
 * 1. a `src/` folder (src layout) → `src`;
 * 2. the distribution's import name, when a root folder or module has it → that entry;
 * 3. otherwise every lowercase root folder or `*.py` module that is not tests, docs, tooling,
 *    virtualenvs or build output (rootEntries cannot tell files from folders, so names without
 *    a dot are taken as folders);
 * 4. nothing found → `.`, which also measures the tests (the one case it does).
 *
 * Plain `--cov` would measure everything imported from outside site-packages, tests included.
 */
export function chooseSources(facts: ProjectFacts, project: PythonProject): string[] {
  const entries = facts.rootEntries;
  if (entries.has('src')) return ['src'];
  const name = project.packageName;
  if (name !== null && entries.has(name)) return [name];
  if (name !== null && entries.has(`${name}.py`)) return [`${name}.py`];
  const found = [...entries].filter((entry) => {
    const stem = entry.endsWith('.py') ? entry.slice(0, -3) : entry;
    return IMPORT_NAME.test(stem) && !NOT_SOURCES.has(stem) && !TEST_MODULE.test(stem);
  });
  return found.length > 0 ? found.sort() : ['.'];
}

/** Root entries as coverage.py sources: folders as paths, `x.py` modules as the module name `x`. */
export function toCoverageSources(entries: readonly string[]): string[] {
  return [...new Set(entries.map((entry) => (entry.endsWith('.py') ? entry.slice(0, -3) : entry)))];
}
