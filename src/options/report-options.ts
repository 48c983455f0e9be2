import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openGit } from '../adapters/git.js';
import type { ReportOptions } from '../commands/report.js';

const RUN_ID = /^[\w.-]+$/;

/**
 * What `heal report` reads: a build report file (the given path, or the last one heal wrote), or a
 * heal loop run when the argument is a run id with a folder under .heal/runs.
 */
export async function resolveReportTarget(target: string | undefined, cwd: string): Promise<ReportOptions> {
  if (target !== undefined && !RUN_ID.test(target)) return { kind: 'build', file: resolve(cwd, target) };
  if (target !== undefined && (await stat(resolve(cwd, target)).catch(() => null))?.isFile()) return { kind: 'build', file: resolve(cwd, target) };
  const git = await openGit(cwd);
  if (target === undefined) return { kind: 'build', file: join(git.root, '.heal', 'build_report.json') };
  const runDir = join(git.root, '.heal', 'runs', target);
  if ((await stat(join(runDir, 'state.json')).catch(() => null))?.isFile()) return { kind: 'loop', git, runDir };
  return { kind: 'build', file: resolve(cwd, target) };
}
