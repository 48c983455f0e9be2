import { join, resolve } from 'node:path';
import { openGit } from '../adapters/git.js';
import type { ReportOptions } from '../commands/report.js';

/** The report to read: the given path, or the last one heal wrote in the current repository. */
export async function resolveReportFile(file: string | undefined, cwd: string): Promise<ReportOptions> {
  if (file !== undefined) return { file: resolve(cwd, file) };
  const git = await openGit(cwd);
  return { file: join(git.root, '.heal', 'build_report.json') };
}
