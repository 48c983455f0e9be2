import { describe, expect, it } from 'vitest';
import { pythonToolchain } from '../../../../src/toolchains/python/index.js';
import { FUNCTIONS_SCRIPT } from '../../../../src/toolchains/python/functions-script.js';
import { planPytest } from '../../../../src/toolchains/python/pytest.js';
import type { PlannedStep, ProjectFacts } from '../../../../src/toolchains/types.js';
import { pythonFacts, readFixture } from './python-facts.js';

const OUT = '.heal/builds/b1';
const context = { outDir: OUT };
const argv = (step: PlannedStep | null) => (step && 'argv' in step.main.command ? step.main.command.argv : null);

function greenFastFacts(modules?: string[] | null): ProjectFacts {
  return pythonFacts({
    entries: ['inventory', 'tests', '.gitignore'],
    configs: {
      'pyproject.toml': readFixture('py-pytest-green-fast-marker', 'pyproject.toml'),
      '.flake8': readFixture('py-pytest-green-fast-marker', '.flake8'),
    },
    ...(modules === undefined ? {} : { modules }),
  });
}

describe('planPytest', () => {
  it('with pytest-cov: -m fast, JUnit xunit2, --cov on the package, then coverage json and the ast script', () => {
    const step = planPytest(greenFastFacts(['pytest', 'pytest_cov', 'coverage']), context);
    const env = { PYTHONDONTWRITEBYTECODE: '1', COVERAGE_FILE: `${OUT}/.coverage` };
    expect(step).toEqual({
      kind: 'test',
      tool: 'pytest',
      main: {
        command: {
          argv: [
            '/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${OUT}/pytest.xml`,
            '-o', 'junit_family=xunit2', '-m', 'fast', '--cov=inventory', '--cov-branch', '--cov-report=',
          ],
        },
        env,
        outputs: { junit: `${OUT}/pytest.xml` },
      },
      passExitCodes: [0, 5],
      after: [
        {
          command: { argv: ['/usr/bin/python3', '-m', 'coverage', 'json', '-i', '-o', `${OUT}/coverage.json`] },
          env,
          outputs: { coverage: `${OUT}/coverage.json` },
        },
        {
          command: { argv: ['/usr/bin/python3', '-c', FUNCTIONS_SCRIPT, `${OUT}/coverage.json`, `${OUT}/functions.json`] },
          env,
          outputs: { functions: `${OUT}/functions.json` },
        },
      ],
      missing: null,
    });
  });

  it('with coverage only: coverage run --branch --source wraps pytest', () => {
    const step = planPytest(greenFastFacts(['pytest', 'coverage']), context);
    expect(argv(step)).toEqual([
      '/usr/bin/python3', '-m', 'coverage', 'run', '--branch', '--source=inventory', '-m', 'pytest', '-q', '-p',
      'no:cacheprovider', `--junitxml=${OUT}/pytest.xml`, '-o', 'junit_family=xunit2', '-m', 'fast',
    ]);
    expect(step.after.map((command) => ('argv' in command.command ? command.command.argv.slice(1, 4) : []))).toEqual([
      ['-m', 'coverage', 'json'],
      ['-c', FUNCTIONS_SCRIPT, `${OUT}/coverage.json`],
    ]);
  });

  it('without coverage tools: pytest alone, no follow-ups; no fast marker, no -m', () => {
    const facts = pythonFacts({ entries: ['app.py', 'test_app.py'], configs: { 'setup.cfg': '[metadata]\nname = app\n' }, modules: ['pytest'] });
    const step = planPytest(facts, context);
    expect(argv(step)).toEqual([
      '/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${OUT}/pytest.xml`, '-o', 'junit_family=xunit2',
    ]);
    expect(step.after).toEqual([]);
  });

  it('respects coverage.py config sources (bare --cov / no --source) and combines parallel data', () => {
    const configs = { 'pyproject.toml': '[tool.coverage.run]\nsource = ["app"]\nparallel = true\n' };
    const withCov = planPytest(pythonFacts({ entries: ['app'], configs }), context);
    expect(argv(withCov)?.slice(-3)).toEqual(['--cov', '--cov-branch', '--cov-report=']);
    const withCoverage = planPytest(pythonFacts({ entries: ['app'], configs, modules: ['pytest', 'coverage'] }), context);
    expect(argv(withCoverage)?.slice(0, 7)).toEqual(['/usr/bin/python3', '-m', 'coverage', 'run', '--branch', '-m', 'pytest']);
    expect(withCoverage.after[0]?.command).toEqual({ argv: ['/usr/bin/python3', '-m', 'coverage', 'combine'] });
  });

  it('src layout measures src; an absolute outDir is used as given', () => {
    const step = planPytest(pythonFacts({ entries: ['src', 'tests', 'pyproject.toml'] }), { outDir: '/repo/.heal/b2' });
    expect(argv(step)).toContain('--cov=src');
    expect(argv(step)).toContain('--junitxml=/repo/.heal/b2/pytest.xml');
    expect(step.main.env?.COVERAGE_FILE).toBe('/repo/.heal/b2/.coverage');
  });

  it('python-missing: an interpreter without pytest, or none at all', () => {
    const without = planPytest(greenFastFacts(['black']), context);
    expect(without.missing).toBe(
      "pytest is not installed for /usr/bin/python3: install it (`pip install pytest`, or apt `python3-pytest`), or set `python` in heal's config to an interpreter that has it",
    );
    const none = planPytest(greenFastFacts(null), context);
    expect(none.missing).toBe(
      "no Python interpreter was found: install Python 3 and pytest (`pip install pytest`, or apt `python3-pytest`), or set `python` in heal's config",
    );
    expect(argv(none)?.[0]).toBe('python3');
  });
});

