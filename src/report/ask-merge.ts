import type { LoopState } from '../artefacts/loop-state.js';
import type { MergeChoice } from '../pipeline/loop/finish-branch.js';

/** On a TTY, when a run is DONE: merge the branch, keep it, or discard it (@inquirer/prompts). */
export async function askMerge(state: LoopState): Promise<MergeChoice> {
  const { select } = await import('@inquirer/prompts');
  const into = state.base_ref ?? 'the checked-out branch';
  return select<MergeChoice>({
    message: `heal loop is DONE on ${state.branch_name}. What now?`,
    choices: [
      { name: `Merge into ${into} (fast-forward)`, value: 'merge', description: 'only when your working tree is clean' },
      { name: 'Keep the branch', value: 'keep', description: `merge later with git merge --ff-only ${state.branch_name}` },
      { name: 'Discard the branch', value: 'discard', description: 'delete it; the run folder stays' },
    ],
    default: 'keep',
  });
}
