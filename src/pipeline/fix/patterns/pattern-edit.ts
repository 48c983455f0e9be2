import { joinLines, splitLines } from '../../../patch/text-lines.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/**
 * Text edits the pattern fixes share. Every edit keeps each untouched line byte-for-byte (its own
 * line ending included), gives new lines the file's dominant ending, and keeps the presence or
 * absence of a final newline.
 */

/** The pattern rules of rung 3; `guard-none` candidates are the riskiest and are tried last. */
export type PatternRule = 'missing-import' | 'missing-await' | 'none-comparison' | 'guard-none';

/** A replacement of the text between two offsets. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits to `text` (in any order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** The file's lines without their endings. */
export function toLines(text: string): string[] {
  return splitLines(text).lines.map((line) => line.text);
}

/** Inserts `added` before the 0-based line `index` (`index` = line count appends). */
export function insertLines(text: string, index: number, added: readonly string[]): string {
  const { lines, eol } = splitLines(text);
  const last = lines.at(-1);
  // Appending after a last line without newline: that line gets one, the file still ends without.
  if (index >= lines.length && last !== undefined && last.eol === '') {
    last.eol = eol;
    const tail = added.map((line, position) => ({ text: line, eol: position === added.length - 1 ? '' : eol }));
    return joinLines([...lines, ...tail]);
  }
  const inserted = added.map((line) => ({ text: line, eol }));
  return joinLines([...lines.slice(0, index), ...inserted, ...lines.slice(index)]);
}

/** Replaces the text (not the ending) of the 1-based line `line`. */
export function replaceLine(text: string, line: number, replacement: string): string {
  const { lines } = splitLines(text);
  const target = lines[line - 1];
  if (target === undefined) return text;
  target.text = replacement;
  return joinLines(lines);
}

/** The offset where the 1-based line `line` starts. */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** A single-file candidate of rung 3, or null when the edit changed nothing. */
export function makePatternCandidate(
  analysis: FailureAnalysis,
  rule: PatternRule,
  description: string,
  path: string,
  before: string,
  after: string,
): FixCandidate | null {
  if (before === after) return null;
  return {
    strategy: 'pattern',
    rule,
    description,
    files: [{ path, kind: 'modify', before, after }],
    targets: [analysis.failureId],
  };
}

/** Where the fix goes: the analysed fix location, else the failing test's own frame. */
export function pickLocations(analysis: FailureAnalysis): NonNullable<FailureAnalysis['location']>[] {
  const found = [analysis.location, analysis.testLocation].filter((location) => location !== null);
  return found.filter((location, index) => found.findIndex((other) => other.file === location.file && other.line === location.line) === index);
}

/** True for the JS/TS family of source files (declaration files excluded). */
export function isJsLike(path: string): boolean {
  return /\.(m|c)?(t|j)sx?$/.test(path) && !/\.d\.[cm]?ts$/.test(path);
}

/** True for TypeScript sources (where `import type` exists). */
export function isTsSource(path: string): boolean {
  return /\.(m|c)?tsx?$/.test(path);
}
