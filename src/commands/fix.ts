import { join, relative } from 'node:path';
import { openGit, refuseBlockedBranch, type Git } from '../adapters/git.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import { writeStageReport } from '../artefacts/write-stage-report.js';
import type { BuildReport } from '../artefacts/build-report.js';
import { FIX_REPORT_VERSION, FixReport, type FixAttempt, type FixStatus } from '../artefacts/fix-report.js';
import type { BuildConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { ModelClient } from '../model/model-client.js';
import type { ModelSettings } from '../model/model-config.js';
import type { UsageMeter } from '../model/usage.js';
import type { PatchPolicy } from '../patch/patch-policy.js';
import { linkProjectDependencies } from '../pipeline/build/workspace.js';
import { listFailures } from '../pipeline/code/compare-checks.js';
import { openFixWorkspace } from '../pipeline/fix/fix-workspace.js';
import { createLadder } from '../pipeline/fix/ladder.js';
import { runRepairLoop, type RepairOutcome } from '../pipeline/fix/repair-loop.js';
import { analyseFailures } from '../pipeline/fix/analyse/analyse-failure.js';
import { renderFixMetrics } from '../report/metrics.js';
import { renderFixMarkdown } from '../report/fix-markdown.js';
import { createSelfCheck } from './self-check.js';
import { commitWithoutSecrets } from '../pipeline/commit-guard.js';
import { sandboxField, type SandboxNote } from '../artefacts/sandbox-note.js';

/** Normalized options of `heal fix` (src/options/fix-options.ts makes them from flags and config). */
export interface FixOptions {
  git: Git;
  /** The failing build to fix (`--report`); null builds HEAD first. */
  report: { report: BuildReport; file: string } | null;
  project: string;
  build: BuildConfig;
  python: string | null;
  /** Refuses model patches that touch protected or unsafe paths (config `patch:`). */
  policy: PatchPolicy;
  /** The model rung runs only with a model. */
  model: ModelSettings | null;
  maxIterations: number;
  /** Also apply the fix to the user's working tree (which must be clean). */
  apply: boolean;
  /** Wall-clock limit of the whole run, in seconds. */
  timeoutSec: number;
  out: string;
  metrics: string | null;
  /** Names the branch (agt/fix/<id>) and worktree; default a fresh id from the time and pid. */
  id?: string;
}

/** What a fix run reports as it goes (stderr progress). */
export interface FixEvents {
  onPhase?(phase: string): void;
  onAttempt?(attempt: FixAttempt): void;
}

export interface FixDeps {
  runner: ProcessRunner;
  client: ModelClient | null;
  meter: UsageMeter;
  events?: FixEvents;
  /** How the commands run (reported in fix_report.json). */
  sandbox?: SandboxNote;
}

export interface FixOutcome {
  report: FixReport;
  reportFile: string;
  markdownFile: string;
}

let fixesStarted = 0;

function newFixId(now: Date): string {
  return `${now.toISOString().replaceAll(/[-:.]/g, '').slice(0, 15)}-${process.pid}-${++fixesStarted}`;
}

function coverageOf(report: BuildReport): FixReport['coverage_before'] {
  return report.coverage ? { line_pct: report.coverage.line_pct, branch_pct: report.coverage.branch_pct } : null;
}

/**
 * Repairs a failing build in a worktree on agt/fix/<id>: analyse, climb the repair ladder, re-check,
 * up to `maxIterations` rounds; commits what fixed something and broke nothing.
 */
export async function fix(options: FixOptions, deps: FixDeps): Promise<FixOutcome> {
  const started = new Date();
  const { git } = options;
  if (options.apply && (await git.isDirty())) throw new UsageError('--apply needs a clean working tree: commit or stash your changes first, or drop --apply and merge the branch yourself');
  const baseSha = options.report?.report.commit_sha ?? (await git.resolveCommit('HEAD'));
  const id = options.id ?? newFixId(started);
  const branch = `agt/fix/${id}`;
  await refuseBlockedBranch(git, branch);
  const runDir = join(git.root, '.heal', 'runs', `fix-${id}`);
  const dir = join(git.root, '.heal', 'worktrees', `fix-${id}`);
  const notes: string[] = [];
  if (options.report?.report.is_dirty) notes.push(`the report was built from a working tree with uncommitted changes: heal fixed the commit it names (${baseSha.slice(0, 8)})`);
  await git.ensureExcluded('/.heal/');
  await git.addBranchWorktree(dir, branch, baseSha);
  let commitSha: string | null = null;
  let outcome: RepairOutcome | null = null;
  let baseline: BuildReport | null = null;
  let diff = '';
  try {
    await linkProjectDependencies(git.root, dir, options.project);
    const worktreeGit = await openGit(dir);
    const check = createSelfCheck({ worktree: worktreeGit, repoRoot: git.root, runDir, project: options.project, config: options.build, python: options.python, runner: deps.runner });
    deps.events?.onPhase?.(`building ${baseSha.slice(0, 8)} in a worktree`);
    baseline = (await check()).report;
    if (options.report && options.report.report.status !== 'PASSED' && baseline.status === 'PASSED') notes.push('the reported failures did not reproduce in a clean checkout of the commit');
    if (baseline.status === 'ERRORED') notes.push(`the build ERRORED (${baseline.reason ?? baseline.fail_reason}): heal fix repairs code, not a build that cannot run; fix the set-up and run heal build`);
    const workspace = await openFixWorkspace({ dir, git: worktreeGit, project: options.project, build: options.build, python: options.python, runner: deps.runner, check, scratchDir: join(runDir, 'focused') });
    const deadline = started.getTime() + options.timeoutSec * 1000;
    const rungs = createLadder({ workspace, baseSha, client: deps.client, model: options.model, policy: options.policy, runner: deps.runner, logDir: join(runDir, 'autofix') });
    outcome = await runRepairLoop(baseline, rungs, workspace, {
      maxIterations: options.maxIterations,
      deadline,
      analyse: (report) => analyseFailures(report, workspace.readFile, { repoRoot: dir }),
      events: { onIteration: (number, failures) => deps.events?.onPhase?.(`round ${number}: ${failures} failure(s)`), onAttempt: deps.events?.onAttempt },
    });
    notes.push(...outcome.notes);
    const touched = await workspace.changedPaths();
    if (touched.length > 0) {
      const fixes = outcome.iterations.flatMap((iteration) => iteration.fixes).filter((attempt) => attempt.result === 'applied');
      commitSha = await commitWithoutSecrets(worktreeGit, touched, writeFixCommitMessage(fixes, listFailures(baseline).length, listFailures(outcome.final).length), deps.client ? 'model' : 'builtin');
      diff = await worktreeGit.diff(baseSha, commitSha);
    }
  } finally {
    await git.removeWorktree(dir);
    if (commitSha === null) await git.deleteBranch(branch);
  }
  const before = baseline ? listFailures(baseline) : [];
  const after = outcome ? listFailures(outcome.final) : before;
  const status: FixStatus = after.length === 0 ? 'FIXED' : commitSha !== null ? 'PARTIAL' : 'UNFIXED';
  let applied = false;
  if (options.apply && commitSha !== null) {
    if (await git.isDirty()) notes.push('--apply skipped: the working tree changed during the run; merge the branch instead');
    else {
      await git.applyToWorkingTree(diff);
      applied = true;
    }
  }
  const report: FixReport = {
    version: FIX_REPORT_VERSION,
    kind: 'fix_report',
    status,
    stop_reason: after.length === 0 ? 'green' : (outcome?.stopReason ?? 'no-candidates'),
    engine: deps.client ? 'model' : 'builtin',
    model: deps.client ? (options.model?.model ?? null) : null,
    source_report: options.report ? relative(git.root, options.report.file) : null,
    base_commit_sha: baseSha,
    commit_sha: commitSha,
    branch_name: commitSha === null ? null : branch,
    applied_to_worktree: applied,
    notes,
    failures_before: before,
    failures_after: after,
    iterations: outcome?.iterations ?? [],
    coverage_before: baseline ? coverageOf(baseline) : null,
    coverage_after: outcome ? coverageOf(outcome.final) : null,
    diff,
    usage: deps.meter.snapshot(),
    duration_ms: Date.now() - started.getTime(),
    ...sandboxField(deps.sandbox),
  };
  const markdownFile = await writeStageReport({
    name: 'fix_report',
    out: options.out,
    runDir,
    schema: FixReport,
    report,
    markdown: renderFixMarkdown(report),
    metrics: options.metrics ? { file: options.metrics, text: renderFixMetrics(report) } : null,
  });
  return { report, reportFile: options.out, markdownFile };
}

/** The commit message: what was fixed, by which rungs. */
function writeFixCommitMessage(fixes: readonly FixAttempt[], before: number, after: number): string {
  const subject = after === 0 ? `heal fix: ${before} failure(s) fixed` : `heal fix: ${before - after} of ${before} failure(s) fixed`;
  const body = fixes.map((attempt) => `- ${attempt.strategy} (${attempt.rule}): ${attempt.description}`);
  return [subject, '', ...body].join('\n');
}
