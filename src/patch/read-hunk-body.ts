import type { HunkLine } from './types.js';

/** A hunk's lines as read, and where reading stopped. */
export interface HunkBody {
  lines: HunkLine[];
  hasNoNewlineBefore: boolean;
  hasNoNewlineAfter: boolean;
  /** Index of the first input line after the hunk. */
  next: number;
  /** What had to be tolerated (wrong counts, a context line without its leading space). */
  problems: { line: number; message: string }[];
}

/** The counts of a hunk header, when it has numbers. */
export interface HunkCounts {
  oldCount: number;
  newCount: number;
}

/** True when the input line opens something other than hunk content. */
export function isSectionStart(input: readonly string[], at: number): boolean {
  const line = input[at] ?? '';
  if (line.startsWith('diff --git ') || line.startsWith('@@') || line.startsWith('```')) return true;
  return line.startsWith('--- ') && (input[at + 1] ?? '').startsWith('+++ ');
}

/**
 * Reads the lines after a `@@` header. The header's counts only break ties (a `--- x` line is a
 * removed line while the counts still expect one), since models miscount: reading goes on past the
 * counts while lines still look like hunk lines, and an unprefixed line inside a hunk is read as
 * context (a model that dropped the leading space). Empty lines are blank context, except trailing ones.
 */
export function readHunkBody(input: readonly string[], start: number, counts: HunkCounts | null): HunkBody {
  const body: HunkBody = { lines: [], hasNoNewlineBefore: false, hasNoNewlineAfter: false, next: start, problems: [] };
  const bare = new Set<number>();
  let oldSeen = 0;
  let newSeen = 0;
  const isExpecting = () => counts !== null && (oldSeen < counts.oldCount || newSeen < counts.newCount);
  const push = (line: HunkLine) => {
    body.lines.push(line);
    if (line.op !== 'add') oldSeen += 1;
    if (line.op !== 'remove') newSeen += 1;
  };
  let at = start;
  for (; at < input.length; at += 1) {
    const line = input[at] ?? '';
    const expecting = isExpecting();
    if (expecting ? /^(@@|diff --git |```)/.test(line) : isSectionStart(input, at)) break;
    const op = line[0];
    if (line === '') {
      if (!expecting && counts !== null) break;
      bare.add(body.lines.length);
      push({ op: 'context', text: '' });
    } else if (op === ' ' || op === '-' || op === '+') {
      push({ op: op === ' ' ? 'context' : op === '-' ? 'remove' : 'add', text: line.slice(1) });
    } else if (op === '\\') {
      markNoNewline(body);
    } else if (expecting || (counts === null && hasMoreHunkLines(input, at + 1))) {
      body.problems.push({ line: at + 1, message: `line ${at + 1} has no leading space; read as a context line` });
      push({ op: 'context', text: line });
    } else {
      break;
    }
  }
  while (body.lines.length > 0 && bare.has(body.lines.length - 1) && (counts === null || oldSeen > counts.oldCount)) {
    body.lines.pop();
    oldSeen -= 1;
    newSeen -= 1;
  }
  if (counts !== null && (oldSeen !== counts.oldCount || newSeen !== counts.newCount)) {
    body.problems.push({
      line: start,
      message: `hunk at line ${start} has ${oldSeen} old and ${newSeen} new lines; its header says ${counts.oldCount} and ${counts.newCount}`,
    });
  }
  body.next = at;
  return body;
}

function markNoNewline(body: HunkBody): void {
  const last = body.lines.at(-1);
  if (!last) return;
  if (last.op !== 'add') body.hasNoNewlineBefore = true;
  if (last.op !== 'remove') body.hasNoNewlineAfter = true;
}

function hasMoreHunkLines(input: readonly string[], from: number): boolean {
  for (let at = from; at < input.length && !isSectionStart(input, at); at += 1) {
    if (/^[-+ ]/.test(input[at] ?? '')) return true;
  }
  return false;
}
