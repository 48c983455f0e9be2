import { rm } from 'node:fs/promises';
import type { Git } from '../adapters/git.js';
import { acquireRunLock, removeStaleLock } from '../adapters/run-lock.js';
import { UsageError } from '../errors.js';
import { branchOfStage } from '../pipeline/loop/run-stage.js';
import { removeHealWorktrees } from '../pipeline/loop/finish-branch.js';
import { loadState, runDirOf } from '../pipeline/loop/state-file.js';

export interface CleanOptions {
  git: Git;
  /** A loop run to throw away: its branches and folder. Null cleans only what no run owns. */
  runId: string | null;
}

/**
 * Removes what heal left behind after a crash: its worktrees and a stale lock; with a run id, that
 * run's agt/ branches and its folder too. Refuses while another heal run holds the lock.
 */
export async function clean(options: CleanOptions): Promise<{ lines: string[] }> {
  const { git } = options;
  const lines: string[] = [];
  const commonDir = await git.commonDir();
  if (await removeStaleLock(commonDir)) lines.push('removed a stale lock (its heal process is gone)');
  const lock = await acquireRunLock(commonDir, { command: 'clean', run_id: options.runId });
  try {
    const state = options.runId === null ? null : await loadState(runDirOf(git.root, options.runId));
    if (options.runId !== null && state === null) throw new UsageError(`no heal loop run '${options.runId}' in .heal/runs: check the id (ls .heal/runs)`);
    const worktrees = await removeHealWorktrees(git);
    if (worktrees.length > 0) lines.push(`removed ${worktrees.length} leftover worktree(s): ${worktrees.join(', ')}`);
    if (state && options.runId !== null) {
      const runDir = runDirOf(git.root, options.runId);
      const last = state.stages.at(-1);
      const cutOff = last && state.next.kind !== 'finish' ? await branchOfStage({ runId: state.run_id, runDir }, last.number, state.next) : null;
      for (const branch of new Set([state.branch_name, ...state.branches, ...(cutOff ? [cutOff] : [])])) {
        if (!(await git.branchExists(branch))) continue;
        await git.deleteBranch(branch);
        lines.push(`deleted branch ${branch}`);
      }
      await rm(runDir, { recursive: true, force: true });
      lines.push(`removed .heal/runs/${options.runId}`);
    }
  } finally {
    await lock.release();
  }
  if (lines.length === 0) lines.push('nothing to clean');
  return { lines };
}
