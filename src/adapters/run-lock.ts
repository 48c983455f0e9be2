import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HealError } from '../errors.js';

/** Who holds a repository's heal lock: written into the lock file, named to anyone who meets it. */
const LockHolder = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  command: z.string(),
  run_id: z.string().nullable(),
  started_at: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

export interface RunLock {
  readonly file: string;
  release(): Promise<void>;
}

const LOCK_NAME = 'heal.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file's holder; null when the file is missing or is not a whole lock (garbage is reclaimed as stale). */
async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** True when the holder is gone: a dead pid on this host (a lock from another host is never judged stale). */
function isStale(holder: LockHolder | null): boolean {
  return holder === null || (holder.host === hostname() && !isAlive(holder.pid));
}

function describe(holder: LockHolder): string {
  const what = holder.run_id ? `heal ${holder.command} (run ${holder.run_id})` : `heal ${holder.command}`;
  return `${what}, pid ${holder.pid} on ${holder.host}, since ${holder.started_at}`;
}

/**
 * Takes the repository's heal lock in the git common dir (shared by every worktree). The file is
 * written whole then hard-linked into place, so it never exists half-written; a lock whose pid is
 * dead is reclaimed. Another live holder is an E_LOCKED error that names it.
 */
export async function acquireRunLock(commonDir: string, holder: Omit<LockHolder, 'pid' | 'host' | 'started_at'>): Promise<RunLock> {
  const file = join(commonDir, LOCK_NAME);
  const full: LockHolder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), ...holder };
  const draft = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, `${JSON.stringify(full)}\n`);
  try {
    for (let tries = 0; tries < 3; tries++) {
      try {
        await link(draft, file);
        return { file, release: async () => releaseIfOurs(file) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(file);
      if (!isStale(current)) {
        throw new HealError('E_LOCKED', `another heal run is using this repository: ${current ? describe(current) : 'unknown holder'}; wait for it, or stop it first (its lock is ${file})`);
      }
      await rm(file, { force: true });
    }
    throw new HealError('E_LOCKED', `could not take heal's lock ${file}: it keeps being re-created; is another heal starting at the same time?`);
  } finally {
    await rm(draft, { force: true });
  }
}

async function releaseIfOurs(file: string): Promise<void> {
  const holder = await readHolder(file);
  if (holder?.pid === process.pid && holder.host === hostname()) await rm(file, { force: true });
}

/** The lock's holder when the lock is held by a live process; null when free or stale. */
export async function readLiveHolder(commonDir: string): Promise<LockHolder | null> {
  const holder = await readHolder(join(commonDir, LOCK_NAME));
  return holder && !isStale(holder) ? holder : null;
}

/** Removes a stale lock; a live one is left alone. True when a stale lock was removed. */
export async function removeStaleLock(commonDir: string): Promise<boolean> {
  const file = join(commonDir, LOCK_NAME);
  const holder = await readHolder(file);
  const exists = holder !== null || (await stat(file).catch(() => null)) !== null;
  if (!exists || !isStale(holder)) return false;
  await rm(file, { force: true });
  return true;
}

/** Runs `work` holding the repository's lock (stage commands take it as heal loop does; released whatever happens). */
export async function withRepositoryLock<T>(commonDir: string, command: string, work: () => Promise<T>): Promise<T> {
  const lock = await acquireRunLock(commonDir, { command, run_id: null });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
