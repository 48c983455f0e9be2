import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { SandboxNote } from '../../artefacts/sandbox-note.js';
import { readArtefact, writeArtefact } from '../../artefacts/artefact-io.js';
import { BuildReport } from '../../artefacts/build-report.js';
import type { LoopState, LoopStep } from '../../artefacts/loop-state.js';
import { ChangePlan, TestSpec } from '../../artefacts/testspec.js';
import { build } from '../../commands/build.js';
import { buildTests } from '../../commands/build-tests.js';
import { code } from '../../commands/code.js';
import { fix } from '../../commands/fix.js';
import { planTests } from '../../commands/plan-tests.js';
import type { BuildConfig } from '../../config/schema.js';
import { HealError } from '../../errors.js';
import type { ModelClient } from '../../model/model-client.js';
import type { ModelSettings } from '../../model/model-config.js';
import type { UsageMeter } from '../../model/usage.js';
import type { PatchPolicy } from '../../patch/patch-policy.js';
import type { StepEvents } from '../build/run-steps.js';
import { isFixableBuild, stageResult, type StageResult } from './stage-result.js';
import { stageNameOf } from './run-state.js';

/** How every stage is configured: the project and its build, the Python, the patch policy, plan-tests' thresholds, the model. */
export interface StageSettings {
  project: string;
  build: BuildConfig;
  python: string | null;
  policy: PatchPolicy;
  minCoverage: number;
  maxTargets: number;
  model: ModelSettings | null;
}

/** Everything a stage needs from the loop: the repository, its settings, the engines and the run folder. */
export interface StageContext extends StageSettings {
  git: Git;
  runId: string;
  /** `.heal/runs/<run-id>`: each stage's artefact lands here as NN-<stage>.json. */
  runDir: string;
  runner: ProcessRunner;
  /** How the runner sandboxes (each stage's artefact says so). */
  sandbox?: SandboxNote;
  client: ModelClient | null;
  meter: UsageMeter;
  /** Wall-clock deadline of the run, in epoch milliseconds. */
  deadlineMs: number;
  events?: { onPhase?(phase: string): void; steps?: StepEvents };
}

/** The artefact file name of stage run `number`. */
export function artefactName(number: number, step: LoopStep): string {
  const names: Record<string, string> = { code: 'commit_result', 'build-1': 'build_report', 'build-2': 'build_report', fix: 'fix_report', 'plan-tests': 'testspec', 'build-tests': 'generated_tests' };
  const stage = stageNameOf(step);
  return `${String(number).padStart(2, '0')}-${stage}-${names[stage] ?? stage}.json`;
}

/** The branch a stage run makes: the loop deletes it after a crash cut the stage off. */
export async function branchOfStage(context: Pick<StageContext, 'runId' | 'runDir'>, number: number, step: LoopStep): Promise<string | null> {
  if (step.kind === 'fix') return `agt/fix/${context.runId}-${number}`;
  if (step.kind === 'code') return `agt/code-${context.runId}-${number}`;
  if (step.kind === 'build-tests') {
    const spec = await readArtefact(join(context.runDir, step.spec), TestSpec, 'testspec').catch(() => null);
    return spec ? `agt/testbuilder/${spec.id}` : null;
  }
  return null;
}

