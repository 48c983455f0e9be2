import { isAbsolute, relative } from 'node:path';
import { isGeneratedText, rejectPath } from './list-candidates.js';
import { normalizePath } from './parse-goal.js';
import { redactSecrets } from './secret-rules.js';
import type { OmittedFile, RepoReader } from './types.js';

/** Candidate files read and redacted, and what was left out on the way. */
export interface LoadedFiles {
  /** Path → lines (secrets redacted), in tracked order. */
  lines: Map<string, string[]>;
  omitted: OmittedFile[];
}

/** Reads at most this many files at once. */
const READ_CONCURRENCY = 32;

/** A caller's path as a tracked path: relative to `root`, `/`-separated; `..` paths stay outside. */
export function toTrackedPath(root: string, path: string): string {
  return normalizePath(isAbsolute(path) ? relative(root, path) : path);
}

/** Splits text into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.length > 1 && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

/**
 * Reads the tracked files that may be context. Secret-bearing paths are never read, whether named
 * or not (each is listed in `omitted`). Excluded and generated files are read only when `named`
 * (the caller asked for them by name). Every line a content rule flags is redacted.
 */
export async function loadFiles(reader: RepoReader, tracked: readonly string[], named: ReadonlySet<string>): Promise<LoadedFiles> {
  const omitted: OmittedFile[] = [];
  const wanted = tracked.filter((path) => {
    const reason = rejectPath(path);
    if (reason === null) return true;
    const isAllowed = named.has(path) && (reason === 'excluded' || reason === 'generated');
    if (!isAllowed && (reason === 'secret-path' || named.has(path))) omitted.push({ path, reason });
    return isAllowed;
  });
  const lines = new Map<string, string[]>();
  for (let index = 0; index < wanted.length; index += READ_CONCURRENCY) {
    const batch = wanted.slice(index, index + READ_CONCURRENCY);
    const results = await Promise.all(batch.map((path) => reader.readText(path)));
    batch.forEach((path, offset) => {
      const result = results[offset];
      if (!result || 'skipped' in result) {
        if (named.has(path)) omitted.push({ path, reason: result?.skipped ?? 'unreadable' });
        return;
      }
      if (!named.has(path) && isGeneratedText(result.text)) return;
      lines.set(path, splitLines(redactSecrets(result.text)));
    });
  }
  return { lines, omitted };
}
