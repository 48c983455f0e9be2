import type { Toolchain } from '../../artefacts/build-report.js';
import type { ProjectFacts } from '../types.js';

/** Root files that make a folder a Python project. */
export const PYTHON_PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'pytest.ini', 'tox.ini'] as const;

const REQUIREMENTS = /^requirements.*\.txt$/i;

/** Pure: a Python project has one of PYTHON_PROJECT_FILES or a `requirements*.txt` at its root. */
export function detectPython(facts: Pick<ProjectFacts, 'rootEntries'>): boolean {
  return (
    PYTHON_PROJECT_FILES.some((name) => facts.rootEntries.has(name)) ||
    [...facts.rootEntries].some((name) => REQUIREMENTS.test(name))
  );
}

/** Lock files that name the project's package manager, most specific first. */
const LOCK_FILES: ReadonlyArray<[string, string]> = [
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['pdm.lock', 'pdm'],
  ['Pipfile.lock', 'pipenv'],
  ['Pipfile', 'pipenv'],
];

/** Pure: the report's toolchain line; the package manager comes from a lock file, else null. */
export function describePython(facts: ProjectFacts): Toolchain {
  return {
    id: 'python',
    root: facts.relativeDir,
    package_manager: LOCK_FILES.find(([file]) => facts.rootEntries.has(file))?.[1] ?? null,
    test_runner: 'pytest',
    interpreter: facts.python?.interpreter ?? null,
  };
}
