import { LoopReport } from '../../src/artefacts/loop-report.js';
import type { FixtureRepo } from './fixture-repo.js';
import type { HealRun } from './run-heal.js';

/** The loop_report.json `heal loop --json` printed; a clear error with stderr when it printed none. */
export function parseLoopReport(run: HealRun): LoopReport {
  try {
    return LoopReport.parse(JSON.parse(run.stdout));
  } catch (error) {
    throw new Error(`heal loop exited ${run.code} without a loop report on stdout: ${String(error)}\n${run.stderr}`);
  }
}

/** "build-1 FAILED", "fix FIXED", …: each stage run with its outcome. */
export function stagesOf(report: LoopReport): string[] {
  return report.stages.map((run) => `${run.stage} ${run.outcome ?? run.status}`);
}

/** Local branches under agt/. */
export function healBranches(fixture: FixtureRepo): string[] {
  return fixture
    .git('branch', '--list', 'agt/*', '--format=%(refname:short)')
    .split('\n')
    .filter((line) => line !== '');
}

/** Subjects of the commits on `ref` above `base`, newest first. */
export function subjectsAbove(fixture: FixtureRepo, base: string, ref: string): string[] {
  return fixture
    .git('log', '--format=%s', `${base}..${ref}`)
    .split('\n')
    .filter((line) => line !== '');
}
