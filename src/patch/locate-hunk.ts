/** How loosely a hunk's old side had to be compared to find it. */
export type MatchLevel = 'exact' | 'trailing-whitespace' | 'indentation' | 'blank-lines';

/** Where a hunk's old side sits in the file. */
export interface HunkMatch {
  level: MatchLevel;
  /** File lines [start, end) the hunk replaces. */
  start: number;
  end: number;
  /** The file line of each old-side line; null for a blank hunk line the file does not have. */
  mapping: (number | null)[];
  /** How the file's indentation differs from the hunk's, for re-indenting added lines. */
  indent: IndentShift;
}

/**
 * The file is indented `by` more characters than the hunk (shift), or `by` times as much (scale,
 * e.g. a hunk written with 2 spaces for a file with 4), or neither consistently (local: the shift
 * of each old-side line, null for blank ones); `char` is the file's indent character.
 */
export type IndentShift =
  | { kind: 'none' }
  | { kind: 'shift' | 'scale'; by: number; char: string }
  | { kind: 'local'; offsets: (number | null)[]; char: string };

/** Where to look: the header's line (0-based) as a tie-breaker, and where the previous hunk ended. */
export interface LocateHint {
  line: number | null;
  after: number;
}

const LEVELS: readonly [MatchLevel, (line: string) => string][] = [
  ['exact', (line) => line],
  ['trailing-whitespace', (line) => line.trimEnd()],
  ['indentation', (line) => line.trim()],
];

/**
 * Finds a hunk's old lines in the file: exactly, then ignoring trailing whitespace, then ignoring
 * indentation, then ignoring blank lines too. Among equal matches the one after the previous hunk
 * and closest to the header's line wins. Null when the lines are nowhere.
 */
export function locateHunk(file: readonly string[], old: readonly string[], hint: LocateHint): HunkMatch | null {
  for (const [level, normalize] of LEVELS) {
    const wanted = old.map(normalize);
    const starts: number[] = [];
    for (let start = 0; start + old.length <= file.length; start += 1) {
      if (wanted.every((line, k) => normalize(file[start + k] ?? '') === line)) starts.push(start);
    }
    const start = pickClosest(starts, hint);
    if (start !== null) {
      const mapping = old.map((_, k) => start + k);
      return { level, start, end: start + old.length, mapping, indent: readIndent(file, old, mapping) };
    }
  }
  return locateIgnoringBlankLines(file, old, hint);
}

function locateIgnoringBlankLines(file: readonly string[], old: readonly string[], hint: LocateHint): HunkMatch | null {
  const oldSolid = old.flatMap((line, k) => (line.trim() === '' ? [] : [k]));
  const fileSolid = file.flatMap((line, j) => (line.trim() === '' ? [] : [j]));
  if (oldSolid.length === 0) return null;
  const starts: number[] = [];
  for (let p = 0; p + oldSolid.length <= fileSolid.length; p += 1) {
    const isMatch = oldSolid.every((k, t) => (file[fileSolid[p + t] ?? -1] ?? '').trim() === (old[k] ?? '').trim());
    if (isMatch) starts.push(fileSolid[p] ?? 0);
  }
  const first = pickClosest(starts, hint);
  if (first === null) return null;
  const p = fileSolid.indexOf(first);
  const mapping: (number | null)[] = old.map(() => null);
  oldSolid.forEach((k, t) => (mapping[k] = fileSolid[p + t] ?? null));
  const { start, end } = mapBlankLines(file, old, mapping);
  return { level: 'blank-lines', start, end, mapping, indent: readIndent(file, old, mapping) };
}

/** Pairs the hunk's blank lines with the file's blank lines between the same anchors, in order. */
function mapBlankLines(file: readonly string[], old: readonly string[], mapping: (number | null)[]): { start: number; end: number } {
  const isBlank = (j: number) => j >= 0 && j < file.length && (file[j] ?? '').trim() === '';
  const anchors = mapping.flatMap((j, k) => (j === null ? [] : [k]));
  const firstAnchor = anchors[0] ?? 0;
  const lastAnchor = anchors.at(-1) ?? 0;
  let start = mapping[firstAnchor] ?? 0;
  for (let k = firstAnchor - 1; k >= 0 && isBlank(start - 1); k -= 1) mapping[k] = --start;
  let end = (mapping[lastAnchor] ?? 0) + 1;
  for (let k = lastAnchor + 1; k < old.length && isBlank(end); k += 1) mapping[k] = end++;
  for (let a = 0; a + 1 < anchors.length; a += 1) {
    const from = anchors[a] ?? 0;
    const to = anchors[a + 1] ?? 0;
    let next = (mapping[from] ?? 0) + 1;
    const limit = mapping[to] ?? 0;
    for (let k = from + 1; k < to && next < limit; k += 1) {
      if (isBlank(next)) mapping[k] = next++;
    }
  }
  return { start, end };
}

function pickClosest(starts: readonly number[], hint: LocateHint): number | null {
  const later = starts.filter((start) => start >= hint.after);
  const pool = later.length > 0 ? later : starts;
  if (pool.length === 0) return null;
  const target = hint.line ?? hint.after;
  return pool.reduce((best, start) => (Math.abs(start - target) < Math.abs(best - target) ? start : best));
}

/** Compares the leading whitespace of each matched non-blank line pair, hunk against file. */
function readIndent(file: readonly string[], old: readonly string[], mapping: readonly (number | null)[]): IndentShift {
  const leading = (line: string) => /^\s*/.exec(line)?.[0] ?? '';
  const pairs: [number, number][] = [];
  const offsets: (number | null)[] = [];
  let char = ' ';
  for (let k = 0; k < old.length; k += 1) {
    const j = mapping[k];
    const hunkLine = old[k] ?? '';
    offsets.push(null);
    if (j === null || j === undefined || hunkLine.trim() === '') continue;
    const fileIndent = leading(file[j] ?? '');
    if (fileIndent !== '' && pairs.every(([, width]) => width === 0)) char = fileIndent[0] ?? ' ';
    pairs.push([leading(hunkLine).length, fileIndent.length]);
    offsets[k] = fileIndent.length - leading(hunkLine).length;
  }
  const offset = (pairs[0]?.[1] ?? 0) - (pairs[0]?.[0] ?? 0);
  if (pairs.every(([hunk, inFile]) => inFile - hunk === offset)) return offset === 0 ? { kind: 'none' } : { kind: 'shift', by: offset, char };
  const scaled = pairs.find(([hunk]) => hunk > 0);
  const ratio = scaled ? scaled[1] / scaled[0] : 0;
  if (ratio > 0 && pairs.every(([hunk, inFile]) => Math.abs(hunk * ratio - inFile) < 0.5)) return { kind: 'scale', by: ratio, char };
  return { kind: 'local', offsets, char };
}
