import { randomBytes } from 'node:crypto';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Git } from '../adapters/git.js';
import { readArtefact, writeArtefact } from '../artefacts/artefact-io.js';
import { BuildReport, type FileCoverage } from '../artefacts/build-report.js';
import { ChangePlan, TestSpec } from '../artefacts/testspec.js';
import { HealError } from '../errors.js';
import { findTargets } from '../pipeline/plan-tests/find-targets.js';
import { planSpec } from '../pipeline/plan-tests/plan-spec.js';
import { readChange, type ChangeContext } from '../pipeline/plan-tests/read-change.js';
import { isLibrarySource, listPythonFunctions, unmeasuredCoverage } from '../pipeline/plan-tests/unmeasured-files.js';
import { renderPlanTestsMetrics } from '../report/metrics.js';
import { percent } from '../toolchains/coverage-math.js';
import { readSourceFunctions } from '../toolchains/node/source-functions.js';
import type { ModelClient } from '../model/model-client.js';
import type { UsageMeter } from '../model/usage.js';
import { refineWithModel } from '../pipeline/plan-tests/refine-with-model.js';

export interface PlanTestsOptions {
  git: Git;
  /** Absolute path of the build report to plan from. */
  reportFile: string;
  /** Absolute path of a plan.json (the change's goal and steps), or null. */
  planFile: string | null;
  /** Diff against this ref instead of the built commit's parent. */
  base: string | null;
  /** Plan even when the build did not pass. */
  isForced: boolean;
  minCoverage: number;
  maxTargets: number;
  /** Absolute path to write testspec.json to. */
  out: string;
  metrics: string | null;
}

export interface PlanTestsDeps {
  /** Set when the model engine refines the builtin plan. */
  client: ModelClient | null;
  meter: UsageMeter;
}

export interface PlanTestsOutcome {
  spec: TestSpec;
  specFile: string;
  durationMs: number;
}

function belowThreshold(file: FileCoverage, minCoverage: number): boolean {
  return file.functions.some((fn) => fn.lines.total > 0 && percent(fn.lines) < minCoverage);
}

async function readSources(paths: Iterable<string>, change: ChangeContext): Promise<Map<string, string>> {
  const entries = await Promise.all([...new Set(paths)].map(async (path) => [path, await change.readSource(path)] as const));
  return new Map(entries.filter((entry): entry is readonly [string, string] => entry[1] !== null));
}

/** Changed library files the coverage tool never loaded: every function in them is untested. */
async function readUnmeasured(report: BuildReport, change: ChangeContext, sources: Map<string, string>): Promise<FileCoverage[]> {
  const toolchain = report.toolchains[0];
  if (!toolchain || !report.coverage) return [];
  const measured = new Set(report.coverage.files.map((file) => file.file));
  const prefix = toolchain.root === '.' ? '' : `${toolchain.root}/`;
  const paths = change.changes
    .map((changed) => changed.path)
    .filter((path) => path.startsWith(prefix) && !measured.has(path) && isLibrarySource(path.slice(prefix.length), toolchain.id));
  const files: FileCoverage[] = [];
  for (const [path, text] of await readSources(paths, change)) {
    sources.set(path, text);
    const functions =
      toolchain.id === 'python'
        ? listPythonFunctions(text)
        : (await readSourceFunctions(path, text)).flatMap((fn) => (fn.name ? [{ name: fn.name, start: fn.startLine, end: fn.endLine }] : []));
    files.push(unmeasuredCoverage(path, text, functions));
  }
  return files;
}

/** Reads a build report and the change behind it, plans the missing tests, and writes testspec.json. */
export async function planTests(options: PlanTestsOptions, deps: PlanTestsDeps): Promise<PlanTestsOutcome> {
  const started = Date.now();
  const report = await readArtefact(options.reportFile, BuildReport, 'build report');
  if (report.status !== 'PASSED' && !options.isForced) {
    throw new HealError(
      'E_BUILD_NOT_GREEN',
      `the build in ${options.reportFile} ${report.status}${report.reason ? ` (${report.reason})` : ''}: plan tests on a green build (run heal fix first), or pass --force`,
    );
  }
  const toolchain = report.toolchains[0];
  if (!report.coverage || !toolchain) {
    throw new HealError(
      'E_NO_COVERAGE',
      `the build in ${options.reportFile} measured no coverage, so there are no gaps to plan from (check the test runner's coverage tool is installed, then run heal build)`,
    );
  }
  const plan = options.planFile === null ? null : await readArtefact(options.planFile, ChangePlan, 'plan');
  const change = await readChange(options.git, report, options.base);
  const files = report.coverage.files.filter((file) => belowThreshold(file, options.minCoverage));
  const sources = await readSources(files.map((file) => file.file), change);
  const unmeasured = await readUnmeasured(report, change, sources);
  const changedWithSource = change.changes.filter((changed) => sources.has(changed.path) && changed.oldPath !== null);
  const oldSources = new Map(
    await Promise.all(changedWithSource.map(async (changed) => [changed.path, await change.readBase(changed.oldPath ?? changed.path)] as const)),
  );
  const notes: string[] = [];
  if (report.status !== 'PASSED') notes.push(`planned on a ${report.status} build (--force): coverage may be incomplete`);
  const missing = files.filter((file) => !sources.has(file.file)).map((file) => file.file);
  if (missing.length > 0) notes.push(`could not read ${missing.length} covered file(s), skipped: ${missing.slice(0, 3).join(', ')}`);
  const candidates = findTargets({ files, unmeasured, sources, oldSources, changes: change.changes, minCoverage: options.minCoverage, plan });
  const builtin = planSpec({
    id: `tp-${report.commit_sha.slice(0, 8)}-${randomBytes(3).toString('hex')}`,
    parentSha: report.commit_sha,
    baseSha: change.baseSha,
    toolchain: { id: toolchain.id, root: toolchain.root, test_runner: toolchain.test_runner },
    candidates,
    minCoverage: options.minCoverage,
    maxTargets: options.maxTargets,
    plan,
    linePct: report.coverage.line_pct,
    changedFiles: change.changes.length,
    notes,
  });
  const spec =
    deps.client === null
      ? builtin
      : {
          ...(builtin.targets.length === 0 ? builtin : await refineWithModel({ spec: builtin, sources, failedTests: report.failed_tests, goal: plan?.goal ?? null, changedFiles: change.changes.map((changed) => changed.path) }, deps.client)),
          usage: deps.meter.snapshot(),
        };
  await writeArtefact(options.out, TestSpec, spec);
  const durationMs = Date.now() - started;
  if (options.metrics !== null) {
    await mkdir(dirname(options.metrics), { recursive: true });
    await writeFile(options.metrics, renderPlanTestsMetrics(spec, durationMs));
  }
  return { spec, specFile: options.out, durationMs };
}
