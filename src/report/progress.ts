import type { Ora } from 'ora';
import type { ChalkInstance } from 'chalk';
import type { PlanEntry } from '../pipeline/build/plan-build.js';
import type { StepEvents, StepRun } from '../pipeline/build/run-steps.js';
import type { OutputStream } from './style.js';

function label(entry: PlanEntry): string {
  return `${entry.kind} (${entry.tool})`;
}

function outcome(run: StepRun): string {
  if (run.notRun) return run.notRun.status === 'SKIPPED' ? 'skipped' : 'could not run';
  if (run.result?.outcome === 'timed-out') return 'timed out';
  return run.result?.exitCode === 0 ? 'done' : `exit ${String(run.result?.exitCode)}`;
}

/**
 * Step progress on stderr: a spinner per step on a TTY, plain lines otherwise. The final
 * judgement (PASSED/FAILED) is the summary's job; progress only says what ran and for how long.
 */
export async function createStepProgress(
  stream: OutputStream & NodeJS.WritableStream,
  style: ChalkInstance,
  spinner: boolean,
): Promise<StepEvents> {
  // ora (and its unicode tables) only loads when a spinner will be shown.
  const ora = spinner ? (await import('ora')).default : null;
  let current: Ora | null = null;
  return {
    onStepStart(entry) {
      if (ora) current = ora({ text: label(entry), stream, isEnabled: true }).start();
    },
    onStepEnd(run) {
      const text = `${label(run.entry)} ${style.dim(`${outcome(run)} ${(run.durationMs / 1000).toFixed(1)} s`)}`;
      if (current) {
        if (run.notRun) current.info(text);
        else current.succeed(text);
        current = null;
      } else {
        stream.write(`heal: ${text}\n`);
      }
    },
  };
}
