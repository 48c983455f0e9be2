import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openGit, refuseBlockedBranch, type Git } from '../adapters/git.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import { writeArtefact } from '../artefacts/artefact-io.js';
import type { BuildReport } from '../artefacts/build-report.js';
import { COMMIT_RESULT_VERSION, CommitResult, type Attempt } from '../artefacts/commit-result.js';
import type { BuildConfig } from '../config/schema.js';
import { gatherContext } from '../context/gather-context.js';
import { renderContext } from '../context/render-context.js';
import type { ModelClient } from '../model/model-client.js';
import type { ModelSettings } from '../model/model-config.js';
import { completeStructured, type StructuredError, type StructuredOutcome } from '../model/structured-reply.js';
import type { UsageMeter } from '../model/usage.js';
import type { PatchPolicy } from '../patch/patch-policy.js';
import { linkProjectDependencies } from '../pipeline/build/workspace.js';
import { CodeReply, writeCodePrompt, type CodeTask } from '../pipeline/code/code-prompt.js';
import { writeCommitMessage } from '../pipeline/code/commit-message.js';
import { writeFailureDigest } from '../pipeline/code/failure-digest.js';
import { tryPatch } from '../pipeline/code/try-patch.js';
import { failureSignature, listFailures } from '../pipeline/code/compare-checks.js';
import { renderCodeMetrics } from '../report/metrics.js';
import { UsageError } from '../errors.js';
import { createSelfCheck } from './self-check.js';
import { commitWithoutSecrets } from '../pipeline/commit-guard.js';
import { sandboxField, type SandboxNote } from '../artefacts/sandbox-note.js';

export interface CodeOptions {
  git: Git;
  task: CodeTask;
  /** A ready patch (`--patch FILE`): no model, one attempt. */
  patch: { text: string; format: 'diff' | 'search-replace' } | null;
  /** The model, when no ready patch is given. */
  model: ModelSettings | null;
  baseRef: string;
  project: string;
  build: BuildConfig;
  python: string | null;
  policy: PatchPolicy;
  maxAttempts: number;
  push: string | null;
  out: string;
  metrics: string | null;
}

/** What a code run reports as it goes (stderr progress). */
export interface CodeEvents {
  onPhase?(phase: string): void;
  onAttempt?(attempt: Attempt): void;
}

export interface CodeDeps {
  runner: ProcessRunner;
  /** The model client (record/replay/real) when options.model is set. */
  client: ModelClient | null;
  meter: UsageMeter;
  events?: CodeEvents;
  /** How the commands run (reported in commit_result.json). */
  sandbox?: SandboxNote;
}

export interface CodeOutcome {
  result: CommitResult;
  resultFile: string;
}

