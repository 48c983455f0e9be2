import { structuredPatch } from 'diff';

/** One run of changed lines: what was there and what replaced it (texts without line endings). */
export interface LineHunk {
  removed: string[];
  added: string[];
}

/** A file's line diff, as the canonical patch counts it. */
export interface FileLineDiff {
  hunks: LineHunk[];
  added: string[];
  removed: string[];
}

/** The changed lines between two texts (a lost or gained final newline counts as a changed line). */
export function diffFileLines(before: string, after: string): FileLineDiff {
  const patch = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 });
  const hunks = patch.hunks.map((hunk) => {
    const lines = hunk.lines.filter((line) => !line.startsWith('\\')).map((line) => line.replace(/\r$/, ''));
    return {
      removed: lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1)),
      added: lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1)),
    };
  });
  return { hunks, added: hunks.flatMap((hunk) => hunk.added), removed: hunks.flatMap((hunk) => hunk.removed) };
}

/** The number of lines of a text, not counting an empty string after a final newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}
