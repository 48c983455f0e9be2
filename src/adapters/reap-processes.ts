import { readdir, readFile, readlink } from 'node:fs/promises';
import { isInside } from './sandbox-args.js';

/** The process group of `pid` (field 5 of /proc/<pid>/stat), or null when it is gone. */
async function groupOf(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const group = Number(fields?.[2]);
  return Number.isInteger(group) && group > 0 ? group : null;
}

/**
 * Kills (SIGKILL, with their process groups) the processes whose working directory lies in `dir`:
 * what a heal killed with SIGKILL left running in its worktrees (a test runner and its workers,
 * in their own process group so that heal's timeouts can kill them). Linux only; elsewhere, and
 * for other users' processes, it finds nothing. Returns the pids killed.
 */
export async function killProcessesIn(dir: string): Promise<number[]> {
  const ownGroup = await groupOf(process.pid);
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name)).map(Number);
  const killed: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => null);
    if (cwd === null || (cwd !== dir && !isInside(dir, cwd))) continue;
    const group = await groupOf(pid);
    for (const target of group !== null && group !== ownGroup ? [-group, pid] : [pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    killed.push(pid);
  }
  return killed;
}
