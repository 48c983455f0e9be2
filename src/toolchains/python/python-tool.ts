import type { StepKind } from '../../artefacts/build-report.js';
import type { ToolId } from '../../config/schema.js';
import type { PlannedCommand, PlannedStep, ProjectFacts, ToolOutput } from '../types.js';
import type { PythonModule } from './interpreter.js';

/** Keeps Python from writing `__pycache__` folders into the user's tree. */
export const PYTHON_ENV: Readonly<Record<string, string>> = { PYTHONDONTWRITEBYTECODE: '1' };

/** Used in commands (and in messages) when no interpreter was found at all. */
export const FALLBACK_INTERPRETER = 'python3';

const INSTALL_HINTS: Readonly<Record<PythonModule, { pip: string; apt: string | null }>> = {
  pytest: { pip: 'pytest', apt: 'python3-pytest' },
  pytest_cov: { pip: 'pytest-cov', apt: 'python3-pytest-cov' },
  coverage: { pip: 'coverage', apt: 'python3-coverage' },
  black: { pip: 'black', apt: 'black' },
  ruff: { pip: 'ruff', apt: null },
  flake8: { pip: 'flake8', apt: 'flake8' },
  mypy: { pip: 'mypy', apt: 'mypy' },
  xdist: { pip: 'pytest-xdist', apt: 'python3-pytest-xdist' },
};

/** "`pip install black`, or apt `black`". */
export function installHint(module: PythonModule): string {
  const hint = INSTALL_HINTS[module];
  return hint.apt === null ? `\`pip install ${hint.pip}\`` : `\`pip install ${hint.pip}\`, or apt \`${hint.apt}\``;
}

/** One line for a configured tool the interpreter cannot import (or when there is no interpreter). */
export function describeMissingTool(module: PythonModule, interpreter: string | null): string {
  const tool = INSTALL_HINTS[module].pip;
  if (interpreter === null) {
    return `${tool} is configured but no Python interpreter was found: install Python 3 and ${tool} (${installHint(module)})`;
  }
  return `${tool} is configured but not installed for ${interpreter}: install it (${installHint(module)})`;
}

export interface PythonModuleStepOptions {
  kind: StepKind;
  tool: ToolId;
  module: PythonModule;
  /** Arguments after `python -m <module>`. */
  args: readonly string[];
  /** Whether the project configures the tool; the step is planned only then. */
  isConfigured: boolean;
}

/**
 * The step for a tool run as `python -m <module> …`: null when the project does not configure it,
 * a `missing` step when the chosen interpreter cannot import it.
 */
export function planPythonModuleStep(facts: ProjectFacts, options: PythonModuleStepOptions): PlannedStep | null {
  if (!options.isConfigured) return null;
  const interpreter = facts.python?.interpreter ?? null;
  const isInstalled = facts.python?.modules.has(options.module) ?? false;
  return {
    kind: options.kind,
    tool: options.tool,
    main: {
      command: { argv: [interpreter ?? FALLBACK_INTERPRETER, '-m', options.module, ...options.args] },
      env: { ...PYTHON_ENV },
    },
    after: [],
    missing: isInstalled ? null : describeMissingTool(options.module, interpreter),
  };
}

/**
 * The in-place fix command of a `python -m <module>` tool (`black .`, `ruff check --fix .`): null
 * when the tool is not configured or not installed for the interpreter.
 */
export function planPythonModuleFix(facts: ProjectFacts, options: Omit<PythonModuleStepOptions, 'kind' | 'tool'>): PlannedCommand | null {
  const step = planPythonModuleStep(facts, { ...options, kind: 'format', tool: 'black' });
  return step === null || step.missing !== null ? null : step.main;
}

/** "black exited with code 123: <its last output line>", for a run that produced nothing to report. */
export function describeExit(tool: string, output: ToolOutput): string {
  return `${tool} exited with code ${output.exitCode ?? 'none'}: ${lastOutputLine(output.stderr, output.stdout)}`;
}

/** The last meaningful line of a tool's output, to explain an ERRORED step. */
export function lastOutputLine(stderr: string, stdout: string): string {
  const lines = `${stdout}\n${stderr}`.split(/\r?\n/).map((line) => line.trim());
  return lines.filter((line) => line !== '').at(-1)?.slice(0, 300) ?? 'no output';
}
