import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findSymlink } from './find-symlink.js';
import { checkRepoPath, normalizeRepoPath } from './path-rules.js';
import type { ReadRepoFile } from './types.js';

/**
 * A `readFile` for `applyEdits` rooted at a worktree. It reads no file outside the worktree and
 * follows no symlink: such paths, like missing files, read as null (validation then refuses them).
 */
export function readWorktreeFile(root: string): ReadRepoFile {
  return async (path) => {
    if (checkRepoPath(path)) return null;
    const relative = normalizeRepoPath(path);
    if (await findSymlink(root, relative)) return null;
    return readFile(join(root, relative), 'utf8').catch(() => null);
  };
}
