import { describeFailure, describeMissingHunk, nameHunk } from './hunk-failure.js';
import { locateHunk, type HunkMatch, type IndentShift } from './locate-hunk.js';
import { findNearestRegion } from './nearest-lines.js';
import { joinLines, splitLines, type FileLine } from './text-lines.js';
import type { EditFormat, Hunk, HunkFailure } from './types.js';

/** A file's new content, or why some of its hunks did not apply. */
export type HunksOutcome = { ok: true; content: string } | { ok: false; failures: HunkFailure[] };

interface Located {
  hunk: Hunk;
  match: HunkMatch;
}

/**
 * Applies hunks to a file's content. Each hunk is located on its own in the original content (so
 * one bad hunk does not hide the others), then all are spliced in from the bottom up. Lines heal
 * adds take the file's line ending; untouched lines keep theirs.
 */
export function applyHunks(format: EditFormat, path: string, content: string, hunks: readonly Hunk[]): HunksOutcome {
  const { lines, eol } = splitLines(content);
  const texts = lines.map((line) => line.text);
  const failures: HunkFailure[] = [];
  const located: Located[] = [];
  let after = 0;
  for (const hunk of hunks) {
    const old = hunk.lines.filter((line) => line.op !== 'add').map((line) => line.text);
    const hintLine = hunk.oldStartHint === null ? null : Math.max(0, hunk.oldStartHint - (old.length > 0 ? 1 : 0));
    const match = old.length === 0 ? insertionPoint(texts.length, hintLine) : locateHunk(texts, old, { line: hintLine, after });
    if (!match) {
      failures.push(describeMissingHunk(format, path, hunk, findNearestRegion(texts, old)));
      continue;
    }
    located.push({ hunk, match });
    after = match.end;
  }
  const ordered = [...located].sort((a, b) => a.match.start - b.match.start);
  for (let i = 1; i < ordered.length; i += 1) {
    const { hunk, match } = ordered[i] ?? { hunk: null, match: null };
    const previous = ordered[i - 1];
    if (hunk && match && previous && match.start < previous.match.end) {
      const message = `${nameHunk(format, path, hunk.index)} overlaps ${nameHunk(format, path, previous.hunk.index)} (both change lines ${match.start + 1}-${Math.min(match.end, previous.match.end)}); merge them into one.`;
      failures.push(describeFailure('overlap', path, message, hunk));
    }
  }
  if (failures.length > 0) return { ok: false, failures };
  const hadFinalNewline = (lines.at(-1)?.eol ?? '\n') !== '';
  let hasFinalNewline = hadFinalNewline;
  // Rebuilt front to back: splicing a large hunk's lines in as arguments would overflow the stack.
  const result: FileLine[] = [];
  let cursor = 0;
  for (const { hunk, match } of ordered) {
    for (let i = cursor; i < match.start; i += 1) result.push(lines[i] as FileLine);
    for (const line of spliceHunk(lines, hunk, match, eol)) result.push(line);
    cursor = match.end;
    if (match.end === lines.length) {
      if (hunk.hasNoNewlineAfter) hasFinalNewline = false;
      else if (hunk.hasNoNewlineBefore) hasFinalNewline = true;
    }
  }
  for (let i = cursor; i < lines.length; i += 1) result.push(lines[i] as FileLine);
  return { ok: true, content: joinLines(settleEndings(result, eol, hasFinalNewline)) };
}

function insertionPoint(fileLength: number, hintLine: number | null): HunkMatch {
  const at = Math.min(hintLine ?? fileLength, fileLength);
  return { level: 'exact', start: at, end: at, mapping: [], indent: { kind: 'none' } };
}

/** The lines that replace the matched region: the file's own context lines, the hunk's added lines. */
function spliceHunk(file: readonly FileLine[], hunk: Hunk, match: HunkMatch, eol: string): FileLine[] {
  const out: FileLine[] = [];
  let cursor = match.start;
  let oldIndex = 0;
  let previousOp: 'context' | 'remove' | null = null;
  for (const line of hunk.lines) {
    if (line.op === 'add') {
      out.push({ text: reindent(line.text, match.indent, oldIndex), eol });
      continue;
    }
    const j = match.mapping[oldIndex];
    oldIndex += 1;
    if (j === null || j === undefined) continue;
    // Blank lines the hunk left out stay, unless they sit inside a run of removed lines.
    const isInsideRemoval = line.op === 'remove' && previousOp === 'remove';
    for (; cursor < j; cursor += 1) if (!isInsideRemoval) out.push(file[cursor] ?? { text: '', eol });
    if (line.op === 'context') out.push(file[j] ?? { text: '', eol });
    cursor = j + 1;
    previousOp = line.op;
  }
  return out;
}

/**
 * Re-indents an added line the way the file's indentation differs from the hunk's; with no
 * consistent difference, like the nearest old-side line (`nextOld` is the one it precedes).
 */
function reindent(text: string, indent: IndentShift, nextOld: number): string {
  if (indent.kind === 'none' || text.trim() === '') return text;
  const width = (/^\s*/.exec(text)?.[0] ?? '').length;
  const wanted =
    indent.kind === 'local'
      ? width + nearestOffset(indent.offsets, nextOld)
      : indent.kind === 'shift'
        ? width + indent.by
        : Math.round(width * indent.by);
  return indent.char.repeat(Math.max(0, wanted)) + text.slice(width);
}

function nearestOffset(offsets: readonly (number | null)[], nextOld: number): number {
  for (let distance = 0; distance < offsets.length; distance += 1) {
    const following = offsets[nextOld + distance];
    if (following !== null && following !== undefined) return following;
    const preceding = offsets[nextOld - 1 - distance];
    if (preceding !== null && preceding !== undefined) return preceding;
  }
  return 0;
}

/** Every line but the last ends with a newline; the last one does when the file should. */
function settleEndings(lines: FileLine[], eol: string, hasFinalNewline: boolean): FileLine[] {
  return lines.map((line, i) => {
    if (i < lines.length - 1) return line.eol === '' ? { text: line.text, eol } : line;
    if (!hasFinalNewline) return { text: line.text, eol: '' };
    return line.eol === '' ? { text: line.text, eol } : line;
  });
}
