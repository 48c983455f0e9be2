import { spawnSync } from 'node:child_process';
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
