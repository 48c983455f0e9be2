import { join, relative } from 'node:path';
import type { Git } from '../adapters/git.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import type { BuildReport } from '../artefacts/build-report.js';
import type { BuildConfig } from '../config/schema.js';
import { build } from './build.js';

export interface SelfCheckOptions {
  /** The worktree to build, as it is (heal's own worktree, never the user's). */
  worktree: Git;
  /** The user's repository root: report paths are relative to it. */
  repoRoot: string;
  /** Each check's report is written here as check-<n>.json. */
  runDir: string;
  project: string;
  config: BuildConfig;
  python: string | null;
  runner: ProcessRunner;
}

/** A self-check: the worktree's full build, as `heal code` and `heal fix` re-run it after each change. */
export type SelfCheck = () => Promise<{ report: BuildReport; file: string }>;

/** Builds the worktree once per call, numbering the reports it keeps in the run folder. */
export function createSelfCheck(options: SelfCheckOptions): SelfCheck {
  let checks = 0;
  return async () => {
    const file = join(options.runDir, `check-${checks++}.json`);
    const outcome = await build(
      { git: options.worktree, project: options.project, commit: null, config: options.config, python: options.python, out: file, metrics: null, explain: false, keep: { dir: options.runDir, root: options.repoRoot } },
      { runner: options.runner },
    );
    if (outcome.kind !== 'built') throw new Error('self-check build returned an explanation');
    return { report: outcome.report, file: relative(options.repoRoot, file) };
  };
}
