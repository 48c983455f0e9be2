import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Command } from '../../adapters/process-runner.js';
import type { PythonFacts } from '../types.js';

/**
 * Choosing the Python interpreter, in three pure parts the facts gatherer composes:
 *
 * 1. `interpreterCandidates(options)`: the interpreters to try, in order;
 * 2. for each, run `probeCommand(candidate)` in the project dir (with a short timeout) and pass its
 *    stdout to `parseProbe` (null when it did not run, exited non-zero or printed something else);
 * 3. `chooseInterpreter(probes)` picks one and returns `facts.python`.
 */

/** The modules heal may run as `python -m <module>` (or, for pytest_cov and xdist, as pytest plugins). */
export const PYTHON_MODULES = ['pytest', 'pytest_cov', 'coverage', 'black', 'ruff', 'flake8', 'mypy', 'xdist'] as const;
export type PythonModule = (typeof PYTHON_MODULES)[number];

export interface InterpreterCandidatesOptions {
  /** `python` from heal's config; a relative path is taken relative to the project dir. */
  configured?: string;
  /** `$VIRTUAL_ENV` of heal's own environment, when set. */
  virtualEnv?: string;
  /** Absolute project directory. */
  projectDir: string;
  /** Names at the project root; `.venv`/`venv` are tried only when present. */
  rootEntries: ReadonlySet<string>;
}

/**
 * Interpreters to probe, best first: the configured one, the active virtualenv, the project's
 * `.venv`/`venv`, then `python3`, `python` from PATH and the system `/usr/bin/python3` (which is
 * where Debian's python3-pytest and friends live even when a pyenv `python3` comes first on PATH).
 */
export function interpreterCandidates(options: InterpreterCandidatesOptions): string[] {
  const candidates: string[] = [];
  const configured = options.configured;
  if (configured) {
    const isRelativePath = configured.includes('/') && !isAbsolute(configured);
    candidates.push(isRelativePath ? join(options.projectDir, configured) : configured);
  }
  if (options.virtualEnv) candidates.push(join(options.virtualEnv, 'bin', 'python'));
  for (const venv of ['.venv', 'venv']) {
    if (options.rootEntries.has(venv)) candidates.push(join(options.projectDir, venv, 'bin', 'python'));
  }
  candidates.push('python3', 'python', '/usr/bin/python3');
  return [...new Set(candidates)];
}

/**
 * Prints `{"executable", "version", "modules"}` as one JSON line. The project dir is dropped from
 * sys.path first so that a local folder named like a tool does not count as the tool.
 */
export const PROBE_SCRIPT = [
  'import importlib.util, json, os, sys',
  "sys.path = [p for p in sys.path if p not in ('', os.getcwd())]",
  'def has(name):',
  '    try:',
  '        return importlib.util.find_spec(name) is not None',
  '    except (ImportError, ValueError):',
  '        return False',
  `names = ${JSON.stringify(PYTHON_MODULES)}`,
  "print(json.dumps({'executable': sys.executable, 'version': '.'.join(map(str, sys.version_info[:3])),",
  "                  'modules': [n for n in names if has(n)]}))",
].join('\n');

/** The command that probes one candidate. */
export function probeCommand(candidate: string): Command {
  return { argv: [candidate, '-c', PROBE_SCRIPT] };
}

const ProbeOutput = z.object({
  executable: z.string(),
  version: z.string(),
  modules: z.array(z.string()),
});
/** What the probe script printed. */
export type ProbeOutput = z.infer<typeof ProbeOutput>;

/** Reads the probe's stdout (its last JSON line); null when it is not the probe's output. */
export function parseProbe(stdout: string): ProbeOutput | null {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = ProbeOutput.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One candidate and what probing it gave (null: it does not exist, failed, or printed garbage). */
export interface InterpreterProbe {
  candidate: string;
  output: ProbeOutput | null;
}

/** Interpreters found on PATH or in the system, as opposed to a configured one or a virtualenv. */
const SYSTEM_INTERPRETERS: ReadonlySet<string> = new Set(['python3', 'python', '/usr/bin/python3']);

function isSystemInterpreter(candidate: string): boolean {
  return SYSTEM_INTERPRETERS.has(candidate);
}

/**
 * Picks the interpreter. A configured interpreter or virtualenv that can import pytest wins (it
 * has the project's own dependencies); among system interpreters with pytest, the one that can
 * import the most of heal's tools wins (a pyenv `python3` with only pytest loses to Debian's
 * `/usr/bin/python3` with pytest, coverage, black and mypy), earlier on ties. Without pytest
 * anywhere: the first with any tool, else the first that runs at all (so "pytest is not installed
 * for python3" can name it); else null. The interpreter is reported as the candidate (the command
 * heal runs), not `sys.executable`.
 */
export function chooseInterpreter(probes: readonly InterpreterProbe[]): PythonFacts | null {
  const known = (output: ProbeOutput): string[] => output.modules.filter((module) => isPythonModule(module));
  const ran = probes.filter((probe): probe is { candidate: string; output: ProbeOutput } => probe.output !== null);
  const withPytest = ran.filter((probe) => probe.output.modules.includes('pytest'));
  const bestSystem = withPytest.reduce<(typeof ran)[number] | undefined>(
    (best, probe) => (!best || known(probe.output).length > known(best.output).length ? probe : best),
    undefined,
  );
  const chosen =
    withPytest.find((probe) => !isSystemInterpreter(probe.candidate)) ??
    bestSystem ??
    ran.find((probe) => known(probe.output).length > 0) ??
    ran[0];
  if (!chosen) return null;
  return { interpreter: chosen.candidate, modules: new Set(known(chosen.output)) };
}

function isPythonModule(name: string): name is PythonModule {
  return (PYTHON_MODULES as readonly string[]).includes(name);
}
