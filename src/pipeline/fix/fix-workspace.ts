import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import type { BuildConfig } from '../../config/schema.js';
import { readWorktreeFile } from '../../patch/read-worktree-file.js';
import type { FileChange } from '../../patch/types.js';
import { writeFileChanges } from '../../patch/write-file-changes.js';
import { TOOLCHAINS } from '../../toolchains/registry.js';
import type { ProjectFacts } from '../../toolchains/types.js';
import { planBuild } from '../build/plan-build.js';
import { createPythonProbe } from '../build/probe-python.js';
import { readProjectFacts } from '../build/read-facts.js';
import { createFocusedRunner } from './localise/run-focused.js';
import type { FixWorkspace } from './try-candidate.js';
import type { ReadFile } from './types.js';
import { isTestFile } from './test-files.js';
import { validateFix } from './validate/validate-fix.js';

const FOCUSED_TIMEOUT_MS = 120_000;
const PARSE_TIMEOUT_MS = 20_000;

/** The fix worktree, with everything the rungs and the loop do to it. */
export interface FixWorkspaceHandle extends FixWorkspace {
  dir: string;
  /** The project dir inside the worktree. */
  projectDir: string;
  project: string;
  facts: ProjectFacts;
  readFile: ReadFile;
  listFiles(): Promise<string[]>;
  isTestFile(path: string): boolean;
  /** Files that kept fixes changed, relative to the worktree root. */
  changedPaths(): Promise<string[]>;
}

export interface OpenFixWorkspaceOptions {
  dir: string;
  git: Git;
  project: string;
  build: BuildConfig;
  python: string | null;
  runner: ProcessRunner;
  check(): Promise<{ report: BuildReport; file: string }>;
  scratchDir: string;
}

const PARSE_PYTHON = 'import ast, sys\ntry:\n    ast.parse(open(sys.argv[1], encoding="utf-8").read())\nexcept SyntaxError as e:\n    print(f"line {e.lineno}: {e.msg}")\n    sys.exit(1)\n';

/** Reads the project's facts once and wires validation, writing, checks and focused runs to the worktree. */
export async function openFixWorkspace(options: OpenFixWorkspaceOptions): Promise<FixWorkspaceHandle> {
  const projectDir = join(options.dir, options.project);
  const facts = await readProjectFacts({ repoRoot: options.dir, dir: projectDir, probePython: createPythonProbe(options.runner, options.python) });
  const readFile = readWorktreeFile(options.dir);
  const planTestStep = async (outDir: string) => planBuild(facts, options.build, { outDir }, TOOLCHAINS).steps.find((step) => step.kind === 'test' && step.skip === null && step.missing === null) ?? null;
  const focused = createFocusedRunner({ planTestStep, projectDir, scratchDir: options.scratchDir, runner: options.runner, timeoutMs: FOCUSED_TIMEOUT_MS }, await planTestStep(options.scratchDir));
  const touched = new Map<string, string | null>();
  const parsePython = async (text: string, path: string): Promise<string | null> => {
    const interpreter = facts.python?.interpreter;
    if (!interpreter) return null;
    const file = join(options.scratchDir, 'parse', path.replaceAll('/', '__'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    const result = await options.runner.run({ command: { argv: [interpreter, '-c', PARSE_PYTHON, file] }, cwd: projectDir, timeoutMs: PARSE_TIMEOUT_MS });
    return result.outcome === 'exited' && result.exitCode === 1 ? result.stdout.trim() || 'does not parse' : null;
  };
  const listFiles = () => options.git.listFiles();
  return {
    dir: options.dir,
    projectDir,
    project: options.project,
    facts,
    readFile,
    listFiles,
    isTestFile,
    focused,
    check: options.check,
    validate: (candidate, analyses) =>
      validateFix(candidate, {
        analyses,
        readFile,
        fileExists: async (path) => (await readFile(path)) !== null,
        parsePython,
        isTestFile,
      }),
    async write(files: readonly FileChange[]) {
      for (const file of files) if (!touched.has(file.path)) touched.set(file.path, file.before);
      await writeFileChanges(options.dir, files);
    },
    async changedPaths() {
      const changed = await Promise.all([...touched].map(async ([path, original]) => ((await readFile(path)) === original ? null : path)));
      return changed.filter((path) => path !== null);
    },
  };
}
