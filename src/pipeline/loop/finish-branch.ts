import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { killProcessesIn } from '../../adapters/reap-processes.js';
import type { MergeOutcome } from '../../artefacts/loop-report.js';
import type { LoopState } from '../../artefacts/loop-state.js';
import { branchOfStage } from './run-stage.js';

/** What the user chose for a finished run's branch. */
export type MergeChoice = 'merge' | 'keep' | 'discard';

/**
 * Removes what a crash left of heal's work in a repository: every folder under `.heal/worktrees`
 * (the caller holds the repository's lock, so none is in use) and git's record of them.
 */
export async function removeHealWorktrees(git: Git): Promise<string[]> {
  const dir = join(git.root, '.heal', 'worktrees');
  const names = await readdir(dir).catch(() => []);
  // A heal killed with SIGKILL leaves its test runners behind, in their own process groups.
  if (names.length > 0) await killProcessesIn(dir);
  for (const name of names) {
    await git.removeWorktree(join(dir, name));
    await rm(join(dir, name), { recursive: true, force: true });
  }
  return names;
}

/**
 * Before a resume: a stage cut off by a crash may have left its worktree and its branch (even a
 * commit on it). Both go, so the stage runs again from scratch and no commit is made twice.
 */
export async function recoverCutOffStage(git: Git, state: LoopState, runDir: string): Promise<void> {
  await removeHealWorktrees(git);
  const last = state.stages.at(-1);
  if (!last || (last.status !== 'running' && last.status !== 'interrupted') || state.next.kind === 'finish') return;
  const branch = await branchOfStage({ runId: state.run_id, runDir }, last.number, state.next);
  if (branch && !state.branches.includes(branch)) await git.deleteBranch(branch);
}

/** Whether the checked-out branch can take the run's work as a fast-forward, and why not. */
async function whyNotMerge(git: Git, state: LoopState): Promise<string | null> {
  const current = await git.currentBranch();
  if (current === null) return 'HEAD is detached';
  if (state.base_ref !== null && current !== state.base_ref) return `the checked-out branch is ${current}, not ${state.base_ref}`;
  if (await git.isDirty()) return 'the working tree has uncommitted changes';
  if (!(await git.isAncestor('HEAD', state.head_sha))) return `${current} has moved on since the run started`;
  return null;
}

/**
 * Leaves the run's work on agt/loop/<run-id> (the stage branches it contains are deleted), then
 * merges, keeps or discards it: merged only on request, only as a fast-forward, only into a clean tree.
 */
export async function finishBranch(git: Git, state: LoopState, mode: 'merge' | 'ask' | 'keep', ask?: (state: LoopState) => Promise<MergeChoice>): Promise<{ merge: MergeOutcome; note: string | null }> {
  const outcome = (merge: MergeOutcome, note: string | null = null) => ({ merge, note });
  if (state.head_sha === state.base_sha) return outcome('none');
  await git.setBranch(state.branch_name, state.head_sha);
  for (const branch of state.branches) if (await git.isAncestor(branch, state.branch_name)) await git.deleteBranch(branch);
  if (state.status !== 'DONE') return outcome('kept');
  const choice: MergeChoice = mode === 'merge' ? 'merge' : mode === 'ask' && ask ? await ask(state) : 'keep';
  if (choice === 'discard') {
    await git.deleteBranch(state.branch_name);
    return outcome('discarded', `discarded ${state.branch_name}`);
  }
  if (choice === 'keep') return outcome('kept');
  const reason = await whyNotMerge(git, state);
  if (reason !== null) return outcome('kept', `not merged: ${reason}; merge it yourself with git merge --ff-only ${state.branch_name}`);
  await git.fastForward(state.branch_name);
  return outcome('merged', `fast-forwarded ${state.base_ref ?? 'the checked-out branch'} to ${state.head_sha.slice(0, 12)}`);
}
