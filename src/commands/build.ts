import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Git } from '../adapters/git.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import { writeTarGz } from '../adapters/tar-gz.js';
import { writeArtefact } from '../artefacts/artefact-io.js';
import { BuildReport } from '../artefacts/build-report.js';
import type { BuildConfig } from '../config/schema.js';
import { assembleReport } from '../pipeline/build/assemble-report.js';
import { planBuild } from '../pipeline/build/plan-build.js';
import { createPythonProbe } from '../pipeline/build/probe-python.js';
import { readProjectFacts } from '../pipeline/build/read-facts.js';
import { runSteps, type StepEvents } from '../pipeline/build/run-steps.js';
import { prepareWorkspace } from '../pipeline/build/workspace.js';
import { explainPlan, type BuildExplanation } from '../report/build-explain.js';
import { renderBuildMetrics } from '../report/metrics.js';
import { TOOLCHAINS, TOOLS_BY_ID } from '../toolchains/registry.js';
import { sandboxField, type SandboxNote } from '../artefacts/sandbox-note.js';
import { redactFolder } from '../pipeline/build/redact-files.js';

/** Normalized options of `heal build` (src/options/build-options.ts makes them from flags and config). */
export interface BuildOptions {
  git: Git;
  /** The project to build, relative to the repository root ("." for the root). */
  project: string;
  /** Build this ref in a temporary worktree; null builds the working tree as it is. */
  commit: string | null;
  config: BuildConfig;
  /** Python interpreter named in the config, if any. */
  python: string | null;
  /** Absolute path the report is written to. */
  out: string;
  /** Absolute path of a Prometheus metrics file to write, if any. */
  metrics: string | null;
  /** Plan only: return what would run. */
  explain: boolean;
  /**
   * Where the build folder (logs) and the artefact are kept, and the root report paths are relative
   * to; default the repository's `.heal` and root. A self-check keeps them in the user's checkout,
   * since the worktree it builds is removed.
   */
  keep?: { dir: string; root: string };
}

export interface BuildDeps {
  runner: ProcessRunner;
  events?: StepEvents;
  /** How the commands run (reported in build_report.json). */
  sandbox?: SandboxNote;
}

export type BuildOutcome = { kind: 'explained'; explanation: BuildExplanation } | { kind: 'built'; report: BuildReport; reportFile: string };

const KEEP_BUILDS = 10;

let buildsStarted = 0;

function newBuildId(now: Date): string {
  // Milliseconds and a counter: one process (heal code's self-checks) can build twice a second.
  return `${now.toISOString().replaceAll(/[-:.]/g, '')}-${process.pid}-${++buildsStarted}`;
}

/** Keeps the newest build folders; old raw outputs are not worth the disk. */
async function pruneBuilds(buildsDir: string): Promise<void> {
  const names = (await readdir(buildsDir).catch(() => [])).sort();
  await Promise.all(names.slice(0, -KEEP_BUILDS).map((name) => rm(join(buildsDir, name), { recursive: true, force: true })));
}

async function collectFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Runs a repository's build, checks and fast tests, and writes one normalized build report. */
export async function build(options: BuildOptions, deps: BuildDeps): Promise<BuildOutcome> {
  const { git } = options;
  const startedAt = new Date();
  const healDir = join(git.root, '.heal');
  const buildId = newBuildId(startedAt);
  const keepDir = options.keep?.dir ?? healDir;
  const reportRoot = options.keep?.root ?? git.root;
  const outDir = join(keepDir, 'builds', buildId);
  // Tools write to one stable folder, moved into the build's folder afterwards: a path that changed
  // every build would change jest's and vitest's config hash and throw their transform caches away.
  const toolOutDir = join(healDir, 'out');
  const [workspace] = await Promise.all([
    prepareWorkspace({ git, commit: options.commit, healDir, project: options.project }),
    git.ensureExcluded('/.heal/'),
  ]);
  const projectDir = join(workspace.dir, options.project);
  try {
    const facts = await readProjectFacts({
      repoRoot: workspace.dir,
      dir: projectDir,
      probePython: createPythonProbe(deps.runner, options.python),
    });
    const plan = planBuild(facts, options.config, { outDir: toolOutDir }, TOOLCHAINS);
    if (options.explain) return { kind: 'explained', explanation: explainPlan(plan, facts.relativeDir) };
    await rm(toolOutDir, { recursive: true, force: true });
    await mkdir(toolOutDir, { recursive: true });
    const runs = await runSteps({
      steps: plan.steps,
      projectDir,
      logDir: join(outDir, 'logs'),
      deadline: startedAt.getTime() + options.config.timeout_sec * 1000,
      runner: deps.runner,
      tools: TOOLS_BY_ID,
      events: deps.events,
      writable: [toolOutDir],
    });
    await mkdir(outDir, { recursive: true });
    await rename(toolOutDir, join(outDir, 'out'));
    const artefactFile = join(keepDir, 'artefacts', `build-${workspace.commitSha.slice(0, 8)}-${buildId}.tar.gz`);
    const assembled = assembleReport(plan, runs, {
      repoRoot: reportRoot,
      commitSha: workspace.commitSha,
      branchName: workspace.branchName,
      source: workspace.source,
      isDirty: workspace.isDirty,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      timeoutSec: options.config.timeout_sec,
      artefactPath: relative(reportRoot, artefactFile),
    }, facts.relativeDir);
    const report: BuildReport = { ...assembled, ...sandboxField(deps.sandbox) };
    const buildReportFile = join(outDir, 'build_report.json');
    await writeArtefact(buildReportFile, BuildReport, report);
    await redactFolder(join(outDir, 'out'));
    const files = await collectFiles(outDir);
    await writeTarGz(artefactFile, files.map((path) => ({ name: relative(outDir, path), path })));
    await mkdir(dirname(options.out), { recursive: true });
    await copyFile(buildReportFile, options.out);
    if (options.metrics) {
      await mkdir(dirname(options.metrics), { recursive: true });
      await writeFile(options.metrics, renderBuildMetrics(report));
    }
    await pruneBuilds(join(keepDir, 'builds'));
    return { kind: 'built', report, reportFile: options.out };
  } finally {
    await workspace.dispose();
  }
}
