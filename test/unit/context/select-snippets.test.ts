import { describe, expect, it } from 'vitest';
import { planLexical, planNamedFile, planNamedSymbol } from '../../../src/context/plan-requests.js';
import { estimateTokens, renderContext } from '../../../src/context/render-context.js';
import { selectSnippets } from '../../../src/context/select-snippets.js';

const numbered = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix} line ${index + 1}`);

describe('snippet plans', () => {
  it('asks for a whole named file, then its head and hit windows, then its head', () => {
    expect(planNamedFile('a.ts', 300, [150]).choices).toEqual([[[1, 300]], [[1, 40], [130, 170]], [[1, 40]]]);
    expect(planNamedFile('a.ts', 10, []).choices).toEqual([[[1, 10]]]);
  });

  it('asks for a symbol with 40 lines each side, clipped, then the bare symbol', () => {
    const request = planNamedSymbol('a.ts', { name: 'clamp', kind: 'function', startLine: 20, endLine: 30 }, 50);
    expect(request.choices).toEqual([[[1, 50]], [[20, 30]]]);
    expect(request.symbol).toBe('clamp');
  });

  it('takes a short lexical file whole and a long one around its hits', () => {
    expect(planLexical('a.ts', 0.5, 60, [30]).choices[0]).toEqual([[1, 60]]);
    expect(planLexical('a.ts', 0.5, 500, [100, 300]).choices).toEqual([[[80, 120], [280, 320]], [[80, 120]]]);
  });
});

describe('selectSnippets', () => {
  const files = new Map([
    ['big.ts', numbered(400, 'big')],
    ['small.ts', numbered(30, 'small')],
    ['other.ts', numbered(30, 'other')],
  ]);

  it('merges overlapping snippets of one file and keeps the best reason', () => {
    const bundle = selectSnippets(
      [
        planNamedSymbol('big.ts', { name: 'a', kind: 'function', startLine: 100, endLine: 110 }, 400),
        planNamedSymbol('big.ts', { name: 'b', kind: 'function', startLine: 140, endLine: 150 }, 400),
        planLexical('big.ts', 0.4, 400, [120]),
      ],
      files,
      100_000,
    );
    expect(bundle.items).toHaveLength(1);
    expect(bundle.items[0]).toMatchObject({ path: 'big.ts', start_line: 60, end_line: 190, reason: 'named-symbol', symbol: 'a, b', score: 2 });
    expect(bundle.items[0]?.text.split('\n')).toHaveLength(131);
  });

  it('stays within the budget, truncates what it can and records the rest as over-budget', () => {
    const requests = [
      planNamedFile('big.ts', 400, []),
      planLexical('small.ts', 0.9, 30, [3]),
      planLexical('other.ts', 0.1, 30, [3]),
    ];
    const budget = 450;
    const bundle = selectSnippets(requests, files, budget);
    expect(bundle.tokens).toBeLessThanOrEqual(budget);
    expect(bundle.tokens).toBe(estimateTokens(renderContext(bundle)));
    expect(bundle.items.map((item) => [item.path, item.start_line, item.end_line])).toEqual([
      ['big.ts', 1, 40],
      ['small.ts', 1, 30],
    ]);
    expect(bundle.omitted).toEqual([{ path: 'other.ts', reason: 'over-budget' }]);
  });

  it('truncates a named file whose head does not fit, and returns nothing for a tiny budget', () => {
    const truncated = selectSnippets([planNamedFile('big.ts', 400, [])], files, 150);
    expect(truncated.items[0]?.start_line).toBe(1);
    expect(truncated.items[0]?.end_line).toBeLessThan(40);
    expect(truncated.tokens).toBeLessThanOrEqual(150);
    const none = selectSnippets([planNamedFile('big.ts', 400, [])], files, 10);
    expect(none).toEqual({ items: [], tokens: 0, omitted: [{ path: 'big.ts', reason: 'over-budget' }] });
  });
});
