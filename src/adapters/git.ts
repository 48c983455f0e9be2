import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { HealError } from '../errors.js';

/** The git operations heal's stages need, behind one narrow interface. */
export interface Git {
  /** Absolute path of the repository's top-level directory. */
  readonly root: string;
  resolveCommit(ref: string): Promise<string>;
  currentBranch(): Promise<string | null>;
  isDirty(): Promise<boolean>;
  /** Adds a detached worktree at `path` checked out at `sha`. */
  addWorktree(path: string, sha: string): Promise<void>;
  removeWorktree(path: string): Promise<void>;
  /** Adds `pattern` to the repository's info/exclude unless it is there already. */
  ensureExcluded(pattern: string): Promise<void>;
  /** The first parent of a commit; null for a root commit. */
  parentOf(sha: string): Promise<string | null>;
  /** `git diff --unified=0` from `base` to `head`, or to the working tree when `head` is null. */
  diffZeroContext(base: string, head: string | null): Promise<string>;
  /** A file's text at a commit; null when the commit has no such file. */
  readFileAt(sha: string, path: string): Promise<string | null>;
  /** The full messages of `ref` and its first parents, newest first, at most `count`. */
  commitMessages(ref: string, count: number): Promise<string[]>;
  branchExists(name: string): Promise<boolean>;
  /**
   * A branch that keeps `name` from being created, since git stores branches as paths: one named
   * like a folder of it (`agt/loop` for `agt/loop/x`) or one inside it (`agt/x/wip` for `agt/x`); null when none.
   */
  blockingBranch(name: string): Promise<string | null>;
  /** Adds a worktree at `path` on a new branch `branch` that starts at `sha`. */
  addBranchWorktree(path: string, branch: string, sha: string): Promise<void>;
  /** Deletes a local branch heal created (never the user's). */
  deleteBranch(name: string): Promise<void>;
  /**
   * Commits exactly `paths` with repository hooks disabled (heal's commits never run a repo's hooks),
   * as the configured user or else as heal; returns the new commit's sha.
   */
  commitPaths(paths: readonly string[], message: string): Promise<string>;
  /** Pushes a branch to a remote under the same name; never forced. */
  pushBranch(remote: string, branch: string): Promise<void>;
  /** Tracked files, relative to the root with `/`. */
  listFiles(): Promise<string[]>;
  /** The full `git diff --binary` from `base` to `head` (or to the working tree when `head` is null). */
  diff(base: string, head: string | null): Promise<string>;
  /** Applies a diff to the working tree only (not the index); throws when any hunk does not apply, changing nothing. */
  applyToWorkingTree(diff: string): Promise<void>;
  /** Absolute path of the git common dir (shared by every worktree of the repository). */
  commonDir(): Promise<string>;
  /** Points one of heal's own branches at `sha`, creating or moving it (never the checked-out branch). */
  setBranch(name: string, sha: string): Promise<void>;
  /** True when `ancestor` is `descendant` or one of its ancestors. */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  /** `git merge --ff-only` of `branch` into the checked-out branch; throws when it is not a fast-forward. */
  fastForward(branch: string): Promise<void>;
  /** Local branch names under a prefix ("agt/"). */
  listBranches(prefix: string): Promise<string[]>;
}

async function gitOrNull(git: SimpleGit, args: string[]): Promise<string | null> {
  try {
    return (await git.raw(args)).trim();
  } catch {
    return null;
  }
}

/** Opens the repository containing `cwd`; not being inside one is a usage error. */
/** Refuses (exit 2) to create a branch another branch's path is in the way of, naming both. */
export async function refuseBlockedBranch(git: Pick<Git, 'blockingBranch'>, name: string): Promise<void> {
  const blocker = await git.blockingBranch(name);
  if (blocker) throw new HealError('E_GIT_REF', `cannot create branch ${name}: your branch ${blocker} is in the way (git keeps branches as paths); rename it, e.g. git branch -m ${blocker} ${blocker.replaceAll('/', '-')}-renamed`);
}

