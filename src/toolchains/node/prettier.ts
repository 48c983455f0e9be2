import type { Diagnostic } from '../../artefacts/build-report.js';
import { toProjectPath } from '../coverage-math.js';
import type { Findings, PlannedCommand, PlannedStep, ProjectFacts, ToolDefinition, ToolOutput } from '../types.js';
import { missingToolMessage } from './package-manager.js';
import { argv, binPath, isDeclaredOrBin } from './project.js';
import { stripAnsi } from './test-failures.js';

/**
 * Prettier 2–3 format check, when a Prettier config exists. `--check` has no JSON output: each
 * unformatted file is a "[warn] path" line (stderr in Prettier 3, stdout in 2), each unparsable
 * file an "[error] path: SyntaxError: … (line:col)" line. heal's .heal/ folder is excluded.
 */

const CONFIG = /^(\.prettierrc(\.(json|json5|ya?ml|toml|[cm]?js|ts|[cm]ts))?|prettier\.config\.([cm]?js|[cm]?ts))$/;

export function hasPrettierConfig(facts: ProjectFacts): boolean {
  return facts.packageJson?.prettier !== undefined || [...facts.rootEntries].some((entry) => CONFIG.test(entry));
}

export function planPrettier(facts: ProjectFacts): PlannedStep | null {
  if (!hasPrettierConfig(facts) || !isDeclaredOrBin(facts, 'prettier', 'prettier')) return null;
  return {
    kind: 'format',
    tool: 'prettier',
    main: { command: argv(binPath('prettier'), '--check', '.', '!**/.heal/**') },
    after: [],
    missing: facts.nodeBins.has('prettier') ? null : missingToolMessage(facts, 'prettier'),
  };
}

const UNFORMATTED = /^\[warn\] (.+)$/;
const SUMMARY = /^\[warn\] (Code style issues|Forgot to run Prettier|No files matching|No parser could be inferred)/;
const SYNTAX_ERROR = /^\[error\] (.+?): (\w*Error): (.*?)(?: \((\d+):(\d+)\))?$/;

/** Pure: one diagnostic per file Prettier would reformat or could not parse. */
export function parsePrettierText(text: string, projectDir: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of stripAnsi(text).split(/\r?\n/)) {
    const unformatted = SUMMARY.test(line) ? null : UNFORMATTED.exec(line);
    const syntax = SYNTAX_ERROR.exec(line);
    if (unformatted?.[1]) {
      const file = toProjectPath(projectDir, unformatted[1].trim());
      diagnostics.push({ tool: 'prettier', file, line: 1, column: 0, rule: 'format', message: 'File is not formatted with Prettier', severity: 'error' });
    } else if (syntax?.[1]) {
      diagnostics.push({
        tool: 'prettier',
        file: toProjectPath(projectDir, syntax[1]),
        line: Number(syntax[4] ?? 1),
        column: Number(syntax[5] ?? 0),
        rule: 'syntax-error',
        message: `${syntax[2] ?? 'SyntaxError'}: ${syntax[3] ?? ''}`,
        severity: 'error',
      });
    }
  }
  return diagnostics;
}

export function parsePrettier(output: ToolOutput): Findings {
  const diagnostics = parsePrettierText(`${output.stderr}\n${output.stdout}`, output.projectDir);
  if (diagnostics.length === 0 && output.exitCode !== 0 && output.exitCode !== null) {
    return { diagnostics, error: `prettier exited with ${output.exitCode}: ${output.stderr.trim().split('\n')[0] ?? ''}` };
  }
  return { diagnostics };
}

function planPrettierFix(facts: ProjectFacts): PlannedCommand | null {
  const step = planPrettier(facts);
  return step === null || step.missing !== null ? null : { command: argv(binPath('prettier'), '--write', '--log-level=warn', '.', '!**/.heal/**') };
}

export const prettier: ToolDefinition = { id: 'prettier', kind: 'format', plan: planPrettier, parse: parsePrettier, planFix: planPrettierFix };
