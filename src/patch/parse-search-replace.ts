import { stripCr } from './text-lines.js';
import type { FileEdit, HunkLine, ParsedEdits, ParseProblem } from './types.js';

const SEARCH = /^<{5,9} ?SEARCH\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^>{5,9} ?REPLACE\s*$/;
const FENCE = /^(```|~~~)/;

/**
 * Parses aider-style SEARCH/REPLACE blocks. Each block's path is the closest line above it that is
 * not a code fence; a block without one edits the previous block's file. An empty SEARCH creates
 * the file. Blocks apply in order, each to the file as the blocks before it left it.
 */
export function parseSearchReplace(text: string): ParsedEdits {
  const input = text.split('\n').map(stripCr);
  const edits: FileEdit[] = [];
  const problems: ParseProblem[] = [];
  const blocksPerPath = new Map<string, number>();
  let lastPath: string | null = null;
  let at = 0;
  while (at < input.length) {
    if (!SEARCH.test(input[at] ?? '')) {
      if (DIVIDER.test(input[at] ?? '') || REPLACE.test(input[at] ?? '')) {
        problems.push({ line: at + 1, message: `'${input[at]}' outside a SEARCH/REPLACE block`, isFatal: true });
      }
      at += 1;
      continue;
    }
    const start = at;
    const path: string | null = findBlockPath(input, start) ?? lastPath;
    const divider = findLine(input, start + 1, DIVIDER, [SEARCH, REPLACE]);
    const end = divider === -1 ? -1 : findLine(input, divider + 1, REPLACE, [SEARCH, DIVIDER]);
    if (divider === -1 || end === -1) {
      const missing = divider === -1 ? "'======='" : "'>>>>>>> REPLACE'";
      problems.push({ line: start + 1, message: `SEARCH block at line ${start + 1} has no ${missing}`, isFatal: true });
      const nextBlock = findLine(input, start + 1, SEARCH, []);
      at = nextBlock === -1 ? input.length : nextBlock;
      continue;
    }
    at = end + 1;
    if (!path) {
      problems.push({ line: start + 1, message: `SEARCH block at line ${start + 1} names no file on the line above it`, isFatal: true });
      continue;
    }
    lastPath = path;
    const index = (blocksPerPath.get(path) ?? 0) + 1;
    blocksPerPath.set(path, index);
    const search = input.slice(start + 1, divider);
    const replace = input.slice(divider + 1, end);
    const isCreate = search.every((line) => line.trim() === '');
    const lines: HunkLine[] = [
      ...(isCreate ? [] : search.map((line): HunkLine => ({ op: 'remove', text: line }))),
      ...replace.map((line): HunkLine => ({ op: 'add', text: line })),
    ];
    const hunk = { index, lines, oldStartHint: null, hasNoNewlineBefore: false, hasNoNewlineAfter: false };
    edits.push({ kind: isCreate ? 'create' : 'modify', path, fromPath: null, hunks: [hunk], mode: null, isBinary: false });
  }
  if (edits.length === 0 && problems.length === 0) {
    problems.push({ line: 1, message: 'no SEARCH/REPLACE blocks found', isFatal: true });
  }
  return { format: 'search-replace', edits, wellFormed: problems.length === 0, problems };
}

function findLine(input: readonly string[], from: number, wanted: RegExp, stops: readonly RegExp[]): number {
  for (let at = from; at < input.length; at += 1) {
    const line = input[at] ?? '';
    if (wanted.test(line)) return at;
    if (stops.some((stop) => stop.test(line))) return -1;
  }
  return -1;
}

/** The path on the closest line above a block, skipping fences; decorations like `**x**` or `x:` dropped. */
function findBlockPath(input: readonly string[], start: number): string | null {
  for (let at = start - 1; at >= 0 && at >= start - 3; at -= 1) {
    const line = (input[at] ?? '').trim();
    if (line === '' || (FENCE.test(line) && !/^(```|~~~)\S*[/.]\S*$/.test(line))) continue;
    if (REPLACE.test(line)) return null;
    const path = line
      .replace(/^(```|~~~)/, '')
      .replace(/^#+\s*/, '')
      .replace(/^[*`'"]+|[*`'":]+$/g, '')
      .trim();
    const isProse = /\s/.test(path) && !/[/\\]|\.\w+$/.test(path);
    return path === '' || isProse || /^(diff|---|\+\+\+) /.test(path) ? null : path;
  }
  return null;
}