export async function openGit(cwd: string): Promise<Git> {
  const probe = simpleGit({ baseDir: cwd });
  const root = await gitOrNull(probe, ['rev-parse', '--show-toplevel']);
  if (!root) {
    throw new HealError('E_NOT_A_GIT_REPO', `not a git repository: ${cwd} (run heal inside a git repo, or pass --cwd)`);
  }
  // heal sets core.hooksPath only to disable hooks for its own commits and pushes.
  const git = simpleGit({ baseDir: root, unsafe: { allowUnsafeHooksPath: true } });
  const blockingBranch = async (name: string): Promise<string | null> => {
    const segments = name.split('/');
    for (let end = 1; end < segments.length; end += 1) {
      const prefix = segments.slice(0, end).join('/');
      if (await gitOrNull(git, ['rev-parse', '--verify', '--quiet', `refs/heads/${prefix}`])) return prefix;
    }
    const inside = await git.raw(['for-each-ref', '--count=1', '--format=%(refname:short)', `refs/heads/${name}/`]);
    return inside.trim() || null;
  };
  return {
    root,
    async resolveCommit(ref) {
      const sha = await gitOrNull(git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      if (!sha) {
        const hasHead = await gitOrNull(git, ['rev-parse', '--verify', '--quiet', 'HEAD']);
        const hint = hasHead ? 'check the ref with `git log`' : 'the repository has no commits yet: commit first';
        throw new HealError('E_GIT_REF', `unknown commit '${ref}' (${hint})`);
      }
      return sha;
    },
    async currentBranch() {
      const name = await gitOrNull(git, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
      return name || null;
    },
    async isDirty() {
      const status = await git.raw(['status', '--porcelain', '--untracked-files=normal']);
      return status.trim().length > 0;
    },
    async addWorktree(path, sha) {
      await git.raw(['worktree', 'add', '--detach', '--quiet', path, sha]);
    },
    async removeWorktree(path) {
      await gitOrNull(git, ['worktree', 'remove', '--force', path]);
      await gitOrNull(git, ['worktree', 'prune']);
    },
    async ensureExcluded(pattern) {
      const relative = await git.raw(['rev-parse', '--git-path', 'info/exclude']);
      const file = isAbsolute(relative.trim()) ? relative.trim() : join(root, relative.trim());
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current.split('\n').some((line) => line.trim() === pattern)) return;
      await mkdir(dirname(file), { recursive: true });
      const separator = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
      await appendFile(file, `${separator}# added by heal: its working files\n${pattern}\n`);
    },
    async parentOf(sha) {
      return (await gitOrNull(git, ['rev-parse', '--verify', '--quiet', `${sha}^1`])) || null;
    },
    async diffZeroContext(base, head) {
      const range = head === null ? [base] : [base, head];
      return git.raw(['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', ...range, '--']);
    },
    async branchExists(name) {
      return Boolean(await gitOrNull(git, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`]));
    },
    blockingBranch,
    async addBranchWorktree(path, branch, sha) {
      await refuseBlockedBranch({ blockingBranch }, branch);
      await git.raw(['worktree', 'add', '--quiet', '-b', branch, path, sha]);
    },
    async deleteBranch(name) {
      await gitOrNull(git, ['branch', '-D', name]);
    },
    async commitPaths(paths, message) {
      await git.raw(['add', '--all', '--', ...paths]);
      const hasUser = Boolean(await gitOrNull(git, ['config', 'user.email'])) && Boolean(await gitOrNull(git, ['config', 'user.name']));
      const identity = hasUser ? [] : ['-c', 'user.name=heal', '-c', 'user.email=heal@localhost'];
      await git.raw([...identity, '-c', 'core.hooksPath=/dev/null', 'commit', '--quiet', '--no-verify', '-m', message]);
      return (await git.raw(['rev-parse', 'HEAD'])).trim();
    },
    async pushBranch(remote, branch) {
      await git.raw(['-c', 'core.hooksPath=/dev/null', 'push', '--no-verify', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
    },
    async listFiles() {
      const out = await git.raw(['-c', 'core.quotePath=false', 'ls-files', '-z']);
      return out.split('\0').filter((path) => path !== '');
    },
    async diff(base, head) {
      const range = head === null ? [base] : [base, head];
      return git.raw(['-c', 'core.quotePath=false', 'diff', '--binary', '--no-color', '--no-ext-diff', ...range, '--']);
    },
    async applyToWorkingTree(diff) {
      const file = join(await mkdtemp(join(tmpdir(), 'heal-apply-')), 'fix.diff');
      await writeFile(file, diff);
      try {
        await git.raw(['apply', '--whitespace=nowarn', file]);
      } finally {
        await rm(dirname(file), { recursive: true, force: true });
      }
    },
    async commonDir() {
      const dir = (await git.raw(['rev-parse', '--git-common-dir'])).trim();
      return isAbsolute(dir) ? dir : join(root, dir);
    },
    async setBranch(name, sha) {
      await refuseBlockedBranch({ blockingBranch }, name);
      await git.raw(['branch', '--force', '--no-track', name, sha]);
    },
    async isAncestor(ancestor, descendant) {
      return (await gitOrNull(git, ['merge-base', '--is-ancestor', ancestor, descendant])) !== null;
    },
    async fastForward(branch) {
      await git.raw(['-c', 'core.hooksPath=/dev/null', 'merge', '--ff-only', '--quiet', '--no-verify', `refs/heads/${branch}`]);
    },
    async listBranches(prefix) {
      const out = await git.raw(['for-each-ref', '--format=%(refname:short)', `refs/heads/${prefix}`]);
      return out.split('\n').filter((name) => name !== '');
    },
    async commitMessages(ref, count) {
      const out = await git.raw(['log', '--first-parent', `--max-count=${count}`, '--format=%B%x00', ref, '--']);
      return out.split('\0').map((message) => message.trim()).filter((message) => message !== '');
    },
    async readFileAt(sha, path) {
      try {
        return await git.show([`${sha}:${path}`]);
      } catch {
        return null;
      }
    },
  };
}
