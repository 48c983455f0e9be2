import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackageJson, ProjectFacts, ToolOutput } from '../../../../src/toolchains/types.js';

export interface FactsOptions {
  packageJson?: PackageJson | null;
  rootEntries?: string[];
  nodeBins?: string[];
  pathCommands?: string[];
  installedPackages?: string[];
}

/** In-memory facts for a Node project at /work/project; package.json is listed when given. */
export function makeFacts(options: FactsOptions = {}): ProjectFacts {
  const packageJson = options.packageJson === undefined ? { name: 'sample' } : options.packageJson;
  const entries = new Set(options.rootEntries ?? []);
  if (packageJson) entries.add('package.json');
  return {
    dir: '/work/project',
    relativeDir: '.',
    rootEntries: entries,
    packageJson,
    pythonConfigs: new Map(),
    nodeBins: new Set(options.nodeBins ?? []),
    pathCommands: new Set(options.pathCommands ?? ['npm']),
    python: null,
    nodeVersion: 'v20.20.2',
    ...(options.installedPackages ? { installedPackages: new Set(options.installedPackages) } : {}),
  };
}

export const CONTEXT = { outDir: '.heal/builds/b1' };

/** A captured file under test/captured/. */
export function captured(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../captured/${path}`, import.meta.url)), 'utf8');
}

/** A ToolOutput whose readSource serves files from a captured `*.project/` folder (or nothing). */
export function toolOutput(options: {
  projectDir: string;
  files?: Record<string, string>;
  stdout?: string;
  stderr?: string;
  exitCode?: number | null;
  sourcesFrom?: string;
}): ToolOutput {
  return {
    exitCode: options.exitCode ?? 1,
    stdout: options.stdout ?? '',
    stderr: options.stderr ?? '',
    files: options.files ?? {},
    projectDir: options.projectDir,
    async readSource(relativePath) {
      if (!options.sourcesFrom) return null;
      try {
        return captured(`${options.sourcesFrom}/${relativePath}`);
      } catch {
        return null;
      }
    },
  };
}
