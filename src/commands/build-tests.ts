import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openGit, refuseBlockedBranch, type Git } from '../adapters/git.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import { writeStageReport } from '../artefacts/write-stage-report.js';
import type { Coverage } from '../artefacts/build-report.js';
import { countByStatus, GENERATED_TESTS_VERSION, GeneratedTests, type GeneratedTestRecord, type Precheck } from '../artefacts/generated-tests.js';
import type { TestSpec } from '../artefacts/testspec.js';
import type { BuildConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { writeFileChanges } from '../patch/write-file-changes.js';
import type { ModelClient } from '../model/model-client.js';
import type { ModelSettings } from '../model/model-config.js';
import type { UsageMeter } from '../model/usage.js';
import { linkProjectDependencies } from '../pipeline/build/workspace.js';
import { writeBuiltinTests } from '../pipeline/build-tests/builtin-tests.js';
import { openLinesOf } from '../pipeline/build-tests/coverage-gain.js';
import { formatTestFiles } from '../pipeline/build-tests/format-tests.js';
import { runModelAttempts } from '../pipeline/build-tests/model/model-attempts.js';
import { runPrecheck } from '../pipeline/build-tests/precheck.js';
import { frameworkOf, readTestContext } from '../pipeline/build-tests/read-test-context.js';
import { compareTargets } from '../pipeline/build-tests/target-coverage.js';
import { validateCandidates, type CandidateWorkspace, type ProposedFile } from '../pipeline/build-tests/validate-candidates.js';
import { openFixWorkspace } from '../pipeline/fix/fix-workspace.js';
import { renderGeneratedTestsMarkdown } from '../report/generated-tests-markdown.js';
import { renderBuildTestsMetrics } from '../report/metrics.js';
import { createSelfCheck } from './self-check.js';
import { commitWithoutSecrets } from '../pipeline/commit-guard.js';
import { sandboxField, type SandboxNote } from '../artefacts/sandbox-note.js';

/** Normalized options of `heal build-tests` (src/options/build-tests-options.ts makes them). */
export interface BuildTestsOptions {
  git: Git;
  spec: TestSpec;
  build: BuildConfig;
  python: string | null;
  engine: 'builtin' | 'model';
  model: ModelSettings | null;
  /** Model attempts; each later attempt is shown why the earlier tests were dropped. */
  attempts: number;
  /** Wall-clock limit of the whole run, in seconds. */
  timeoutSec: number;
  out: string;
  metrics: string | null;
}

export interface BuildTestsEvents {
  onPhase?(phase: string): void;
}

export interface BuildTestsDeps {
  runner: ProcessRunner;
  client: ModelClient | null;
  meter: UsageMeter;
  events?: BuildTestsEvents;
  /** How the commands run (reported in generated_tests.json). */
  sandbox?: SandboxNote;
}

export interface BuildTestsOutcome {
  report: GeneratedTests;
  reportFile: string;
  markdownFile: string;
}

/**
 * Writes tests for a testspec's targets in a worktree on agt/testbuilder/<spec_id>, proves each one
 * (listed, 3 passing runs, new coverage), keeps the proven ones, runs the whole suite, and commits
 * only test files.
 */
export async function buildTests(options: BuildTestsOptions, deps: BuildTestsDeps): Promise<BuildTestsOutcome> {
  const started = Date.now();
  const { git, spec } = options;
  const framework = frameworkOf(spec.toolchain.test_runner);
  if (framework === null) throw new UsageError(`build-tests cannot write tests for the test runner '${spec.toolchain.test_runner ?? 'none'}': it writes vitest, jest, node:test and pytest tests`);
  const branch = `agt/testbuilder/${spec.id}`;
  if (await git.branchExists(branch)) throw new UsageError(`branch ${branch} already exists: delete it (git branch -D ${branch}) or plan again for a new spec id`);
  await refuseBlockedBranch(git, branch);
  const baseSha = await git.resolveCommit(spec.parent_commit_sha).catch(() => {
    throw new UsageError(`the testspec was planned on commit ${spec.parent_commit_sha.slice(0, 12)}, which this repository does not have: run heal plan-tests here`);
  });
  const runDir = join(git.root, '.heal', 'runs', `testbuilder-${spec.id}`);
  const dir = join(git.root, '.heal', 'worktrees', `testbuilder-${spec.id}`);
  const project = spec.toolchain.root;
  const notes: string[] = [];
  const records: GeneratedTestRecord[] = [];
  let commitSha: string | null = null;
  let precheck: Precheck = 'FAILED';
  let finalCoverage: Coverage | null = null;
  let committed: string[] = [];
  let patchLoc = 0;
  let attempts = 0;
  let modelError: string | null = null;
  await git.ensureExcluded('/.heal/');
  await rm(runDir, { recursive: true, force: true });
  await git.addBranchWorktree(dir, branch, baseSha);
  try {
    await linkProjectDependencies(git.root, dir, project);
    const worktreeGit = await openGit(dir);
    const check = createSelfCheck({ worktree: worktreeGit, repoRoot: git.root, runDir, project, config: options.build, python: options.python, runner: deps.runner });
    const workspace = await openFixWorkspace({ dir, git: worktreeGit, project, build: options.build, python: options.python, runner: deps.runner, check, scratchDir: join(runDir, 'runs') });
    const files = await worktreeGit.listFiles();
    const context = await readTestContext({ framework, facts: workspace.facts, project, files, readFile: workspace.readFile });
    const candidates: CandidateWorkspace = {
      repoRoot: dir,
      project,
      projectDir: workspace.projectDir,
      focused: workspace.focused,
      async write(path, text) {
        await writeFileChanges(dir, [{ path, kind: text === null ? 'delete' : 'modify', before: null, after: text }]);
      },
    };
    const open = openLinesOf(spec.targets);
    const targets = new Map(spec.targets.map((target) => [target.id, { path: target.path, lineRange: target.line_range }]));
    const validate = async (proposed: ProposedFile[]) => {
      const outcome = await validateCandidates({ files: proposed, style: context.style, fixtures: context.fixtures, targets, open, events: deps.events }, candidates);
      records.push(...outcome.records);
      return outcome;
    };
    const before = new Map<string, string | null>();
    if (!workspace.focused.isAvailable) notes.push(`the project's ${framework} test command cannot be run one file at a time, so new tests cannot be proven: none were written`);
    else if (options.engine === 'builtin') {
      attempts = 1;
      deps.events?.onPhase?.(`characterizing ${spec.targets.length} target(s)`);
      const outcome = await writeBuiltinTests({ repoRoot: dir, project, targets: spec.targets, style: context.style, projectFiles: context.projectFiles, importRoots: context.importRoots, python: workspace.facts.python?.interpreter ?? null, scratchDir: join(runDir, 'runs'), focused: workspace.focused, runner: deps.runner });
      for (const skipped of outcome.skipped) notes.push(`${skipped.targetId}: not characterized: ${skipped.reason}`);
      const proposed = await Promise.all(outcome.files.map(async (file) => ({ ...file, engine: 'builtin' as const, attempt: 1, before: await workspace.readFile(file.path) })));
      for (const file of proposed) before.set(file.path, file.before);
      if (proposed.length > 0) await validate(proposed);
    } else if (deps.client && options.model) {
      const outcome = await runModelAttempts({ client: deps.client, settings: options.model, spec, context, dir, readFile: workspace.readFile, attempts: options.attempts, records, open, validate, onAttempt: (number) => deps.events?.onPhase?.(`model attempt ${number} of ${options.attempts}`) });
      attempts = outcome.attempts;
      modelError = outcome.modelError;
      notes.push(...outcome.notes);
      for (const [path, text] of outcome.before) if (!before.has(path)) before.set(path, text);
    }
    const kept = new Map<string, string>();
    for (const record of records.filter((candidate) => candidate.status === 'kept')) {
      const text = await workspace.readFile(record.file);
      if (text !== null) kept.set(record.file, text);
    }
    if (kept.size === 0) notes.push('no generated test survived validation: nothing to commit');
    else {
      deps.events?.onPhase?.(`formatting ${kept.size} test file(s) and running the whole suite`);
      const formatters = await formatTestFiles({ paths: [...kept.keys()], repoDir: dir, projectDir: workspace.projectDir, facts: workspace.facts, build: options.build, listFiles: () => worktreeGit.listFiles(), runner: deps.runner, logDir: join(runDir, 'format') });
      if (formatters.length > 0) notes.push(`formatted the new tests with ${formatters.join(', ')}`);
      for (const path of kept.keys()) kept.set(path, (await workspace.readFile(path)) ?? '');
      const result = await runPrecheck({ check, files: kept, records, write: candidates.write, before });
      precheck = result.report.status === 'PASSED' ? 'PASSED' : 'FAILED';
      finalCoverage = result.report.coverage;
      if (precheck === 'FAILED') notes.push(`the whole suite is red with the new tests (${result.report.reason ?? result.report.fail_reason}): see ${result.file}`);
      const paths = [...kept.keys()].sort();
      if (precheck === 'PASSED' && paths.length > 0) {
        const count = records.filter((record) => record.status === 'kept').length;
        commitSha = await commitWithoutSecrets(worktreeGit, paths, `heal build-tests: ${count} test(s) for ${spec.targets.length} target(s)\n\n${paths.map((path) => `- ${path}`).join('\n')}`, options.engine);
        committed = paths;
        patchLoc = (await worktreeGit.diff(baseSha, commitSha)).split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).length;
      }
    }
  } finally {
    await git.removeWorktree(dir);
    if (commitSha === null) await git.deleteBranch(branch);
  }
  const report: GeneratedTests = {
    version: GENERATED_TESTS_VERSION,
    kind: 'generated_tests',
    spec_id: spec.id,
    engine: options.engine,
    model: options.engine === 'model' ? (options.model?.model ?? null) : null,
    parent_commit_sha: baseSha,
    commit_sha: commitSha,
    branch_name: commitSha === null ? null : branch,
    precheck: commitSha === null ? 'FAILED' : precheck,
    notes,
    tests: records,
    targets: compareTargets(spec.targets, finalCoverage),
    counts: countByStatus(records),
    files: committed,
    patch_loc: patchLoc,
    attempts,
    model_error: modelError,
    usage: options.engine === 'model' ? deps.meter.snapshot() : null,
    duration_ms: Date.now() - started,
    ...sandboxField(deps.sandbox),
  };
  const markdownFile = await writeStageReport({
    name: 'generated_tests',
    out: options.out,
    runDir,
    schema: GeneratedTests,
    report,
    markdown: renderGeneratedTestsMarkdown(report),
    metrics: options.metrics ? { file: options.metrics, text: renderBuildTestsMetrics(report) } : null,
  });
  return { report, reportFile: options.out, markdownFile };
}
