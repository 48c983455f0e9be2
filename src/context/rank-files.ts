import { tokenize } from './tokenize.js';

/**
 * Lexical ranking of files against a goal: Okapi BM25 over identifier-split tokens. A file's path
 * tokens are counted three times, so `src/auth/session.ts` ranks for "session" even when the word
 * is rare in its body. Pure.
 */

/** A file as the ranking sees it. */
export interface RankDocument {
  path: string;
  tokens: readonly string[];
}

/** A file's relevance: BM25 normalised so the best file scores 1. */
export interface RankedFile {
  path: string;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
const PATH_WEIGHT = 3;

/** The tokens BM25 counts for a file: its text's, and its path's with extra weight. */
export function documentTokens(path: string, text: string): string[] {
  const pathTokens = tokenize(path.replace(/\.[A-Za-z0-9]+$/, ''));
  return [...tokenize(text), ...Array.from({ length: PATH_WEIGHT }, () => pathTokens).flat()];
}

/** Files with a positive score for `terms`, best first (ties by path). */
export function rankFiles(documents: readonly RankDocument[], terms: readonly string[]): RankedFile[] {
  const query = [...new Set(terms)];
  if (documents.length === 0 || query.length === 0) return [];
  const counts = documents.map((document) => {
    const tf = new Map<string, number>();
    for (const token of document.tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    return tf;
  });
  const averageLength = documents.reduce((sum, document) => sum + document.tokens.length, 0) / documents.length || 1;
  const idf = new Map(
    query.map((term) => {
      const df = counts.filter((tf) => tf.has(term)).length;
      return [term, Math.log(1 + (documents.length - df + 0.5) / (df + 0.5))];
    }),
  );
  const scored = documents.map((document, index) => {
    const tf = counts[index] ?? new Map<string, number>();
    const norm = K1 * (1 - B + (B * document.tokens.length) / averageLength);
    const score = query.reduce((sum, term) => {
      const frequency = tf.get(term) ?? 0;
      return sum + ((idf.get(term) ?? 0) * frequency * (K1 + 1)) / (frequency + norm);
    }, 0);
    return { path: document.path, score };
  });
  const best = scored.reduce((max, file) => Math.max(max, file.score), 0);
  return scored
    .filter((file) => file.score > 0)
    .map((file) => ({ path: file.path, score: file.score / best }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

/** 1-based lines holding the most distinct query terms, best first, at most `limit`. */
export function findHitLines(lines: readonly string[], terms: readonly string[], limit: number): number[] {
  const query = new Set(terms);
  return lines
    .map((line, index) => ({ line: index + 1, hits: new Set(tokenize(line).filter((token) => query.has(token))).size }))
    .filter((entry) => entry.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.line - b.line)
    .slice(0, limit)
    .map((entry) => entry.line);
}
