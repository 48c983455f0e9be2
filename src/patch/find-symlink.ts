import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a repository path meets a symlink on disk: a parent directory, or the file itself. */
export interface SymlinkHit {
  at: 'parent' | 'self';
  /** The repository-relative path that is a symlink. */
  link: string;
}

/**
 * lstats each prefix of `path` under `root` (the path must already have passed `checkRepoPath` and
 * been normalized). Missing components end the walk: nothing below them can be a link.
 */
export async function findSymlink(root: string, path: string): Promise<SymlinkHit | null> {
  const segments = path.split('/');
  for (let depth = 1; depth <= segments.length; depth += 1) {
    const prefix = segments.slice(0, depth).join('/');
    const stats = await lstat(join(root, prefix)).catch(() => null);
    if (!stats) return null;
    if (stats.isSymbolicLink()) return { at: depth === segments.length ? 'self' : 'parent', link: prefix };
  }
  return null;
}
