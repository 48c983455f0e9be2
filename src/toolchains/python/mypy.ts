import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readPythonProject } from './project-config.js';
import { describeExit, planPythonModuleStep } from './python-tool.js';
import { chooseSources } from './sources.js';

/** Flags that make mypy's text output one stable line per message (`-O json` needs mypy ≥ 1.11). */
export const MYPY_FLAGS = [
  '--show-column-numbers', '--show-error-codes', '--no-error-summary', '--no-color-output', '--no-pretty',
] as const;

/**
 * `mypy` on what its config names (`files`/`packages`/`modules`), else on the code under test
 * (see chooseSources). Without an existing `.mypy_cache`, the cache goes to /dev/null so that
 * heal leaves no cache folder in the user's tree (slower, but honest about what it touches).
 * Exit 0 clean, 1 type errors, 2 a blocking error (a syntax error, a bad config).
 */
export function planMypy(facts: ProjectFacts): PlannedStep | null {
  const project = readPythonProject(facts);
  const cache = facts.rootEntries.has('.mypy_cache') ? [] : ['--cache-dir=/dev/null'];
  const targets = project.hasMypyTargets ? [] : chooseSources(facts, project);
  return planPythonModuleStep(facts, {
    kind: 'typecheck',
    tool: 'mypy',
    module: 'mypy',
    args: [...MYPY_FLAGS, ...cache, ...targets],
    isConfigured: project.isMypyConfigured,
  });
}

const MESSAGE = /^(.+?):(?:(\d+):(?:(\d+):)?)? (error|note): (.*?)(?:  \[([\w-]+)\])?$/;

/**
 * One diagnostic per `error` line. A `note` on the same file and line as the error before it is
 * appended to that error's message (e.g. "Left operand is of type …"); other notes (reveal_type,
 * "defined here") are dropped. An error without an error code gets the rule `mypy`.
 */
export function parseMypy(output: ToolOutput): Findings {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.stdout.split(/\r?\n/)) {
    const match = MESSAGE.exec(line);
    if (!match?.[1]) continue;
    const file = toProjectPath(output.projectDir, match[1]);
    const lineNumber = Number(match[2] ?? 0);
    const previous = diagnostics.at(-1);
    if (match[4] === 'note') {
      if (previous?.file === file && previous.line === lineNumber) previous.message += `\n${match[5] ?? ''}`;
      continue;
    }
    diagnostics.push({
      tool: 'mypy',
      file,
      line: lineNumber,
      column: Number(match[3] ?? 0),
      rule: match[6] ?? 'mypy',
      message: match[5] ?? '',
      severity: 'error',
    });
  }
  if (output.exitCode !== 0 && diagnostics.length === 0) {
    return { diagnostics, error: describeExit('mypy', output) };
  }
  return { diagnostics };
}

/** mypy as a heal tool (typecheck step). */
export const mypyTool: ToolDefinition = { id: 'mypy', kind: 'typecheck', plan: planMypy, parse: parseMypy };
