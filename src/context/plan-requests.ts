import type { CodeSymbol, ContextReason } from './types.js';

/**
 * What each chosen file asks of the budget, before the budget is applied: alternative sets of line
 * ranges, largest first. Pure.
 */

/** A 1-based inclusive line range. */
export type LineRange = readonly [start: number, end: number];

/** One file's claim on the budget. */
export interface SnippetRequest {
  path: string;
  reason: ContextReason;
  symbol?: string;
  score: number;
  /** Sets of ranges to try in order; the first that fits the remaining budget is taken. */
  choices: ReadonlyArray<readonly LineRange[]>;
  /** When no choice fits, take as many lines from the start of the last choice's first range as fit. */
  truncatable: boolean;
}

/** Lines of context on each side of a symbol; lexical hits get half as many. */
export const SNIPPET_RADIUS = 40;

/** Lexical hit windows taken per file at most. */
export const MAX_LEXICAL_WINDOWS = 2;

function around(start: number, end: number, radius: number, lineCount: number): LineRange {
  return [Math.max(1, start - radius), Math.min(lineCount, end + radius)];
}

function distinct(choices: ReadonlyArray<readonly LineRange[]>): Array<readonly LineRange[]> {
  const seen = new Set<string>();
  return choices.filter((choice) => {
    const key = JSON.stringify(choice);
    if (choice.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A file the goal (or the caller) named: all of it, else its head and windows around hits, else its head. */
export function planNamedFile(path: string, lineCount: number, hitLines: readonly number[], radius = SNIPPET_RADIUS): SnippetRequest {
  const head: LineRange = [1, Math.min(lineCount, radius)];
  const windows = hitLines.slice(0, MAX_LEXICAL_WINDOWS).map((line) => around(line, line, radius / 2, lineCount));
  const choices = distinct([[[1, lineCount]], [head, ...windows], [head]]);
  return { path, reason: 'named-file', score: 3, choices, truncatable: true };
}

/** A symbol the goal named: its range with `radius` lines each side, else its range alone (truncatable). */
export function planNamedSymbol(path: string, symbol: CodeSymbol, lineCount: number, radius = SNIPPET_RADIUS): SnippetRequest {
  const start = Math.min(symbol.startLine, lineCount);
  const end = Math.min(Math.max(symbol.endLine, start), lineCount);
  const choices = distinct([[around(start, end, radius, lineCount)], [[start, end]]]);
  return { path, reason: 'named-symbol', symbol: symbol.name, score: 2, choices, truncatable: true };
}

/** A lexically ranked file: all of it when short, else windows around its best hit lines. */
export function planLexical(
  path: string,
  score: number,
  lineCount: number,
  hitLines: readonly number[],
  radius = SNIPPET_RADIUS,
): SnippetRequest {
  const half = Math.ceil(radius / 2);
  const windows = hitLines.slice(0, MAX_LEXICAL_WINDOWS).map((line) => around(line, line, half, lineCount));
  const first = windows.slice(0, 1);
  const whole: LineRange[] = lineCount <= 2 * radius + 1 ? [[1, lineCount]] : [];
  const head: LineRange[] = windows.length === 0 ? [[1, Math.min(lineCount, radius)]] : [];
  return { path, reason: 'lexical', score, choices: distinct([whole, windows, first, head]), truncatable: false };
}
