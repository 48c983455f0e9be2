import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { HealError } from '../errors.js';
import { isBinaryContent } from './list-candidates.js';
import type { ReadResult, RepoReader } from './types.js';

/** Files larger than this are never read into context. */
export const MAX_FILE_BYTES = 200 * 1024;

/** Reads `bytes` as UTF-8 text unless they are too large or binary. Pure. */
export function decodeText(bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): ReadResult {
  if (bytes.length > maxBytes) return { skipped: 'too-large' };
  if (isBinaryContent(bytes)) return { skipped: 'binary' };
  return { text: new TextDecoder('utf-8').decode(bytes).replaceAll('\r\n', '\n') };
}

/** Splits `git ls-files -z` output into paths. */
export function parseLsFiles(output: string): string[] {
  return [...new Set(output.split('\0').filter((path) => path.length > 0))];
}

/**
 * The real reader: tracked files of the work tree under `root` (so ignored and untracked files are
 * never candidates), read from disk. Symlinks are never followed: a tracked link could point
 * outside the repository, at a key or an `.env`.
 */
export function createRepoReader(root: string, maxBytes = MAX_FILE_BYTES): RepoReader {
  return {
    async listTrackedFiles() {
      try {
        return parseLsFiles(await simpleGit({ baseDir: root }).raw(['ls-files', '-z']));
      } catch {
        throw new HealError('E_NOT_A_GIT_REPO', `not a git repository: ${root} (context is read from tracked files only)`);
      }
    },
    async readText(path) {
      const file = join(root, path);
      try {
        const stats = await lstat(file);
        if (!stats.isFile()) return { skipped: 'unreadable' };
        if (stats.size > maxBytes) return { skipped: 'too-large' };
        return decodeText(await readFile(file), maxBytes);
      } catch {
        return { skipped: 'unreadable' };
      }
    },
  };
}
