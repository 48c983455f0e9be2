import { appendFile, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { readArtefact, writeArtefact } from '../../artefacts/artefact-io.js';
import { BuildReport } from '../../artefacts/build-report.js';
import { CommitResult } from '../../artefacts/commit-result.js';
import { FixReport } from '../../artefacts/fix-report.js';
import { GeneratedTests } from '../../artefacts/generated-tests.js';
import { LoopReport, type MergeOutcome } from '../../artefacts/loop-report.js';
import type { LoopState } from '../../artefacts/loop-state.js';
import { TestSpec } from '../../artefacts/testspec.js';
import { renderLoopHtml } from '../../report/loop-html.js';
import { renderLoopMarkdown } from '../../report/loop-markdown.js';
import { renderLoopMetrics, type StageMetrics } from '../../report/loop-metrics.js';
import { renderBuildMetrics, renderBuildTestsMetrics, renderCodeMetrics, renderFixMetrics, renderPlanTestsMetrics } from '../../report/metrics.js';
import { assembleLoopReport, type RunArtefacts } from './assemble-loop-report.js';

export interface LoopReportFiles {
  json: string;
  markdown: string;
  html: string;
  metrics: string | null;
}

/** Reads back every stage artefact the state names; one that is missing or invalid is left out. */
async function readRunArtefacts(state: LoopState, runDir: string): Promise<{ artefacts: RunArtefacts; metrics: StageMetrics[] }> {
  const artefacts: RunArtefacts = { builds: new Map(), fixes: new Map(), tests: new Map(), codes: new Map() };
  const metrics: StageMetrics[] = [];
  for (const run of state.stages) {
    if (run.artefact === null) continue;
    const file = join(runDir, run.artefact);
    const label = run.artefact.replace(/-[a-z_]+\.json$/, '');
    const read = <T>(schema: Parameters<typeof readArtefact<T>>[1]) => readArtefact(file, schema, run.stage).catch(() => null);
    if (run.stage === 'build-1' || run.stage === 'build-2') {
      const report = await read(BuildReport);
      if (report) artefacts.builds.set(run.artefact, report);
      if (report) metrics.push({ stage: label, text: renderBuildMetrics(report) });
    } else if (run.stage === 'fix') {
      const report = await read(FixReport);
      if (report) artefacts.fixes.set(run.artefact, report);
      if (report) metrics.push({ stage: label, text: renderFixMetrics(report) });
    } else if (run.stage === 'build-tests') {
      const report = await read(GeneratedTests);
      if (report) artefacts.tests.set(run.artefact, report);
      if (report) metrics.push({ stage: label, text: renderBuildTestsMetrics(report) });
    } else if (run.stage === 'code') {
      const result = await read(CommitResult);
      if (result) artefacts.codes.set(run.artefact, result);
      if (result) metrics.push({ stage: label, text: renderCodeMetrics(result) });
    } else if (run.stage === 'plan-tests') {
      const spec = await read(TestSpec);
      if (spec) metrics.push({ stage: label, text: renderPlanTestsMetrics(spec, run.duration_ms ?? 0) });
    }
  }
  return { artefacts, metrics };
}

export interface WriteLoopReportsOptions {
  git: Git;
  state: LoopState;
  runDir: string;
  merge: MergeOutcome;
  metrics: string | null;
  /** $GITHUB_STEP_SUMMARY: report.md is appended to it. */
  stepSummary: string | null;
}

/**
 * Writes a run's reports into its folder: loop_report.json (schema-checked, also copied to
 * .heal/loop_report.json), report.md and the self-contained report.html; appends report.md to the
 * GitHub step summary and writes the run's metrics when asked. `heal report <run-id>` calls it again.
 */
export async function writeLoopReports(options: WriteLoopReportsOptions): Promise<{ report: LoopReport; files: LoopReportFiles }> {
  const { state, runDir } = options;
  const { artefacts, metrics } = await readRunArtefacts(state, runDir);
  const report = assembleLoopReport(state, artefacts, options.merge);
  const files: LoopReportFiles = { json: join(runDir, 'loop_report.json'), markdown: join(runDir, 'report.md'), html: join(runDir, 'report.html'), metrics: options.metrics };
  const markdown = renderLoopMarkdown(report);
  await writeArtefact(files.json, LoopReport, report);
  await copyFile(files.json, join(options.git.root, '.heal', 'loop_report.json'));
  await writeFile(files.markdown, markdown);
  await writeFile(files.html, renderLoopHtml(report));
  if (options.stepSummary) await appendFile(options.stepSummary, `${markdown}\n`);
  if (options.metrics) {
    await mkdir(dirname(options.metrics), { recursive: true });
    await writeFile(options.metrics, renderLoopMetrics(report, metrics));
  }
  return { report, files };
}
