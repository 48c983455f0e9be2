import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, isDeclaredOrBin } from './project.js';
import { stripAnsi } from './test-failures.js';

/**
 * tsc, when tsconfig.json exists and TypeScript is declared or installed. heal runs
 * `tsc --noEmit --pretty false` itself rather than a `typecheck` script, whose output format and
 * flags it cannot know. tsc has no JSON output: heal reads its stable plain format,
 * `file(line,col): error TS2322: message`, with indented continuation lines for elaborations.
 */

export function planTsc(facts: ProjectFacts): PlannedStep | null {
  if (!facts.rootEntries.has('tsconfig.json') || !isDeclaredOrBin(facts, 'typescript', 'tsc')) return null;
  return {
    kind: 'typecheck',
    tool: 'tsc',
    main: { command: argv(binPath('tsc'), '--noEmit', '--pretty', 'false') },
    after: [],
    missing: facts.nodeBins.has('tsc') ? null : missingToolMessage(facts, 'tsc', 'typescript'),
  };
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/;
const GLOBAL = /^(error|warning) (TS\d+): (.*)$/;

/** Pure: diagnostics from tsc's plain output, and file-less errors (configuration problems). */
export function parseTscText(text: string, projectDir: string): { diagnostics: Diagnostic[]; globalErrors: string[] } {
  const diagnostics: Diagnostic[] = [];
  const globalErrors: string[] = [];
  let current: Diagnostic | null = null;
  for (const line of stripAnsi(text).split(/\r?\n/)) {
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      const [, file = '', row = '0', column = '0', severity, rule = '', message = ''] = located;
      current = {
        tool: 'tsc',
        file: toProjectPath(projectDir, file),
        line: Number(row),
        column: Number(column),
        rule,
        message,
        severity: severity === 'warning' ? 'warning' : 'error',
      };
      diagnostics.push(current);
    } else if (global) {
      globalErrors.push(`${global[2] ?? ''}: ${global[3] ?? ''}`);
      current = null;
    } else if (current && /^\s+\S/.test(line)) {
      // Elaborations ("  Type 'number' is not assignable to type 'string'.") keep their indentation.
      current.message += `\n${line.trimEnd()}`;
    } else if (line.trim() !== '') current = null;
  }
  return { diagnostics, globalErrors };
}

export function parseTsc(output: ToolOutput): Findings {
  const { diagnostics, globalErrors } = parseTscText(`${output.stdout}\n${output.stderr}`, output.projectDir);
  if (globalErrors.length > 0 && diagnostics.length === 0) return { diagnostics, error: `tsc: ${globalErrors.join('; ')}` };
  if (diagnostics.length === 0 && output.exitCode !== 0 && output.exitCode !== null) {
    return { diagnostics, error: `tsc exited with ${output.exitCode} without reporting a type error` };
  }
  return { diagnostics };
}

export const tsc: ToolDefinition = { id: 'tsc', kind: 'typecheck', plan: planTsc, parse: parseTsc };
