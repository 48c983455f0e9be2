import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { ProcessRunner } from '../../adapters/process-runner.js';
import type { CoverageTarget } from '../../artefacts/testspec.js';
import type { FocusedRunner } from '../fix/localise/run-focused.js';
import { characterizeJs, type RunProbe } from './characterize/js/characterize-js.js';
import { characterizePython } from './characterize/python/characterize-python.js';
import { frameworkImport } from './test-style.js';
import { importSpecifier, pythonModuleFor, testFileFor } from './test-paths.js';
import type { CharacterizeOutcome, CharacterizeTarget, TestStyle } from './types.js';

export interface BuiltinTestsOptions {
  repoRoot: string;
  project: string;
  targets: readonly CoverageTarget[];
  style: TestStyle;
  /** Tracked files relative to the project dir (for Python module names). */
  projectFiles: readonly string[];
  /** Import roots for Python, relative to the project dir (pytest's `pythonpath`, "src"). */
  importRoots: readonly string[];
  python: string | null;
  scratchDir: string;
  focused: FocusedRunner;
  runner: ProcessRunner;
}

/** Pure: the spec's targets the builtin engine can characterize (functions, not classes or methods). */
export function toCharacterizeTargets(targets: readonly CoverageTarget[]): CharacterizeTarget[] {
  return targets.map((target) => ({ id: target.id, path: target.path, symbol: target.symbol, lineRange: target.line_range, uncoveredLines: target.uncovered_lines }));
}

/** A probe run through the project's own test runner, one file (build-tests only runs with a runner that can). */
function createProbeRunner(options: BuiltinTestsOptions): RunProbe {
  const toProject = (path: string) => posix.relative(options.project === '.' ? '' : options.project, path);
  return async (probe) => {
    const file = join(options.repoRoot, probe.path);
    await mkdir(dirname(file), { recursive: true });
    await mkdir(dirname(probe.resultFile), { recursive: true });
    await writeFile(file, probe.text);
    try {
      const run = await options.focused.run([{ file: toProject(probe.path), name: '' }], { names: false, coverage: false });
      if (run.error !== null && run.results.length === 0) return { error: run.error };
      const json = await readFile(probe.resultFile, 'utf8').catch(() => null);
      return json === null ? { error: 'the probe wrote no results' } : { json };
    } finally {
      await rm(file, { force: true });
    }
  };
}

/** Characterization tests for the spec's targets, in the repository's framework. */
export async function writeBuiltinTests(options: BuiltinTestsOptions): Promise<CharacterizeOutcome> {
  const targets = toCharacterizeTargets(options.targets);
  const prefix = options.project === '.' ? '' : `${options.project}/`;
  const toProject = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const taken = new Set<string>(options.projectFiles);
  const testFileOf = (source: string) => `${prefix}${testFileFor(options.style, toProject(source), taken)}`;
  const scratchDir = join(options.scratchDir, 'characterize');
  if (options.style.framework === 'pytest') {
    if (options.python === null) return { files: [], skipped: targets.map((target) => ({ targetId: target.id, reason: 'no Python interpreter with pytest was found' })) };
    const files = new Set(options.projectFiles);
    const projectDir = join(options.repoRoot, options.project);
    return characterizePython(
      {
        repoRoot: options.repoRoot,
        project: options.project,
        targets,
        style: options.style,
        testFileFor: testFileOf,
        moduleFor: (source) => pythonModuleFor(toProject(source), files, options.importRoots),
        importRoots: [...new Set(['.', ...options.importRoots])].map((root) => join(projectDir, root)),
        python: options.python,
        scratchDir,
      },
      { runner: options.runner },
    );
  }
  return characterizeJs(
    {
      repoRoot: options.repoRoot,
      project: options.project,
      targets,
      style: options.style,
      testFileFor: testFileOf,
      importSpecifier: (testFile, sourceFile) => importSpecifier(options.style, toProject(testFile), toProject(sourceFile)),
      frameworkImport: frameworkImport(options.style),
      scratchDir,
    },
    { runProbe: createProbeRunner(options) },
  );
}
