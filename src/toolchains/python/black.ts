import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readPythonProject } from './project-config.js';
import { describeExit, planPythonModuleFix, planPythonModuleStep } from './python-tool.js';

/**
 * `black --check .`: exit 0 formatted, 1 some files would be reformatted, 123 a file could not be
 * parsed (or black crashed). Not `--quiet`, which would hide the "would reformat" lines.
 */
export function planBlack(facts: ProjectFacts): PlannedStep | null {
  return planPythonModuleStep(facts, {
    kind: 'format',
    tool: 'black',
    module: 'black',
    args: ['--check', '.'],
    isConfigured: readPythonProject(facts).isBlackConfigured,
  });
}

const WOULD_REFORMAT = /^would reformat (.+)$/;
const CANNOT_FORMAT = /^error: cannot format (.+?): (.*)$/;
const PARSE_POSITION = /Cannot parse[^:]*: (\d+):(\d+):/;

/**
 * One `format` diagnostic per file black would reformat (line 0, column 0: the whole file), and a
 * `parse-error` one per file it cannot parse (black's column is 0-based, heal's 1-based).
 */
export function parseBlack(output: ToolOutput): Findings {
  const diagnostics: Diagnostic[] = [];
  for (const line of `${output.stderr}\n${output.stdout}`.split(/\r?\n/)) {
    const reformat = WOULD_REFORMAT.exec(line);
    const failed = CANNOT_FORMAT.exec(line);
    if (reformat?.[1]) {
      const file = toProjectPath(output.projectDir, reformat[1]);
      diagnostics.push(formatDiagnostic('black', file, `would reformat: run \`black ${file}\``));
    } else if (failed?.[1]) {
      const position = PARSE_POSITION.exec(failed[2] ?? '');
      diagnostics.push({
        tool: 'black',
        file: toProjectPath(output.projectDir, failed[1]),
        line: Number(position?.[1] ?? 0),
        column: position?.[2] === undefined ? 0 : Number(position[2]) + 1,
        rule: 'parse-error',
        message: failed[2] ?? '',
        severity: 'error',
      });
    }
  }
  if (output.exitCode !== 0 && output.exitCode !== 1 && diagnostics.length === 0) {
    return { diagnostics, error: describeExit('black', output) };
  }
  return { diagnostics };
}

/** A whole-file formatting finding: line 0 and column 0 mean "the file", not a position. */
export function formatDiagnostic(tool: string, file: string, message: string): Diagnostic {
  return { tool, file, line: 0, column: 0, rule: 'format', message, severity: 'error' };
}

/** black as a heal tool (format step); its fix is plain `black .`. */
export const blackTool: ToolDefinition = {
  id: 'black',
  kind: 'format',
  plan: planBlack,
  parse: parseBlack,
  planFix: (facts) => planPythonModuleFix(facts, { module: 'black', args: ['--quiet', '.'], isConfigured: readPythonProject(facts).isBlackConfigured }),
};
