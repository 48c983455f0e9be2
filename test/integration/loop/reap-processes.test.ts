import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { killProcessesIn } from '../../../src/adapters/reap-processes.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(process.platform !== 'linux')('killProcessesIn: what a SIGKILLed heal left running in its worktrees', () => {
  it('kills a process group working in the folder, and nothing working elsewhere', async () => {
    const worktrees = mkdtempSync(join(tmpdir(), 'heal-reap-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'heal-reap-other-'));
    dirs.push(worktrees, elsewhere);
    // A runner in its own group, as heal's runner starts it, with a child of its own.
    const left = spawn('sh', ['-c', 'sleep 300 & wait'], { cwd: worktrees, detached: true, stdio: 'ignore' });
    const other = spawn('sleep', ['300'], { cwd: elsewhere, detached: true, stdio: 'ignore' });
    try {
      await sleep(200);
      const killed = await killProcessesIn(worktrees);
      expect(killed).toContain(left.pid);
      await sleep(200);
      expect(alive(left.pid ?? 0)).toBe(false);
      expect(alive(other.pid ?? 0)).toBe(true);
    } finally {
      for (const child of [left, other]) {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });
});
