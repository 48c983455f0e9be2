import { z } from 'zod';
import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlanContext, PlannedCommand, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, hasRootEntry, isDeclaredOrBin, outPath } from './project.js';
import { noReportError, readJson } from './read-json.js';

/**
 * ESLint 8–10, when a flat (eslint.config.*) or legacy (.eslintrc*, package.json `eslintConfig`)
 * config exists. The JSON formatter writes to a file so that warnings printed by plugins cannot
 * corrupt it; heal's own .heal/ folder is ignored. Severity 2 is an error, 1 a warning; a fatal
 * parse error has no rule id and becomes rule "parse-error".
 */

export const ESLINT_REPORT = 'report';

const CONFIG_FILES = [
  ...['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `eslint.config.${ext}`),
  ...['', '.js', '.cjs', '.yaml', '.yml', '.json'].map((ext) => `.eslintrc${ext}`),
];

export function hasEslintConfig(facts: ProjectFacts): boolean {
  return hasRootEntry(facts, CONFIG_FILES) || facts.packageJson?.eslintConfig !== undefined;
}

export function planEslint(facts: ProjectFacts, context: PlanContext): PlannedStep | null {
  if (!hasEslintConfig(facts) || !isDeclaredOrBin(facts, 'eslint', 'eslint')) return null;
  const report = outPath(context.outDir, 'eslint.json');
  return {
    kind: 'lint',
    tool: 'eslint',
    main: {
      command: argv(binPath('eslint'), '--format', 'json', '--output-file', report, '--ignore-pattern', '.heal/', '.'),
      outputs: { [ESLINT_REPORT]: report },
    },
    after: [],
    missing: facts.nodeBins.has('eslint') ? null : missingToolMessage(facts, 'eslint'),
  };
}

const Report = z.array(
  z.object({
    filePath: z.string(),
    messages: z.array(
      z.object({
        ruleId: z.string().nullish(),
        severity: z.number(),
        message: z.string(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
      }),
    ),
  }),
);

/** Pure: diagnostics of ESLint's JSON report. */
export function toDiagnostics(report: z.infer<typeof Report>, projectDir: string): Diagnostic[] {
  return report.flatMap((result) =>
    result.messages.map((message) => ({
      tool: 'eslint',
      file: toProjectPath(projectDir, result.filePath),
      line: message.line ?? 0,
      column: message.column ?? 0,
      rule: message.ruleId ?? 'parse-error',
      message: message.message,
      severity: message.severity >= 2 ? 'error' : 'warning',
    })),
  );
}

export function parseEslint(output: ToolOutput): Findings {
  const json = output.files[ESLINT_REPORT];
  if (json === undefined) return { error: noReportError('eslint', output) };
  const report = readJson(Report, json, 'eslint.json');
  return report.ok ? { diagnostics: toDiagnostics(report.value, output.projectDir) } : { error: report.error };
}

/** `eslint --fix` limited to problem and suggestion fixes: layout fixes are a formatter's job. */
function planEslintFix(facts: ProjectFacts): PlannedCommand | null {
  const step = planEslint(facts, { outDir: '.' });
  if (step === null || step.missing !== null) return null;
  return { command: argv(binPath('eslint'), '--fix', '--fix-type', 'problem,suggestion', '--ignore-pattern', '.heal/', '.') };
}

export const eslint: ToolDefinition = { id: 'eslint', kind: 'lint', plan: planEslint, parse: parseEslint, planFix: planEslintFix };
