import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readPythonProject } from './project-config.js';
import { describeExit, planPythonModuleStep } from './python-tool.js';

/**
 * `flake8 --format=default .`: the explicit format overrides a config's `format =` so lines are
 * always `path:line:col: CODE message`. flake8 has no JSON formatter without a plugin. Exit 0
 * clean, 1 violations, or 1 with a traceback when flake8 itself fails.
 */
export function planFlake8(facts: ProjectFacts): PlannedStep | null {
  return planPythonModuleStep(facts, {
    kind: 'lint',
    tool: 'flake8',
    module: 'flake8',
    args: ['--format=default', '.'],
    isConfigured: readPythonProject(facts).isFlake8Configured,
  });
}

const VIOLATION = /^(.+?):(\d+):(\d+): ([A-Z]+[0-9]+) (.*)$/;

/** One diagnostic per violation line; flake8 has no severities, and every violation fails the run. */
export function parseFlake8(output: ToolOutput): Findings {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.stdout.split(/\r?\n/)) {
    const match = VIOLATION.exec(line);
    if (!match?.[1]) continue;
    diagnostics.push({
      tool: 'flake8',
      file: toProjectPath(output.projectDir, match[1]),
      line: Number(match[2]),
      column: Number(match[3]),
      rule: match[4] ?? '',
      message: match[5] ?? '',
      severity: 'error',
    });
  }
  if (output.exitCode !== 0 && diagnostics.length === 0) {
    return { diagnostics, error: describeExit('flake8', output) };
  }
  return { diagnostics };
}

/** flake8 as a heal tool (lint step). */
export const flake8Tool: ToolDefinition = { id: 'flake8', kind: 'lint', plan: planFlake8, parse: parseFlake8 };
