import { randomBytes } from 'node:crypto';
import { readFile, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];

/** Where a build runs: the user's working tree as it is, or a temporary worktree of a commit. */
export interface Workspace {
  dir: string;
  source: 'working-tree' | 'commit';
  commitSha: string;
  branchName: string | null;
  isDirty: boolean;
  /** Removes the temporary worktree, if any. Safe to call twice. */
  dispose(): Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function sameLockfile(mainDir: string, worktreeDir: string): Promise<boolean> {
  for (const name of LOCKFILES) {
    const [main, copy] = await Promise.all([
      readFile(join(mainDir, name), 'utf8').catch(() => null),
      readFile(join(worktreeDir, name), 'utf8').catch(() => null),
    ]);
    if (main !== null || copy !== null) return main === copy;
  }
  return false;
}

/**
 * The seeds' "dependency cache restore": a worktree reuses the main checkout's node_modules (a
 * symlink) when the lockfile is byte-identical; otherwise the build's install step fills it.
 */
async function linkDependencies(mainDir: string, worktreeDir: string): Promise<void> {
  const source = join(mainDir, 'node_modules');
  if (!(await exists(source)) || !(await sameLockfile(mainDir, worktreeDir))) return;
  await symlink(source, join(worktreeDir, 'node_modules'), 'dir');
}

/** Links the repository root's and the project's node_modules into a worktree of the same repository. */
export async function linkProjectDependencies(repoRoot: string, worktreeDir: string, project: string): Promise<void> {
  const folders = project === '.' ? ['.'] : ['.', project];
  for (const folder of folders) await linkDependencies(join(repoRoot, folder), join(worktreeDir, folder));
}

export interface PrepareWorkspaceOptions {
  git: Git;
  /** Build this commit in a worktree; null builds the working tree in place. */
  commit: string | null;
  /** Absolute `.heal` folder of the repository. */
  healDir: string;
  /** The project inside the repository ("." for the root): its node_modules are linked too. */
  project: string;
}

/** Creates the workspace for a build; for a commit, the user's checkout is never touched. */
export async function prepareWorkspace(options: PrepareWorkspaceOptions): Promise<Workspace> {
  const { git } = options;
  if (options.commit === null) {
    const [commitSha, branchName, isDirty] = await Promise.all([git.resolveCommit('HEAD'), git.currentBranch(), git.isDirty()]);
    return { dir: git.root, source: 'working-tree', commitSha, branchName, isDirty, dispose: async () => {} };
  }
  const sha = await git.resolveCommit(options.commit);
  const dir = join(options.healDir, 'worktrees', `build-${sha.slice(0, 8)}-${randomBytes(3).toString('hex')}`);
  await git.addWorktree(dir, sha);
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await git.removeWorktree(dir);
  };
  try {
    await linkProjectDependencies(git.root, dir, options.project);
    return { dir, source: 'commit', commitSha: sha, branchName: null, isDirty: false, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
