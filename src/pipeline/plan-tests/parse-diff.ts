import { readHeaderPath } from '../../patch/diff-headers.js';

/** One file of a change, read from `git diff --unified=0`. */
export interface ChangedFile {
  /** Path after the change, relative to the repository root. */
  path: string;
  /** Path before the change; null for an added file. */
  oldPath: string | null;
  /** Added or modified lines on the new side, by 1-based line number. */
  added: Map<number, string>;
  /** Removed lines' text (the old side). */
  removed: string[];
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Pure: the added and removed lines of each file in a zero-context unified diff. */
export function parseDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: ChangedFile | null = null;
  let oldPath: string | null = null;
  let nextLine = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      continue;
    }
    if (line.startsWith('--- ') && current === null) {
      oldPath = readHeaderPath(line.slice(4), 'a/');
      continue;
    }
    if (line.startsWith('+++ ') && current === null) {
      const path = readHeaderPath(line.slice(4), 'b/');
      // A deleted file has nothing left to test.
      current = { path: path ?? '', oldPath, added: new Map(), removed: [] };
      if (path !== null) files.push(current);
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk && current) {
      nextLine = Number(hunk[1]);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('+')) current.added.set(nextLine++, line.slice(1));
    else if (line.startsWith('-')) current.removed.push(line.slice(1));
  }
  return files;
}
