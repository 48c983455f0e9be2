import { join } from 'node:path';
import type { Git } from '../adapters/git.js';
import { readArtefact } from '../artefacts/artefact-io.js';
import { BuildReport } from '../artefacts/build-report.js';
import { LoopReport } from '../artefacts/loop-report.js';
import { ArtefactError } from '../errors.js';
import { loadState } from '../pipeline/loop/state-file.js';
import { writeLoopReports } from '../pipeline/loop/write-loop-reports.js';
import type { LoopOutcome } from './loop.js';

/** A build report file to check, or a heal loop run whose reports are rendered again. */
export type ReportOptions = { kind: 'build'; file: string } | { kind: 'loop'; git: Git; runDir: string };

/** Reads and schema-checks an existing build report (e.g. one a CI job downloaded). */
export async function report(options: { file: string }): Promise<BuildReport> {
  return readArtefact(options.file, BuildReport, 'build report');
}

/** Renders a loop run's loop_report.json, report.md and report.html again from its state and stage artefacts. */
export async function rerenderLoop(options: { git: Git; runDir: string }): Promise<LoopOutcome> {
  const state = await loadState(options.runDir);
  if (!state) throw new ArtefactError(`${options.runDir} has no state.json: not a heal loop run`);
  const previous = await readArtefact(join(options.runDir, 'loop_report.json'), LoopReport, 'loop report').catch(() => null);
  const merge = previous?.merge ?? (state.head_sha === state.base_sha ? 'none' : 'kept');
  const { report: rendered, files } = await writeLoopReports({ git: options.git, state, runDir: options.runDir, merge, metrics: null, stepSummary: null });
  return { state, report: rendered, files };
}
