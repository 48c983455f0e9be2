import { relative } from 'node:path';
import type { CliIo } from '../cli.js';
import type { BuildOutcome } from '../commands/build.js';
import { EXIT, exitCodeForStatus, type ExitCode } from '../errors.js';
import type { StepEvents } from '../pipeline/build/run-steps.js';
import { renderExplanation } from './build-explain.js';
import { renderBuildSummary } from './build-summary.js';
import { createStepProgress } from './progress.js';
import { createStyle, shouldSpin, shouldUseColor } from './style.js';

export interface BuildPresenter {
  /** Progress callbacks for the running build (stderr; silent with --json). */
  events: StepEvents;
  /** Prints the outcome and returns the exit code it maps to. */
  present(outcome: BuildOutcome): ExitCode;
}

/** Decides where and how `heal build` talks: JSON on stdout only, or a readable summary. */
export async function createBuildPresenter(io: CliIo, json: boolean): Promise<BuildPresenter> {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const progressStyle = createStyle(shouldUseColor(io.stderr, io.env, json));
  const spinner = shouldSpin(io.stderr, io.env);
  return {
    events: json ? {} : await createStepProgress(io.stderr, progressStyle, spinner),
    present(outcome) {
      if (outcome.kind === 'explained') {
        const text = json ? `${JSON.stringify(outcome.explanation, null, 2)}\n` : renderExplanation(outcome.explanation, style);
        io.stdout.write(text);
        return outcome.explanation.problem ? EXIT.errored : EXIT.ok;
      }
      const { report } = outcome;
      io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderBuildSummary(report, style, relative(io.cwd, outcome.reportFile) || outcome.reportFile));
      return exitCodeForStatus(report.status);
    },
  };
}
