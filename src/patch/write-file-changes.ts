import { constants } from 'node:fs';
import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { checkRepoPath, normalizeRepoPath } from './path-rules.js';
import type { FileChange } from './types.js';

/** The changes that undo `files` (a create becomes a delete, and back), to take a tried patch out again. */
export function invertFileChanges(files: readonly FileChange[]): FileChange[] {
  return files.map((file) => ({
    path: file.path,
    kind: file.kind === 'create' ? 'delete' : file.kind === 'delete' ? 'create' : 'modify',
    before: file.after,
    after: file.before,
  }));
}

/**
 * Writes validated changes into `root` (a worktree the caller made) and returns the paths written.
 * Never follows a symlink: each parent is lstat'ed and files open with O_NOFOLLOW. Meeting one here
 * means validation was skipped, so it throws.
 */
export async function writeFileChanges(root: string, files: readonly FileChange[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const violation = checkRepoPath(file.path);
    if (violation || normalizeRepoPath(file.path) !== file.path) {
      throw new Error(`refusing to write ${file.path}: ${violation?.message ?? 'the path is not normalized'}`);
    }
    const segments = file.path.split('/');
    let dir = root;
    for (const segment of segments.slice(0, -1)) {
      dir = join(dir, segment);
      const stats = await lstat(dir).catch(() => null);
      if (!stats) await mkdir(dir);
      else if (!stats.isDirectory()) throw new Error(`refusing to write ${file.path}: ${dir} is not a plain directory`);
    }
    const target = join(root, ...segments);
    if (file.after === null) {
      const stats = await lstat(target).catch(() => null);
      if (stats?.isSymbolicLink()) throw new Error(`refusing to delete ${file.path}: it is a symlink`);
      if (stats) await unlink(target);
    } else {
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
      const handle = await open(target, flags, 0o644);
      await handle.writeFile(file.after, 'utf8').finally(() => handle.close());
    }
    written.push(file.path);
  }
  return written;
}
