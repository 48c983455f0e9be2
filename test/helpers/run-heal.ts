import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixture-deps.js';

export const HEAL_BIN = join(REPO_ROOT, 'bin', 'heal');

export interface HealRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built binary (`npm run build` first) with a minimal environment, as a user would. */
export function runHeal(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): HealRun {
  const result = spawnSync(process.execPath, [HEAL_BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: 'C.UTF-8',
      ...options.env,
    },
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like runHeal, but without blocking the event loop: for tests that serve HTTP (a scripted model) in-process. */
export function runHealAsync(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<HealRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [HEAL_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
