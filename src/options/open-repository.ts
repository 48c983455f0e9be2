import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openGit, type Git } from '../adapters/git.js';
import { loadConfig } from '../config/load-config.js';
import type { HealConfig } from '../config/schema.js';
import { HealError } from '../errors.js';

/** The folder `--cwd` names (default the current one), which must exist. */
export async function resolveCwdFlag(flag: string | undefined, cwd: string): Promise<string> {
  const dir = resolve(cwd, flag ?? '.');
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new HealError('E_CWD_MISSING', `--cwd directory does not exist: ${dir}`);
  return dir;
}

/** The repository containing `dir`, and its validated config (`--config`, else `.healrc.yaml` at its root). */
export async function openRepository(dir: string, configFlag: string | undefined, cwd: string): Promise<{ git: Git; config: HealConfig }> {
  const git = await openGit(dir);
  const { config } = await loadConfig(git.root, configFlag === undefined ? undefined : resolve(cwd, configFlag));
  return { git, config };
}

/** The Python interpreter the user named: HEAL_PYTHON, else the config's `python`; null lets heal probe. */
export function configuredPython(env: NodeJS.ProcessEnv, config: HealConfig): string | null {
  return env.HEAL_PYTHON || config.python || null;
}