describe('the Python toolchain', () => {
  const plans = (facts: ProjectFacts) =>
    pythonToolchain.tools.map((tool) => [tool.id, tool.plan(facts, context)] as const).filter(([, step]) => step !== null);

  it('lists tools in step order', () => {
    expect(pythonToolchain.tools.map((tool) => [tool.kind, tool.id])).toEqual([
      ['typecheck', 'mypy'],
      ['lint', 'ruff'],
      ['lint', 'flake8'],
      ['format', 'black'],
      ['format', 'ruff-format'],
      ['test', 'pytest'],
    ]);
  });

  it('green-fast fixture: flake8 and black (configured, installed), then pytest', () => {
    const facts = greenFastFacts(['pytest', 'pytest_cov', 'coverage', 'black', 'flake8', 'mypy']);
    expect(plans(facts).map(([id, step]) => [id, argv(step)?.slice(1), step?.missing])).toEqual([
      ['flake8', ['-m', 'flake8', '--format=default', '.'], null],
      ['black', ['-m', 'black', '--check', '.'], null],
      ['pytest', expect.any(Array), null],
    ]);
  });

  it('configured but not installed: one line naming the package', () => {
    const facts = greenFastFacts(['pytest']);
    expect(plans(facts).map(([id, step]) => [id, step?.missing])).toEqual([
      ['flake8', 'flake8 is configured but not installed for /usr/bin/python3: install it (`pip install flake8`, or apt `flake8`)'],
      ['black', 'black is configured but not installed for /usr/bin/python3: install it (`pip install black`, or apt `black`)'],
      ['pytest', null],
    ]);
  });

  it('failing fixture: mypy on its configured files, flake8, pytest', () => {
    const facts = pythonFacts({
      entries: ['billing', 'tests'],
      configs: {
        'pyproject.toml': readFixture('py-pytest-failing-test', 'pyproject.toml'),
        '.flake8': readFixture('py-pytest-failing-test', '.flake8'),
      },
      modules: ['pytest', 'mypy', 'flake8'],
    });
    const [mypy] = plans(facts);
    expect(argv(mypy?.[1] ?? null)).toEqual([
      '/usr/bin/python3', '-m', 'mypy', '--show-column-numbers', '--show-error-codes', '--no-error-summary',
      '--no-color-output', '--no-pretty', '--cache-dir=/dev/null',
    ]);
    expect(plans(facts).map(([id]) => id)).toEqual(['mypy', 'flake8', 'pytest']);
  });

  it('mypy without configured files checks the code under test and keeps an existing cache', () => {
    const facts = pythonFacts({ entries: ['app', 'tests', '.mypy_cache', 'mypy.ini'], modules: ['mypy'] });
    expect(argv(pythonToolchain.tools[0]?.plan(facts, context) ?? null)?.slice(-2)).toEqual(['--no-pretty', 'app']);
  });

  it('ruff lint always with --no-fix; ruff format only with a format table; ruff has no apt package', () => {
    const facts = pythonFacts({ configs: { 'pyproject.toml': '[tool.ruff]\nline-length = 100\n[tool.ruff.format]\n' } });
    expect(plans(facts).map(([id, step]) => [id, argv(step)?.slice(3), step?.missing])).toEqual([
      [
        'ruff',
        ['check', '--output-format=json', '--no-fix', '--no-cache', '.'],
        'ruff is configured but not installed for /usr/bin/python3: install it (`pip install ruff`)',
      ],
      [
        'ruff-format',
        ['format', '--check', '--no-cache', '.'],
        'ruff is configured but not installed for /usr/bin/python3: install it (`pip install ruff`)',
      ],
      ['pytest', expect.any(Array), null],
    ]);
  });

  it('no interpreter: configured tools say so', () => {
    const facts = pythonFacts({ entries: ['.flake8', 'setup.py'], modules: null });
    expect(pythonToolchain.tools[2]?.plan(facts, context)?.missing).toBe(
      'flake8 is configured but no Python interpreter was found: install Python 3 and flake8 (`pip install flake8`, or apt `flake8`)',
    );
  });
});
