import { readdir } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { detectPython } from '../../toolchains/python/detect.js';

async function isProjectDir(dir: string): Promise<boolean> {
  const entries = new Set(await readdir(dir).catch(() => []));
  return entries.has('package.json') || detectPython({ rootEntries: entries });
}

/**
 * The project to build, as a `/`-separated path relative to the repository root: the nearest
 * folder from `start` up to the root that holds a package.json or Python project file, so that
 * `--cwd packages/app` (or running heal inside it) builds that package. "." when none does.
 */
export async function findProjectPath(repoRoot: string, start: string): Promise<string> {
  let dir = start;
  while (relative(repoRoot, dir) !== '' && !relative(repoRoot, dir).startsWith('..')) {
    if (await isProjectDir(dir)) return relative(repoRoot, dir).split(sep).join('/');
    dir = dirname(dir);
  }
  return '.';
}
