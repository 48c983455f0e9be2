import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FixtureRepo } from './fixture-repo.js';

/**
 * The hostile-input suite's one oracle: what heal must leave exactly as it found it. Take a
 * snapshot before a case, run heal with `oracle.env` (which tags every process it starts and
 * points HOME at a sentinel folder outside the repo), then `oracle.assertNothingLost()`.
 */
export interface NothingLostOracle {
  /** A folder outside the repository, seeded with files; heal and its children must not change it. */
  sentinel: string;
  /** Environment for `runHeal`: a tag to find surviving processes, HOME at the sentinel. */
  env: Record<string, string>;
  /** The recorded state, for messages. */
  before: UserSnapshot;
  /** Throws, naming what changed, unless the state is identical, no index.lock is left and no tagged process survives. */
  assertNothingLost(): void;
  /** Removes the sentinel folder. */
  cleanup(): void;
}

export interface UserSnapshot {
  status: string;
  diffHash: string;
  refs: string;
  stash: string;
  untracked: string;
  sentinel: string;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function hashTree(dir: string): string {
  const lines: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      const rel = relative(dir, path);
      if (entry.isDirectory()) {
        lines.push(`${rel}/`);
        walk(path);
      } else if (entry.isSymbolicLink()) lines.push(`${rel} -> ${readlinkSync(path)}`);
      else lines.push(`${rel} ${sha(readFileSync(path))}`);
    }
  };
  walk(dir);
  return lines.join('\n');
}

/** Everything of the user's heal must leave alone; heal's own `agt/` branches excepted. */
export function snapshotUserState(fixture: FixtureRepo, sentinel: string): UserSnapshot {
  const untracked = fixture
    .git('ls-files', '--others', '--exclude-standard', '-z')
    .split('\0')
    .filter((path) => path !== '')
    .sort()
    .map((path) => `${path} ${sha(readFileSync(join(fixture.dir, path)))}`)
    .join('\n');
  return {
    status: fixture.git('status', '--porcelain', '--untracked-files=all'),
    diffHash: sha(fixture.git('diff', '--binary', 'HEAD')),
    refs: fixture
      .git('for-each-ref', '--format=%(refname) %(objectname)')
      .split('\n')
      .filter((line) => !line.startsWith('refs/heads/agt/'))
      .join('\n'),
    stash: fixture.git('stash', 'list'),
    untracked,
    sentinel: hashTree(sentinel),
  };
}

/** `index.lock` files anywhere in the repository's git dir (its worktrees' admin dirs included). */
export function findIndexLocks(gitDir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'objects') walk(join(folder, entry.name));
      else if (entry.name === 'index.lock') found.push(join(folder, entry.name));
    }
  };
  walk(gitDir);
  return found;
}

/**
 * Processes still alive that heal started: tagged through their environment, or (inside a sandbox,
 * whose environment is cleared) running with a working directory or command line inside the repo.
 */
export function survivingProcesses(tag: string, repoDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/s.test(stat)) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // A process of another user or gone: no cwd to read.
      }
      if (environ.includes(tag) || cwd === repoDir || cwd.startsWith(`${repoDir}/`) || cmdline.includes(repoDir)) found.push(`${pid}: ${cmdline.trim()}`);
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

function describeChange(before: UserSnapshot, after: UserSnapshot): string[] {
  return (Object.keys(before) as (keyof UserSnapshot)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key} changed:\n--- before\n${before[key]}\n--- after\n${after[key]}`);
}

/** Records the user's state now; see `NothingLostOracle`. */
export function recordNothingLost(fixture: FixtureRepo): NothingLostOracle {
  const sentinel = mkdtempSync(join(tmpdir(), 'heal-sentinel-'));
  mkdirSync(join(sentinel, '.config'), { recursive: true });
  writeFileSync(join(sentinel, '.config', 'settings.json'), '{"keep":true}\n');
  writeFileSync(join(sentinel, '.bashrc'), 'export SENTINEL=1\n');
  const tag = `HEAL_ORACLE_TAG=${randomUUID()}`;
  const [tagName, tagValue] = tag.split('=') as [string, string];
  const before = snapshotUserState(fixture, sentinel);
  const gitDir = join(fixture.dir, '.git');
  return {
    sentinel,
    env: { [tagName]: tagValue, HOME: sentinel },
    before,
    assertNothingLost() {
      const problems = describeChange(before, snapshotUserState(fixture, sentinel));
      const locks = findIndexLocks(gitDir);
      if (locks.length > 0) problems.push(`index.lock left behind: ${locks.join(', ')}`);
      const alive = survivingProcesses(tag, fixture.dir);
      if (alive.length > 0) problems.push(`processes survived the run:\n${alive.join('\n')}`);
      if (problems.length > 0) throw new Error(`the user's state was not kept:\n${problems.join('\n\n')}`);
    },
    cleanup: () => rmSync(sentinel, { recursive: true, force: true }),
  };
}
