import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectFacts, ToolOutput } from '../../../../src/toolchains/types.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Text of a file under fixtures/. */
export function readFixture(fixture: string, path: string): string {
  return readFileSync(join(REPO, 'fixtures', fixture, path), 'utf8');
}

/** Text of a file under test/captured/. */
export function readCaptured(path: string): string {
  return readFileSync(join(REPO, 'test', 'captured', path), 'utf8');
}

export interface PythonFactsOptions {
  /** Root entries; config file names are added automatically. */
  entries?: string[];
  /** Config file texts by name. */
  configs?: Record<string, string>;
  /** Importable modules; null: no interpreter at all. */
  modules?: string[] | null;
  interpreter?: string;
}

/** In-memory ProjectFacts for a Python project at /work/proj. */
export function pythonFacts(options: PythonFactsOptions = {}): ProjectFacts {
  const configs = options.configs ?? {};
  const modules = options.modules === undefined ? ['pytest', 'pytest_cov', 'coverage'] : options.modules;
  return {
    dir: '/work/proj',
    relativeDir: '.',
    rootEntries: new Set([...(options.entries ?? []), ...Object.keys(configs)]),
    packageJson: null,
    pythonConfigs: new Map(Object.entries(configs)),
    nodeBins: new Set(),
    pathCommands: new Set(),
    python: modules === null ? null : { interpreter: options.interpreter ?? '/usr/bin/python3', modules: new Set(modules) },
    nodeVersion: '20.20.2',
  };
}

export interface OutputOptions {
  exitCode: number | null;
  stdout?: string;
  stderr?: string;
  files?: Record<string, string>;
  projectDir?: string;
  /** Project-relative files that exist, for readSource. */
  existing?: Iterable<string>;
}

/** A ToolOutput whose readSource knows only `existing` (each file's text is "# source"). */
export function toolOutput(options: OutputOptions): ToolOutput {
  const existing = new Set(options.existing ?? []);
  return {
    exitCode: options.exitCode,
    stdout: options.stdout ?? '',
    stderr: options.stderr ?? '',
    files: options.files ?? {},
    projectDir: options.projectDir ?? '/work/proj',
    readSource: (path) => Promise.resolve(existing.has(path) ? '# source' : null),
  };
}
