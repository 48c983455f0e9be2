import type { LoopState } from '../artefacts/loop-state.js';
import type { MergeChoice } from '../pipeline/loop/finish-branch.js';

/**
 * On a TTY, when a run is DONE: merge the branch, keep it, or discard it (@inquirer/prompts).
 * Ctrl-C, SIGTERM (`signal`) or a closed stdin end the prompt with the safe answer: keep.
 */
export async function askMerge(state: LoopState, signal: AbortSignal): Promise<MergeChoice> {
  const { select } = await import('@inquirer/prompts');
  const into = state.base_ref ?? 'the checked-out branch';
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop);
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  try {
    return await select<MergeChoice>(
      {
        message: `heal loop is DONE on ${state.branch_name}. What now?`,
        choices: [
          { name: `Merge into ${into} (fast-forward)`, value: 'merge', description: 'only when your working tree is clean' },
          { name: 'Keep the branch', value: 'keep', description: `merge later with git merge --ff-only ${state.branch_name}` },
          { name: 'Discard the branch', value: 'discard', description: 'delete it; the run folder stays' },
        ],
        default: 'keep',
      },
      { signal: controller.signal },
    );
  } catch {
    return 'keep';
  } finally {
    signal.removeEventListener('abort', stop);
    process.stdin.off('end', stop);
    process.stdin.off('close', stop);
  }
}
