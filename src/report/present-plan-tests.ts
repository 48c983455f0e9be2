import { relative } from 'node:path';
import type { CliIo } from '../cli.js';
import type { PlanTestsOutcome } from '../commands/plan-tests.js';
import { EXIT, type ExitCode } from '../errors.js';
import { renderPlanTestsSummary } from './plan-tests-summary.js';
import { createStyle, shouldUseColor } from './style.js';

/** Prints a written spec as JSON or a summary table; a written spec (even an empty one) exits 0. */
export function presentPlanTests(io: CliIo, json: boolean, outcome: PlanTestsOutcome): ExitCode {
  const style = createStyle(shouldUseColor(io.stdout, io.env, json));
  const specFile = relative(io.cwd, outcome.specFile) || outcome.specFile;
  io.stdout.write(json ? `${JSON.stringify(outcome.spec, null, 2)}\n` : renderPlanTestsSummary(outcome.spec, style, specFile, outcome.durationMs));
  return EXIT.ok;
}
