import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import { parseDiff, type ChangedFile } from './parse-diff.js';

/** git's empty tree: the base of a root commit. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The change under test and a way to read its files, as the build saw them. */
export interface ChangeContext {
  /** Commit diffed against; null when the built commit is a root commit. */
  baseSha: string | null;
  changes: ChangedFile[];
  /** Reads a repository file as it was built; null when missing. */
  readSource(path: string): Promise<string | null>;
  /** Reads a file as it was at the base; null when it did not exist. */
  readBase(path: string): Promise<string | null>;
}

/**
 * Reads the diff between the base (`--base`, else the built commit's parent) and what was built: the
 * working tree when the report was built from it and HEAD has not moved, else the built commit.
 */
export async function readChange(git: Git, report: BuildReport, base: string | null): Promise<ChangeContext> {
  const baseSha = base === null ? await git.parentOf(report.commit_sha) : await git.resolveCommit(base);
  const head = await git.resolveCommit('HEAD').catch(() => null);
  const isWorkingTree = report.source === 'working-tree' && head === report.commit_sha;
  const diff = await git.diffZeroContext(baseSha ?? EMPTY_TREE, isWorkingTree ? null : report.commit_sha);
  return {
    baseSha,
    changes: parseDiff(diff),
    readSource: (path) =>
      isWorkingTree ? readFile(join(git.root, path), 'utf8').catch(() => null) : git.readFileAt(report.commit_sha, path),
    readBase: async (path) => (baseSha === null ? null : git.readFileAt(baseSha, path)),
  };
}
