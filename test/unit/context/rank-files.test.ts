import { describe, expect, it } from 'vitest';
import { documentTokens, findHitLines, rankFiles } from '../../../src/context/rank-files.js';
import { tokenize } from '../../../src/context/tokenize.js';

const doc = (path: string, text: string) => ({ path, tokens: documentTokens(path, text) });

describe('BM25 ranking', () => {
  const documents = [
    doc('src/session.ts', 'export function openSession() { return refreshToken(); }'),
    doc('src/math.ts', 'export function clamp(value, min, max) { return Math.min(max, value); }'),
    doc('src/render.ts', 'export function render(page) { return page.html; }'),
    doc('src/auth.ts', 'import { refreshToken } from "./token.js"; // session session'),
  ];

  it('ranks files by the goal terms, best first, normalised to 1, and leaves unrelated files out', () => {
    const ranked = rankFiles(documents, tokenize('the session expires before refreshToken runs'));
    expect(ranked.map((file) => file.path)).toEqual(['src/session.ts', 'src/auth.ts']);
    expect(ranked[0]?.score).toBe(1);
    expect(ranked[1]?.score).toBeGreaterThan(0);
    expect(ranked[1]?.score).toBeLessThan(1);
  });

  it('returns nothing for an empty query or corpus', () => {
    expect(rankFiles(documents, [])).toEqual([]);
    expect(rankFiles([], ['clamp'])).toEqual([]);
  });

  it('finds the lines with the most distinct goal terms', () => {
    const lines = ['a', 'clamp the value', 'x', 'clamp value to max', 'max'];
    expect(findHitLines(lines, ['clamp', 'value', 'max'], 2)).toEqual([4, 2]);
  });
});
