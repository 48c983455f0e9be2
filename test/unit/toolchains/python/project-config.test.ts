import { describe, expect, it } from 'vitest';
import { describePython, detectPython } from '../../../../src/toolchains/python/detect.js';
import { isPythonConfigFile, readPythonProject } from '../../../../src/toolchains/python/project-config.js';
import { chooseSources, toCoverageSources } from '../../../../src/toolchains/python/sources.js';
import { pythonFacts, readFixture as fixture } from './python-facts.js';

describe('readPythonProject on the fixtures', () => {
  it('py-pytest-green-fast-marker: fast marker, black configured, flake8 via .flake8', () => {
    const facts = pythonFacts({
      entries: ['inventory', 'tests', '.gitignore'],
      configs: {
        'pyproject.toml': fixture('py-pytest-green-fast-marker', 'pyproject.toml'),
        '.flake8': fixture('py-pytest-green-fast-marker', '.flake8'),
      },
    });
    expect(readPythonProject(facts)).toEqual({
      packageName: 'inventory',
      markers: ['fast'],
      hasCoverageSource: false,
      isCoverageParallel: false,
      isBlackConfigured: true,
      isRuffConfigured: false,
      isRuffFormatConfigured: false,
      isFlake8Configured: true,
      isMypyConfigured: false,
      hasMypyTargets: false,
    });
  });

  it('py-pytest-failing-test: mypy configured with its own files, no markers, no black', () => {
    const facts = pythonFacts({
      entries: ['billing', 'tests'],
      configs: {
        'pyproject.toml': fixture('py-pytest-failing-test', 'pyproject.toml'),
        '.flake8': fixture('py-pytest-failing-test', '.flake8'),
      },
    });
    const project = readPythonProject(facts);
    expect(project.markers).toEqual([]);
    expect(project.isBlackConfigured).toBe(false);
    expect(project.isMypyConfigured).toBe(true);
    expect(project.hasMypyTargets).toBe(true);
  });
});

describe('readPythonProject: markers follow pytest config precedence', () => {
  it('pytest.ini wins over pyproject.toml', () => {
    const facts = pythonFacts({
      configs: {
        'pytest.ini': '[pytest]\nmarkers =\n    slow: slow tests\n',
        'pyproject.toml': '[tool.pytest.ini_options]\nmarkers = ["fast: quick"]\n',
      },
    });
    expect(readPythonProject(facts).markers).toEqual(['slow']);
  });

  it('reads setup.cfg [tool:pytest] and tox.ini [pytest], and pytest 9 [tool.pytest]', () => {
    const cfg = pythonFacts({ configs: { 'setup.cfg': '[tool:pytest]\nmarkers =\n  fast(x): quick\n' } });
    const tox = pythonFacts({ configs: { 'tox.ini': '[tox]\nenvlist = py311\n[pytest]\nmarkers = fast\n' } });
    const native = pythonFacts({ configs: { 'pyproject.toml': '[tool.pytest]\nmarkers = ["fast: quick"]\n' } });
    expect(readPythonProject(cfg).markers).toEqual(['fast']);
    expect(readPythonProject(tox).markers).toEqual(['fast']);
    expect(readPythonProject(native).markers).toEqual(['fast']);
  });
});