function remainingSec(context: StageContext): number {
  return Math.max(1, Math.round((context.deadlineMs - Date.now()) / 1000));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

async function runBuild(step: Extract<LoopStep, { kind: 'build' }>, out: string, context: StageContext): Promise<StageResult> {
  const stage = step.phase === 1 ? 'build-1' : 'build-2';
  const config = { ...context.build, timeout_sec: Math.min(context.build.timeout_sec, remainingSec(context)) };
  const outcome = await build(
    { git: context.git, project: context.project, commit: step.commit_sha, config, python: context.python, out, metrics: null, explain: false },
    { runner: context.runner, sandbox: context.sandbox, events: context.events?.steps },
  );
  if (outcome.kind !== 'built') throw new Error('the loop never asks build to explain');
  const { report } = outcome;
  const coverage = report.coverage ? `, line coverage ${report.coverage.line_pct}%` : '';
  const tests = `${report.tests.passed}/${report.tests.total} tests passed`;
  const status = report.status === 'PASSED' ? 'succeeded' : isFixableBuild(report) ? 'failed' : 'errored';
  const summary = report.status === 'PASSED' ? `${tests}${coverage}` : `${report.reason ?? report.fail_reason} (${tests})`;
  return stageResult({ stage, status, outcome: report.status, summary, build: report, error: status === 'errored' ? (report.reason ?? report.fail_reason) : null });
}

async function runFix(step: Extract<LoopStep, { kind: 'fix' }>, number: number, out: string, context: StageContext): Promise<StageResult> {
  const file = join(context.runDir, step.report);
  const report = await readArtefact(file, BuildReport, 'build report');
  const { report: fixed } = await fix(
    { git: context.git, report: { report, file }, project: context.project, build: context.build, python: context.python, policy: context.policy, model: context.model, maxIterations: 5, apply: false, timeoutSec: remainingSec(context), out, metrics: null, id: `${context.runId}-${number}` },
    { runner: context.runner, sandbox: context.sandbox, client: context.client, meter: context.meter, events: { onPhase: context.events?.onPhase } },
  );
  const applied = fixed.iterations.flatMap((iteration) => iteration.fixes).filter((attempt) => attempt.result === 'applied');
  const isModelError = fixed.stop_reason === 'model-error' && fixed.commit_sha === null;
  return stageResult({
    stage: 'fix',
    status: fixed.commit_sha !== null ? 'succeeded' : isModelError ? 'errored' : 'failed',
    outcome: fixed.status,
    summary: `${fixed.failures_before.length - fixed.failures_after.length} of ${fixed.failures_before.length} failure(s) fixed${applied.length > 0 ? ` by ${applied.map((attempt) => attempt.rule).join(', ')}` : ''} (${fixed.stop_reason})`,
    commitSha: fixed.commit_sha,
    error: isModelError ? (fixed.notes.find((note) => note.includes('model')) ?? 'model error') : null,
    selfCheckFailures: fixed.status === 'FIXED' ? 0 : 1,
    openFailures: fixed.failures_after.map((failure) => `${failure.id}: ${firstLine(failure.message)}`),
    branches: fixed.branch_name ? [fixed.branch_name] : [],
    stop: fixed.status !== 'FIXED' && fixed.stop_reason === 'budget' ? 'budget' : null,
  });
}

async function runPlanTests(step: Extract<LoopStep, { kind: 'plan-tests' }>, out: string, state: LoopState, context: StageContext): Promise<StageResult> {
  // The change to cover: the goal's commits on top of the base, or (healing HEAD) HEAD's own change too.
  const base = state.goal === null ? await context.git.parentOf(state.base_sha) : state.base_sha;
  // The goal ranks and explains the targets, as a plan.json does for heal plan-tests.
  const planFile = state.goal === null ? null : join(context.runDir, 'plan.json');
  if (planFile !== null) await writeArtefact(planFile, ChangePlan, { goal: state.goal ?? '', steps: [], paths: [] });
  try {
    const { spec } = await planTests(
      { git: context.git, reportFile: join(context.runDir, step.report), planFile, base, isForced: false, minCoverage: context.minCoverage, maxTargets: context.maxTargets, out, metrics: null },
      { client: context.client, meter: context.meter },
    );
    return stageResult({ stage: 'plan-tests', status: 'succeeded', outcome: `${spec.targets.length} target(s)`, summary: `${spec.targets.length} target(s), ${spec.cases.length} case(s)`, targets: spec.targets.length });
  } catch (error) {
    if (error instanceof HealError && error.code === 'E_NO_COVERAGE') return stageResult({ stage: 'plan-tests', status: 'failed', outcome: 'no coverage', summary: error.message, stop: 'no-coverage', artefact: null });
    throw error;
  }
}

async function runBuildTests(step: Extract<LoopStep, { kind: 'build-tests' }>, out: string, context: StageContext): Promise<StageResult> {
  const spec = await readArtefact(join(context.runDir, step.spec), TestSpec, 'testspec');
  const { report } = await buildTests(
    { git: context.git, spec, build: context.build, python: context.python, engine: context.client ? 'model' : 'builtin', model: context.model, attempts: 2, timeoutSec: remainingSec(context), out, metrics: null },
    { runner: context.runner, sandbox: context.sandbox, client: context.client, meter: context.meter, events: { onPhase: context.events?.onPhase } },
  );
  const kept = report.counts.kept;
  const isModelError = report.model_error !== null && report.commit_sha === null;
  return stageResult({
    stage: 'build-tests',
    status: report.commit_sha !== null ? 'succeeded' : isModelError ? 'errored' : 'failed',
    outcome: `precheck ${report.precheck}`,
    summary: `${kept} of ${report.tests.length} test(s) kept${report.counts['quarantined-bug-revealing'] > 0 ? `, ${report.counts['quarantined-bug-revealing']} quarantined as bug-revealing` : ''}`,
    commitSha: report.commit_sha,
    error: isModelError ? report.model_error : null,
    selfCheckFailures: kept > 0 && report.precheck === 'FAILED' ? 1 : 0,
    branches: report.branch_name ? [report.branch_name] : [],
  });
}

async function runCode(step: Extract<LoopStep, { kind: 'code' }>, number: number, out: string, context: StageContext): Promise<StageResult> {
  const id = `code-${context.runId}-${number}`;
  const { result } = await code(
    { git: context.git, task: { id, goal: step.goal, path: null, kind: null }, patch: null, model: context.model, baseRef: step.base_sha, project: context.project, build: context.build, python: context.python, policy: context.policy, maxAttempts: 3, push: null, out, metrics: null },
    { runner: context.runner, sandbox: context.sandbox, client: context.client, meter: context.meter, events: { onPhase: context.events?.onPhase } },
  );
  const isModelError = result.commit_sha === null && (result.stop_reason === 'model-error' || result.stop_reason === 'cancelled');
  return stageResult({
    stage: 'code',
    status: result.commit_sha !== null ? 'succeeded' : isModelError ? 'errored' : 'failed',
    outcome: result.status,
    summary: `${result.status} after ${result.attempts.length} attempt(s) (${result.stop_reason})`,
    commitSha: result.commit_sha,
    error: isModelError ? (result.notes.at(-1) ?? result.stop_reason) : null,
    selfCheckFailures: result.attempts.filter((attempt) => attempt.result === 'check-failed').length,
    branches: result.branch_name ? [result.branch_name] : [],
    stop: result.commit_sha === null && result.stop_reason === 'budget' ? 'budget' : null,
  });
}

/** Runs one step of the loop through the stage's own in-process function; its artefact lands in the run folder. */
export async function runStage(step: LoopStep, number: number, state: LoopState, context: StageContext): Promise<StageResult> {
  const name = artefactName(number, step);
  const out = join(context.runDir, name);
  const result =
    step.kind === 'build' ? await runBuild(step, out, context)
    : step.kind === 'fix' ? await runFix(step, number, out, context)
    : step.kind === 'plan-tests' ? await runPlanTests(step, out, state, context)
    : step.kind === 'build-tests' ? await runBuildTests(step, out, context)
    : step.kind === 'code' ? await runCode(step, number, out, context)
    : null;
  if (!result) throw new Error('finish is not a stage');
  return result.stop === 'no-coverage' ? result : { ...result, artefact: name };
}
