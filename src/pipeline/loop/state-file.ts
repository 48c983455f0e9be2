import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readArtefact, writeArtefact } from '../../artefacts/artefact-io.js';
import { LoopState } from '../../artefacts/loop-state.js';

/** `.heal/runs/<run-id>` of a repository. */
export function runDirOf(repoRoot: string, runId: string): string {
  return join(repoRoot, '.heal', 'runs', runId);
}

/** Writes state.json, validated and atomically (a crash leaves the old state or the new, never half of one). */
export async function saveState(runDir: string, state: LoopState): Promise<void> {
  await writeArtefact(join(runDir, 'state.json'), LoopState, state);
}

/** Reads and validates a run's state.json; null when the run folder has none. */
export async function loadState(runDir: string): Promise<LoopState | null> {
  const file = join(runDir, 'state.json');
  if (!(await stat(file).catch(() => null))) return null;
  return readArtefact(file, LoopState, 'heal loop state');
}
