import type { NearestRegion } from './types.js';

/** Longer hunks are compared on their first lines only: enough to point at the place, cheap on big files. */
const MAX_WINDOW = 40;
const EMPTY = new Float64Array(0);

/**
 * The region of the file that looks most like the hunk's old lines, compared line by line on
 * character bigrams (indentation ignored), so a model can be shown what the file really says there.
 */
export function findNearestRegion(file: readonly string[], old: readonly string[]): NearestRegion | null {
  if (file.length === 0 || old.length === 0) return null;
  const window = Math.min(old.length, file.length, MAX_WINDOW);
  const wanted = old.slice(0, window).map(toBigrams);
  const lines = file.map(toBigrams);
  let best = { start: 0, score: -1 };
  for (let start = 0; start + window <= file.length; start += 1) {
    let score = 0;
    for (let k = 0; k < window; k += 1) score += similarity(wanted[k] ?? EMPTY, lines[start + k] ?? EMPTY);
    if (score > best.score) best = { start, score };
  }
  return {
    startLine: best.start + 1,
    endLine: best.start + window,
    lines: file.slice(best.start, best.start + window),
    similarity: Math.round((best.score / window) * 100) / 100,
  };
}

/** A line's character bigrams as sorted numbers (cheap to compare); a blank line is one empty bigram. */
function toBigrams(line: string): Float64Array {
  const text = line.trim();
  if (text.length < 2) return Float64Array.of(text.length === 0 ? -1 : text.charCodeAt(0));
  const grams = new Float64Array(text.length - 1);
  for (let i = 0; i + 1 < text.length; i += 1) grams[i] = text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
  return grams.sort();
}

/** Dice coefficient of two sorted bigram lists. */
function similarity(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return (2 * shared) / (a.length + b.length);
}