/** Turns a task into a validated, self-checked commit on agt/<task_id>; the user's tree is never touched. */
export async function code(options: CodeOptions, deps: CodeDeps): Promise<CodeOutcome> {
  const started = Date.now();
  const { git, task } = options;
  const baseSha = await git.resolveCommit(options.baseRef);
  const branch = `agt/${task.id}`;
  if (await git.branchExists(branch)) {
    throw new UsageError(`branch ${branch} already exists: delete it (git branch -D ${branch}) or use another task id`);
  }
  await refuseBlockedBranch(git, branch);
  const runDir = join(git.root, '.heal', 'runs', `code-${task.id}`);
  const dir = join(git.root, '.heal', 'worktrees', `code-${task.id}`);
  await git.ensureExcluded('/.heal/');
  await git.addBranchWorktree(dir, branch, baseSha);
  const attempts: Attempt[] = [];
  const notes: string[] = [];
  let commitSha: string | null = null;
  let stopReason: CommitResult['stop_reason'] = 'max-attempts';
  let baselineSummary: CommitResult['baseline'] = null;
  try {
    await linkProjectDependencies(git.root, dir, options.project);
    const worktreeGit = await openGit(dir);
    const check = createSelfCheck({ worktree: worktreeGit, repoRoot: git.root, runDir, project: options.project, config: options.build, python: options.python, runner: deps.runner });
    let baselineReport: BuildReport | null = null;
    const baseline = async (): Promise<BuildReport> => {
      if (baselineReport) return baselineReport;
      deps.events?.onPhase?.('self-check of the base commit (the baseline)');
      const report = (await check()).report;
      baselineReport = report;
      baselineSummary = { status: report.status, failures: listFailures(report).length };
      if (report.status !== 'PASSED') notes.push(`the base commit's self-check ${report.status}: its ${baselineSummary.failures} failure(s) do not count against the patch`);
      return report;
    };
    const context = options.patch === null ? renderContext(await gatherContext({ root: dir, goal: task.goal, paths: task.path ? [task.path] : [], python: options.python ?? undefined })) : '';
    const format = options.patch?.format ?? options.model?.editFormat ?? 'diff';
    let previous: { patch: string | null; digest: string } | null = null;
    const seenPatches = new Set<string>();
    const seenFailures = new Set<string>();
    const maxAttempts = options.patch ? 1 : options.maxAttempts;
    for (let number = 1; number <= maxAttempts; number++) {
      const attemptStarted = Date.now();
      deps.events?.onPhase?.(`attempt ${number} of ${maxAttempts}`);
      let text: string | null = options.patch?.text ?? null;
      let reasoning: string | null = null;
      if (text === null) {
        if (!deps.client) throw new Error('code needs a model client or a patch');
        const reply: StructuredOutcome<CodeReply> = await completeStructured(deps.client, { purpose: 'code', json: true, messages: writeCodePrompt({ task, format, context, previous }) }, CodeReply);
        if (!reply.ok) {
          const error: StructuredError = reply.error;
          const isModel = error.kind !== 'invalid-reply';
          const attempt: Attempt = { number, result: isModel ? 'model-error' : 'malformed', is_well_formed: false, reasoning: null, patch: null, stats: null, rejections: [], hunk_failures: [error.message], new_failures: [], check_report: null, duration_ms: Date.now() - attemptStarted };
          attempts.push(attempt);
          deps.events?.onAttempt?.(attempt);
          if (isModel) {
            stopReason = error.kind === 'budget' ? 'budget' : error.kind === 'cancelled' ? 'cancelled' : 'model-error';
            notes.push(`model error: ${error.message}`);
            break;
          }
          previous = { patch: null, digest: writeFailureDigest({ kind: 'malformed', problems: [error.message] }) };
          continue;
        }
        text = reply.value.diff;
        reasoning = reply.value.reasoning || null;
      }
      const trial = await tryPatch({ dir, baseSha, text, format, policy: options.policy, baseline, check });
      const attempt: Attempt = { number, reasoning, ...trial.attempt, duration_ms: Date.now() - attemptStarted };
      const isRepeat = trial.attempt.patch !== null && seenPatches.has(trial.attempt.patch);
      const failureKey = trial.failures.length > 0 ? failureSignature(trial.failures) : null;
      const isSameFailure = failureKey !== null && seenFailures.has(failureKey);
      attempts.push(isRepeat ? { ...attempt, result: 'no-progress' } : attempt);
      deps.events?.onAttempt?.(attempts[attempts.length - 1] as Attempt);
      if (trial.files) {
        commitSha = await commitWithoutSecrets(worktreeGit, trial.files.map((file) => file.path), writeCommitMessage({ task, model: options.model?.model ?? null, attempts: number, tokens: deps.meter.snapshot().total_tokens }), options.patch ? 'patch-file' : 'model');
        stopReason = 'committed';
        break;
      }
      if (isRepeat || isSameFailure) {
        stopReason = 'no-progress';
        notes.push(isRepeat ? `attempt ${number} repeated an earlier patch` : `attempt ${number} failed the same way as an earlier one`);
        break;
      }
      if (trial.attempt.patch) seenPatches.add(trial.attempt.patch);
      if (failureKey) seenFailures.add(failureKey);
      if (trial.problem) previous = { patch: trial.attempt.patch, digest: writeFailureDigest(trial.problem) };
      if (options.patch) stopReason = trial.attempt.result === 'check-failed' ? 'max-attempts' : 'invalid-patch';
    }
  } finally {
    await git.removeWorktree(dir);
    if (commitSha === null) await git.deleteBranch(branch);
  }
  let pushedTo: string | null = null;
  if (commitSha !== null && options.push !== null) {
    await git.pushBranch(options.push, branch);
    pushedTo = options.push;
  }
  const checked = attempts.some((attempt) => attempt.result === 'check-failed');
  const status: CommitResult['status'] = commitSha !== null ? 'SUCCESS' : checked ? 'SOFT_FAIL' : 'HARD_FAIL';
  const wellFormed = attempts.filter((attempt) => attempt.is_well_formed).length;
  const result: CommitResult = {
    version: COMMIT_RESULT_VERSION,
    kind: 'commit_result',
    task_id: task.id,
    goal: task.goal,
    status,
    stop_reason: stopReason,
    base_commit_sha: baseSha,
    commit_sha: commitSha,
    branch_name: commitSha === null ? null : branch,
    pushed_to: pushedTo,
    engine: options.patch ? 'patch-file' : 'model',
    model: options.patch ? null : (options.model?.model ?? null),
    notes,
    baseline: baselineSummary,
    attempts,
    well_formed_rate: attempts.length === 0 ? 0 : Math.round((wellFormed / attempts.length) * 1000) / 1000,
    usage: deps.meter.snapshot(),
    duration_ms: Date.now() - started,
    ...sandboxField(deps.sandbox),
  };
  await writeArtefact(options.out, CommitResult, result);
  await writeArtefact(join(runDir, 'commit_result.json'), CommitResult, result);
  if (options.metrics) {
    await mkdir(dirname(options.metrics), { recursive: true });
    await writeFile(options.metrics, renderCodeMetrics(result));
  }
  return { result, resultFile: options.out };
}
