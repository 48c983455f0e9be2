import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoopState } from '../../artefacts/loop-state.js';
import { ArtefactError } from '../../errors.js';

/** `.heal/runs/<run-id>` of a repository. */
export function runDirOf(repoRoot: string, runId: string): string {
  return join(repoRoot, '.heal', 'runs', runId);
}

/** Writes state.json atomically (a temporary file renamed over it): a crash leaves the old state or the new, never half of one. */
export async function saveState(runDir: string, state: LoopState): Promise<void> {
  await mkdir(runDir, { recursive: true });
  const file = join(runDir, 'state.json');
  const draft = `${file}.${process.pid}.tmp`;
  await writeFile(draft, `${JSON.stringify(LoopState.parse(state), null, 2)}\n`);
  await rename(draft, file);
}

/** Reads and validates a run's state.json; null when the run folder has none. */
export async function loadState(runDir: string): Promise<LoopState | null> {
  const text = await readFile(join(runDir, 'state.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return LoopState.parse(JSON.parse(text));
  } catch (error) {
    throw new ArtefactError(`${join(runDir, 'state.json')} is not a heal loop state (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): remove the run with heal clean`);
  }
}
