import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import type { FileChange } from '../../patch/types.js';
import { invertFileChanges, writeFileChanges } from '../../patch/write-file-changes.js';
import type { PlannedCommand, ToolDefinition } from '../../toolchains/types.js';
import type { FixCandidate } from './types.js';

/** A linter or formatter that reported errors and can fix them in place. */
export interface Fixer {
  tool: string;
  command: PlannedCommand;
}

/** Pure: the fix commands of the lint and format steps that reported errors, in step order. */
export function chooseFixers(report: BuildReport, tools: ReadonlyMap<string, ToolDefinition>, planFix: (tool: ToolDefinition) => PlannedCommand | null): Fixer[] {
  const failing = new Set(report.lint_errors.filter((d) => d.severity === 'error').map((d) => d.tool));
  const fixers: Fixer[] = [];
  for (const step of report.steps) {
    if ((step.kind !== 'lint' && step.kind !== 'format') || step.status !== 'FAILED' || !failing.has(step.tool)) continue;
    const tool = tools.get(step.tool);
    const command = tool?.planFix ? planFix(tool) : null;
    if (command) fixers.push({ tool: step.tool, command });
  }
  return fixers;
}

export interface RunFixersOptions {
  fixers: readonly Fixer[];
  /** The worktree root and the project dir inside it. */
  repoDir: string;
  projectDir: string;
  /** Files the tools may change: the worktree's tracked files (relative to the repo). */
  listFiles(): Promise<string[]>;
  runner: ProcessRunner;
  timeoutMs: number;
  logDir: string;
}

/**
 * Runs each fixer in the worktree and turns what it changed into a candidate, then puts the files
 * back: the candidate goes through the same validation and re-check as every other fix.
 */
export async function proposeLintFixes(options: RunFixersOptions, targets: readonly string[]): Promise<FixCandidate[]> {
  const candidates: FixCandidate[] = [];
  for (const [index, fixer] of options.fixers.entries()) {
    const files = await options.listFiles();
    const before = new Map(await Promise.all(files.map(async (file) => [file, await readFile(join(options.repoDir, file), 'utf8').catch(() => null)] as const)));
    await options.runner.run({
      command: fixer.command.command,
      cwd: options.projectDir,
      env: fixer.command.env,
      timeoutMs: options.timeoutMs,
      logFile: join(options.logDir, `autofix-${index + 1}-${fixer.tool}.log`),
    });
    const changes: FileChange[] = [];
    for (const [file, text] of before) {
      if (text === null) continue;
      const after = await readFile(join(options.repoDir, file), 'utf8').catch(() => null);
      if (after !== null && after !== text) changes.push({ path: file, kind: 'modify', before: text, after });
    }
    await writeFileChanges(options.repoDir, invertFileChanges(changes));
    if (changes.length === 0) continue;
    const where = changes.map((change) => change.path).join(', ');
    const fixed = targets.filter((id) => changes.some((change) => id.startsWith(`${change.path}:`)));
    candidates.push({
      strategy: 'lint-autofix',
      rule: `${fixer.tool} --fix`,
      description: `${fixer.tool}'s own fixes in ${where}`,
      files: changes,
      targets: fixed.length > 0 ? fixed : [...targets],
    });
  }
  return candidates;
}