describe('readPythonProject: tools', () => {
  it('finds black in a dev requirements file or a dependency group, not in its name elsewhere', () => {
    const requirements = pythonFacts({ configs: { 'requirements-dev.txt': 'pytest\nblack==23.1.0\n' } });
    const group = pythonFacts({ configs: { 'pyproject.toml': '[dependency-groups]\ndev = ["black>=23", "mypy"]\n' } });
    const poetry = pythonFacts({ configs: { 'pyproject.toml': '[tool.poetry.group.dev.dependencies]\nblack = "^23"\n' } });
    const other = pythonFacts({ configs: { 'requirements.txt': 'blackjack==1.0\n' } });
    expect(readPythonProject(requirements).isBlackConfigured).toBe(true);
    expect(readPythonProject(group).isBlackConfigured).toBe(true);
    expect(readPythonProject(poetry).isBlackConfigured).toBe(true);
    expect(readPythonProject(other).isBlackConfigured).toBe(false);
  });

  it('ruff from [tool.ruff] or ruff.toml; its formatter only with a format table', () => {
    const lintOnly = pythonFacts({ configs: { 'pyproject.toml': '[tool.ruff.lint]\nselect = ["E"]\n' } });
    const withFormat = pythonFacts({ configs: { 'ruff.toml': 'line-length = 100\n[format]\nquote-style = "single"\n' } });
    expect(readPythonProject(lintOnly)).toMatchObject({ isRuffConfigured: true, isRuffFormatConfigured: false });
    expect(readPythonProject(withFormat)).toMatchObject({ isRuffConfigured: true, isRuffFormatConfigured: true });
  });

  it('flake8 and mypy from setup.cfg / tox.ini / mypy.ini', () => {
    const cfg = pythonFacts({ configs: { 'setup.cfg': '[flake8]\nmax-line-length = 100\n[mypy]\nstrict = True\n' } });
    const tox = pythonFacts({ configs: { 'tox.ini': '[flake8]\nignore = E501\n' } });
    const ini = pythonFacts({ entries: ['mypy.ini'] });
    expect(readPythonProject(cfg)).toMatchObject({ isFlake8Configured: true, isMypyConfigured: true, hasMypyTargets: false });
    expect(readPythonProject(tox).isFlake8Configured).toBe(true);
    expect(readPythonProject(ini)).toMatchObject({ isMypyConfigured: true, hasMypyTargets: false });
  });

  it('coverage source and parallel from .coveragerc or [tool.coverage.run]', () => {
    const rc = pythonFacts({ configs: { '.coveragerc': '[run]\nsource = pkg\nparallel = True\n' } });
    const toml = pythonFacts({ configs: { 'pyproject.toml': '[tool.coverage.run]\nsource_pkgs = ["pkg"]\n' } });
    expect(readPythonProject(rc)).toMatchObject({ hasCoverageSource: true, isCoverageParallel: true });
    expect(readPythonProject(toml)).toMatchObject({ hasCoverageSource: true, isCoverageParallel: false });
  });
});

describe('chooseSources', () => {
  const sources = (entries: string[], name?: string): string[] => {
    const configs: Record<string, string> = name ? { 'pyproject.toml': `[project]\nname = "${name}"\n` } : {};
    const facts = pythonFacts({ entries, configs });
    return chooseSources(facts, readPythonProject(facts));
  };

  it('prefers src/, then the distribution import name', () => {
    expect(sources(['src', 'tests', 'my_pkg'], 'my-pkg')).toEqual(['src']);
    expect(sources(['my_pkg', 'tests', 'scripts', 'tools'], 'My.Pkg')).toEqual(['my_pkg']);
    expect(sources(['my_pkg.py', 'test_my_pkg.py'], 'my-pkg')).toEqual(['my_pkg.py']);
  });

  it('otherwise takes code-looking root entries, skipping tests, tooling and build output', () => {
    expect(
      sources(['app', 'core.py', 'tests', 'docs', 'setup.py', 'conftest.py', 'test_core.py', 'core_test.py', 'README.md', 'LICENSE', '.venv', 'venv']),
    ).toEqual(['app', 'core.py']);
    expect(sources(['tests', 'README.md'])).toEqual(['.']);
  });

  it('coverage takes modules by name', () => {
    expect(toCoverageSources(['app', 'core.py'])).toEqual(['app', 'core']);
  });
});

describe('detectPython / describePython', () => {
  it('detects the project files and requirements*.txt, not a bare folder', () => {
    for (const file of ['pyproject.toml', 'setup.py', 'setup.cfg', 'pytest.ini', 'tox.ini', 'requirements-dev.txt']) {
      expect(detectPython(pythonFacts({ entries: [file] })), file).toBe(true);
    }
    expect(detectPython(pythonFacts({ entries: ['package.json', 'main.py'] }))).toBe(false);
  });

  it('describes the interpreter and a lock-file package manager', () => {
    expect(describePython(pythonFacts({ entries: ['pyproject.toml', 'uv.lock'] }))).toEqual({
      id: 'python',
      root: '.',
      package_manager: 'uv',
      test_runner: 'pytest',
      interpreter: '/usr/bin/python3',
    });
    expect(describePython(pythonFacts({ entries: ['setup.py'], modules: null }))).toMatchObject({
      package_manager: null,
      interpreter: null,
    });
  });

  it('names the config files the facts gatherer should read', () => {
    expect(['pyproject.toml', '.flake8', 'ruff.toml', '.coveragerc', 'requirements-dev.txt', 'dev-requirements.txt'].every(isPythonConfigFile)).toBe(true);
    expect(isPythonConfigFile('README.md')).toBe(false);
  });
});
