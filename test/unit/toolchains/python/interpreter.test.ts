import { describe, expect, it } from 'vitest';
import {
  chooseInterpreter,
  interpreterCandidates,
  parseProbe,
  PROBE_SCRIPT,
  probeCommand,
} from '../../../../src/toolchains/python/interpreter.js';

describe('interpreterCandidates', () => {
  it('orders config, $VIRTUAL_ENV, project venvs, PATH names, then the system python', () => {
    expect(
      interpreterCandidates({
        configured: '.tox/py/bin/python',
        virtualEnv: '/home/me/.virtualenvs/app',
        projectDir: '/work/proj',
        rootEntries: new Set(['.venv', 'venv', 'pyproject.toml']),
      }),
    ).toEqual([
      '/work/proj/.tox/py/bin/python',
      '/home/me/.virtualenvs/app/bin/python',
      '/work/proj/.venv/bin/python',
      '/work/proj/venv/bin/python',
      'python3',
      'python',
      '/usr/bin/python3',
    ]);
  });

  it('skips venvs that are not there and duplicates', () => {
    expect(interpreterCandidates({ configured: 'python3', projectDir: '/p', rootEntries: new Set() })).toEqual([
      'python3',
      'python',
      '/usr/bin/python3',
    ]);
  });
});

describe('probe', () => {
  it('builds an argv command running the probe script', () => {
    expect(probeCommand('/usr/bin/python3')).toEqual({ argv: ['/usr/bin/python3', '-c', PROBE_SCRIPT] });
  });

  it('parses the last JSON line and rejects anything else', () => {
    const line = '{"executable": "/usr/bin/python3", "version": "3.11.2", "modules": ["pytest", "black"]}';
    expect(parseProbe(`warning: noise\n${line}\n`)).toEqual({
      executable: '/usr/bin/python3',
      version: '3.11.2',
      modules: ['pytest', 'black'],
    });
    expect(parseProbe('Python 2.7.18')).toBeNull();
    expect(parseProbe('{"modules": "pytest"}')).toBeNull();
  });
});

describe('chooseInterpreter', () => {
  const output = (modules: string[]) => ({ executable: '/x', version: '3.11.2', modules });

  it('picks the first candidate with pytest, keeping only heal modules', () => {
    const chosen = chooseInterpreter([
      { candidate: 'python3', output: output(['black']) },
      { candidate: '/usr/bin/python3', output: output(['pytest', 'coverage', 'numpy']) },
    ]);
    expect(chosen).toEqual({ interpreter: '/usr/bin/python3', modules: new Set(['pytest', 'coverage']) });
  });

  it('prefers a virtualenv with pytest, else the system interpreter with the most tools', () => {
    const venv = '/repo/.venv/bin/python';
    expect(
      chooseInterpreter([
        { candidate: venv, output: output(['pytest']) },
        { candidate: '/usr/bin/python3', output: output(['pytest', 'coverage', 'black']) },
      ])?.interpreter,
    ).toBe(venv);
    expect(
      chooseInterpreter([
        { candidate: 'python3', output: output(['pytest']) },
        { candidate: '/usr/bin/python3', output: output(['pytest', 'coverage', 'black']) },
      ])?.interpreter,
    ).toBe('/usr/bin/python3');
  });

  it('else the first with any tool, else the first that ran, else null', () => {
    expect(
      chooseInterpreter([
        { candidate: 'python', output: output([]) },
        { candidate: 'python3', output: output(['mypy']) },
      ])?.interpreter,
    ).toBe('python3');
    expect(chooseInterpreter([{ candidate: 'python', output: output([]) }])).toEqual({
      interpreter: 'python',
      modules: new Set(),
    });
    expect(chooseInterpreter([{ candidate: 'python', output: null }])).toBeNull();
  });
});
