import { z } from 'zod';
import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { readPythonProject } from './project-config.js';
import { describeExit, lastOutputLine, planPythonModuleFix, planPythonModuleStep } from './python-tool.js';

/**
 * `ruff check --output-format=json .`; `--no-fix` because a config's `fix = true` would otherwise
 * edit the user's files, `--no-cache` to leave no `.ruff_cache` behind. Exit 0 clean, 1 violations,
 * 2 ruff failed (bad config, bad arguments).
 */
export function planRuff(facts: ProjectFacts): PlannedStep | null {
  return planPythonModuleStep(facts, {
    kind: 'lint',
    tool: 'ruff',
    module: 'ruff',
    args: ['check', '--output-format=json', '--no-fix', '--no-cache', '.'],
    isConfigured: readPythonProject(facts).isRuffConfigured,
  });
}

const Location = z.object({ row: z.number().int().min(0), column: z.number().int().min(0) });

/** The fields heal reads of ruff's JSON output (an array of violations). */
const RuffViolations = z.array(
  z.object({
    /** null (older ruff) or "invalid-syntax" (newer) for syntax errors. */
    code: z.string().nullable(),
    message: z.string(),
    filename: z.string(),
    location: Location.nullable(),
  }),
);

/** Reads ruff's JSON array; filenames are absolute in real runs and made project-relative. */
export function parseRuff(output: ToolOutput): Findings {
  if (output.exitCode !== 0 && output.exitCode !== 1) {
    return { error: describeExit('ruff', output) };
  }
  let json: unknown;
  try {
    json = JSON.parse(output.stdout.trim() || '[]');
  } catch {
    return { error: `ruff did not print JSON: ${lastOutputLine(output.stderr, output.stdout)}` };
  }
  const parsed = RuffViolations.safeParse(json);
  if (!parsed.success) return { error: `ruff's JSON is not a list of violations: ${parsed.error.message}` };
  const diagnostics = parsed.data.map(
    (violation): Diagnostic => ({
      tool: 'ruff',
      file: toProjectPath(output.projectDir, violation.filename),
      line: violation.location?.row ?? 0,
      column: violation.location?.column ?? 0,
      rule: violation.code ?? 'syntax-error',
      message: violation.message,
      severity: 'error',
    }),
  );
  return { diagnostics };
}

/** ruff's linter as a heal tool (lint step). */
export const ruffTool: ToolDefinition = {
  id: 'ruff',
  kind: 'lint',
  plan: planRuff,
  parse: parseRuff,
  // Only the fixes ruff deems safe: `--unsafe-fixes` may change behaviour.
  planFix: (facts) => planPythonModuleFix(facts, { module: 'ruff', args: ['check', '--fix', '--no-cache', '--quiet', '.'], isConfigured: readPythonProject(facts).isRuffConfigured }),
};
