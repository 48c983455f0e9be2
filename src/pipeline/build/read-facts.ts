import { readdir, readFile } from 'node:fs/promises';
import { delimiter, join, relative } from 'node:path';
import { z } from 'zod';
import { detectPython } from '../../toolchains/python/detect.js';
import { isPythonConfigFile } from '../../toolchains/python/project-config.js';
import type { PackageJson, ProjectFacts, PythonFacts } from '../../toolchains/types.js';

const PATH_COMMANDS = ['npm', 'pnpm', 'yarn', 'corepack', 'bun'];

export interface ReadFactsOptions {
  /** Absolute repository root (the worktree root for a --commit build). */
  repoRoot: string;
  /** Absolute project dir inside it. */
  dir: string;
  /** Probes Python interpreters; only called for Python-looking projects. */
  probePython: (dir: string, rootEntries: ReadonlySet<string>) => Promise<PythonFacts | null>;
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

const StringMap = z.record(z.string(), z.string()).catch({}).optional();
const PackageJsonSchema = z.looseObject({
  name: z.string().catch('').optional(),
  type: z.string().optional().catch(undefined).optional(),
  packageManager: z.string().optional().catch(undefined).optional(),
  scripts: StringMap,
  dependencies: StringMap,
  devDependencies: StringMap,
  workspaces: z.unknown().optional(),
});

function parsePackageJson(text: string | null): PackageJson | null {
  if (text === null) return null;
  try {
    const parsed = PackageJsonSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Commands among `names` that resolve on PATH (checked by listing PATH folders, no spawning). */
async function findOnPath(names: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const entries = new Set(await listDir(folder));
    for (const name of names) if (entries.has(name)) found.add(name);
  }
  return found;
}

/** Package names in node_modules: top-level folders, and `@scope/name` for scoped ones. */
async function listInstalledPackages(nodeModules: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const name of await listDir(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (!name.startsWith('@')) names.add(name);
    else for (const scoped of await listDir(join(nodeModules, name))) names.add(`${name}/${scoped}`);
  }
  return names;
}

/** Reads what planning needs about one project directory: files, manifests, installed tools. */
export async function readProjectFacts(options: ReadFactsOptions): Promise<ProjectFacts> {
  const { dir } = options;
  const rootEntries = new Set(await listDir(dir));
  const pythonConfigs = new Map<string, string>();
  for (const name of [...rootEntries].filter(isPythonConfigFile)) {
    const text = await readText(join(dir, name));
    if (text !== null) pythonConfigs.set(name, text);
  }
  const looksPython = detectPython({ rootEntries });
  return {
    dir,
    relativeDir: relative(options.repoRoot, dir).split('\\').join('/') || '.',
    rootEntries,
    packageJson: rootEntries.has('package.json') ? parsePackageJson(await readText(join(dir, 'package.json'))) : null,
    pythonConfigs,
    nodeBins: new Set(await listDir(join(dir, 'node_modules', '.bin'))),
    installedPackages: await listInstalledPackages(join(dir, 'node_modules')),
    pathCommands: await findOnPath(PATH_COMMANDS),
    python: looksPython ? await options.probePython(dir, rootEntries) : null,
    nodeVersion: process.versions.node,
  };
}
