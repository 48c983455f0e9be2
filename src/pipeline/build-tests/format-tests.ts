import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { BuildConfig } from '../../config/schema.js';
import { TOOLCHAINS, TOOLS_BY_ID } from '../../toolchains/registry.js';
import type { PlannedCommand, ProjectFacts } from '../../toolchains/types.js';
import { planBuild } from '../build/plan-build.js';

const FIX_TIMEOUT_MS = 120_000;

export interface FormatTestsOptions {
  /** The files to format, repository-relative. */
  paths: readonly string[];
  repoDir: string;
  projectDir: string;
  facts: ProjectFacts;
  build: BuildConfig;
  listFiles(): Promise<string[]>;
  runner: ProcessRunner;
  logDir: string;
}

/** Pure: the fix commands (eslint --fix, prettier --write, black, ruff …) of the lint and format steps the build runs. */
export function planFormatters(facts: ProjectFacts, build: BuildConfig, outDir: string): Array<{ tool: string; command: PlannedCommand }> {
  return planBuild(facts, build, { outDir }, TOOLCHAINS).steps.flatMap((step) => {
    if ((step.kind !== 'lint' && step.kind !== 'format') || step.skip !== null || step.missing !== null) return [];
    const command = TOOLS_BY_ID.get(step.tool)?.planFix?.(facts) ?? null;
    return command ? [{ tool: step.tool, command }] : [];
  });
}

/**
 * Formats and lint-fixes the new test files with the repository's own tools. The tools run over the
 * project, so every other file they touch is put back: only the tests change.
 */
export async function formatTestFiles(options: FormatTestsOptions): Promise<string[]> {
  const formatters = planFormatters(options.facts, options.build, join(options.logDir, 'plan'));
  if (formatters.length === 0 || options.paths.length === 0) return [];
  const ours = new Set(options.paths);
  const others = (await options.listFiles()).filter((path) => !ours.has(path));
  const read = (path: string) => readFile(join(options.repoDir, path), 'utf8').catch(() => null);
  const snapshot = new Map(await Promise.all(others.map(async (path) => [path, await read(path)] as const)));
  const ran: string[] = [];
  for (const [index, formatter] of formatters.entries()) {
    const result = await options.runner.run({
      command: formatter.command.command,
      cwd: options.projectDir,
      env: formatter.command.env,
      timeoutMs: FIX_TIMEOUT_MS,
      logFile: join(options.logDir, `format-${index + 1}-${formatter.tool}.log`),
    });
    if (result.outcome === 'exited') ran.push(formatter.tool);
  }
  for (const [path, text] of snapshot) {
    if (text !== null && (await read(path)) !== text) await writeFile(join(options.repoDir, path), text);
  }
  return ran;
}
