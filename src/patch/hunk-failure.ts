import type { EditFormat, Hunk, HunkFailure, HunkFailureReason, NearestRegion } from './types.js';

const HEAD_LINES = 3;
/** Characters of a line a failure quotes: a 100k-character line must not flood the report or the next prompt. */
const QUOTED_CHARS = 240;

const clip = (line: string) => (line.length > QUOTED_CHARS ? `${line.slice(0, QUOTED_CHARS)}… [${line.length - QUOTED_CHARS} more characters]` : line);

/** The first lines of a hunk's old side (its new side when it has none), to name it in a report. */
export function readHunkHead(hunk: Hunk): string[] {
  const old = hunk.lines.filter((line) => line.op !== 'add');
  return (old.length > 0 ? old : hunk.lines).slice(0, HEAD_LINES).map((line) => line.text);
}

/** What a hunk is called in the input's own terms. */
export function nameHunk(format: EditFormat, path: string, index: number): string {
  return format === 'diff' ? `hunk ${index} of ${path}` : `SEARCH/REPLACE block ${index} for ${path}`;
}

/** A hunk whose old lines are not in the file: names it, shows how it starts and the closest real lines. */
export function describeMissingHunk(format: EditFormat, path: string, hunk: Hunk, nearest: NearestRegion | null): HunkFailure {
  const hunkHead = readHunkHead(hunk);
  const what = format === 'diff' ? 'its context and removed lines' : 'its SEARCH text';
  const parts = [`${nameHunk(format, path, hunk.index)} was not found: ${what} match nothing in the file. It starts:`];
  parts.push(...hunkHead.map((line) => `    | ${clip(line)}`));
  if (nearest) {
    const percent = Math.round(nearest.similarity * 100);
    parts.push(`The closest lines in ${path} are ${nearest.startLine}-${nearest.endLine} (${percent}% alike):`);
    const width = String(nearest.endLine).length;
    parts.push(...nearest.lines.map((line, k) => `    ${String(nearest.startLine + k).padStart(width)} | ${clip(line)}`));
  } else {
    parts.push(`${path} is empty.`);
  }
  parts.push(`Copy ${what} exactly from the file.`);
  return { reason: 'not-found', path, hunkIndex: hunk.index, hunkHead, nearest, message: parts.join('\n') };
}

/** A failure that is about a whole file or a hunk, without a nearest region. */
export function describeFailure(
  reason: HunkFailureReason,
  path: string | null,
  message: string,
  hunk: Hunk | null = null,
): HunkFailure {
  return { reason, path, hunkIndex: hunk?.index ?? null, hunkHead: hunk ? readHunkHead(hunk) : [], nearest: null, message };
}
