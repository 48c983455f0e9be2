import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { formatDiagnostic } from './black.js';
import { readPythonProject } from './project-config.js';
import { describeExit, planPythonModuleFix, planPythonModuleStep } from './python-tool.js';

/**
 * `ruff format --check .`, only when the project opted into ruff's formatter (`[tool.ruff.format]`
 * or `[format]` in ruff.toml): a project that lints with ruff may well format with black or not
 * at all. Exit 0 formatted, 1 would reformat, 2 error (e.g. a file that does not parse).
 */
export function planRuffFormat(facts: ProjectFacts): PlannedStep | null {
  return planPythonModuleStep(facts, {
    kind: 'format',
    tool: 'ruff-format',
    module: 'ruff',
    args: ['format', '--check', '--no-cache', '.'],
    isConfigured: readPythonProject(facts).isRuffFormatConfigured,
  });
}

const WOULD_REFORMAT = /^Would reformat: (.+)$/;
const FAILED_TO_PARSE = /^error: Failed to parse (.+?):(\d+):(\d+): (.*)$/;

/** "Would reformat: x.py" lines (stdout) and "error: Failed to parse x.py:2:20: …" lines (stderr). */
export function parseRuffFormat(output: ToolOutput): Findings {
  const diagnostics: Diagnostic[] = [];
  for (const line of `${output.stdout}\n${output.stderr}`.split(/\r?\n/)) {
    const reformat = WOULD_REFORMAT.exec(line);
    const failed = FAILED_TO_PARSE.exec(line);
    if (reformat?.[1]) {
      const file = toProjectPath(output.projectDir, reformat[1]);
      diagnostics.push(formatDiagnostic('ruff-format', file, `would reformat: run \`ruff format ${file}\``));
    } else if (failed?.[1]) {
      diagnostics.push({
        tool: 'ruff-format',
        file: toProjectPath(output.projectDir, failed[1]),
        line: Number(failed[2]),
        column: Number(failed[3]),
        rule: 'parse-error',
        message: failed[4] ?? '',
        severity: 'error',
      });
    }
  }
  if (output.exitCode !== 0 && output.exitCode !== 1 && diagnostics.length === 0) {
    return { diagnostics, error: describeExit('ruff format', output) };
  }
  return { diagnostics };
}

/** ruff's formatter as a heal tool (format step). */
export const ruffFormatTool: ToolDefinition = {
  id: 'ruff-format',
  kind: 'format',
  plan: planRuffFormat,
  parse: parseRuffFormat,
  planFix: (facts) => planPythonModuleFix(facts, { module: 'ruff', args: ['format', '--no-cache', '--quiet', '.'], isConfigured: readPythonProject(facts).isRuffFormatConfigured }),
};
