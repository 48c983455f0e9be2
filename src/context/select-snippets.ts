import type { LineRange, SnippetRequest } from './plan-requests.js';
import { measureRendered, renderItem } from './render-context.js';
import type { ContextBundle, ContextItem, ContextReason, OmittedFile } from './types.js';

/**
 * Fits requests into a token budget. Requests come best first; each takes the first of its choices
 * whose rendering still fits, merged with what its file already has (overlapping or adjacent
 * snippets become one). A request that fits in no form is recorded in `omitted` as over-budget, so
 * the lowest-ranked are the ones dropped. The budget counts the whole rendered text (preface,
 * wrappers, line numbers). Pure.
 */

/** A merged snippet while selecting; `rank` is the index of the best request that contributed. */
interface Span {
  start: number;
  end: number;
  rank: number;
  reason: ContextReason;
  score: number;
  symbols: string[];
}

/** Fewer lines than this are not worth a truncated snippet. */
const MIN_TRUNCATED_LINES = 5;

function mergeSpans(spans: readonly Span[], added: readonly Span[]): Span[] {
  const sorted = [...spans, ...added].sort((a, b) => a.start - b.start || a.rank - b.rank);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end + 1) {
      const best = span.rank < last.rank ? span : last;
      merged[merged.length - 1] = {
        ...best,
        start: last.start,
        end: Math.max(last.end, span.end),
        score: Math.max(last.score, span.score),
        symbols: [...new Set([...last.symbols, ...span.symbols])],
      };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

function toItem(path: string, lines: readonly string[], span: Span): ContextItem {
  const item: ContextItem = {
    path,
    start_line: span.start,
    end_line: span.end,
    reason: span.reason,
    score: span.score,
    text: lines.slice(span.start - 1, span.end).join('\n'),
  };
  return span.symbols.length > 0 ? { ...item, symbol: span.symbols.join(', ') } : item;
}

/** Selects snippets of `files` (path → lines, secrets already redacted) within `budgetTokens`. */
export function selectSnippets(
  requests: readonly SnippetRequest[],
  files: ReadonlyMap<string, readonly string[]>,
  budgetTokens: number,
): ContextBundle {
  const budgetChars = Math.max(0, budgetTokens) * 4;
  const spans = new Map<string, Span[]>();
  const lengths = new Map<string, number[]>();
  const omitted: OmittedFile[] = [];
  const measure = (path: string, lines: readonly string[], candidate: readonly Span[]): number[] =>
    candidate.map((span) => renderItem(toItem(path, lines, span)).length);
  const totalWith = (path: string, pathLengths: readonly number[]): number =>
    measureRendered([...[...lengths].filter(([other]) => other !== path).flatMap(([, values]) => values), ...pathLengths]);

  requests.forEach((request, rank) => {
    const lines = files.get(request.path);
    if (!lines) return;
    const current = spans.get(request.path) ?? [];
    const toSpans = (ranges: readonly LineRange[]): Span[] =>
      ranges.map(([start, end]) => ({ start, end, rank, reason: request.reason, score: request.score, symbols: request.symbol ? [request.symbol] : [] }));
    const tryRanges = (ranges: readonly LineRange[]): boolean => {
      const candidate = mergeSpans(current, toSpans(ranges));
      const candidateLengths = measure(request.path, lines, candidate);
      if (totalWith(request.path, candidateLengths) > budgetChars) return false;
      spans.set(request.path, candidate);
      lengths.set(request.path, candidateLengths);
      return true;
    };
    if (request.choices.some(tryRanges)) return;
    const first = request.choices.at(-1)?.[0];
    if (request.truncatable && first && truncate(first, tryRanges)) return;
    omitted.push({ path: request.path, reason: 'over-budget' });
  });

  const items = [...spans]
    .flatMap(([path, pathSpans]) => pathSpans.map((span) => ({ span, item: toItem(path, files.get(path) ?? [], span) })))
    .sort((a, b) => a.span.rank - b.span.rank || a.span.start - b.span.start)
    .map(({ item }) => item);
  const chars = measureRendered([...lengths.values()].flat());
  return { items, tokens: Math.ceil(chars / 4), omitted };
}

/** Binary search for the longest head of `range` that fits; false when not even a few lines do. */
function truncate(range: LineRange, tryRanges: (ranges: readonly LineRange[]) => boolean): boolean {
  const [start, end] = range;
  let low = MIN_TRUNCATED_LINES;
  let high = end - start;
  let fitted = false;
  while (low <= high) {
    const size = Math.floor((low + high) / 2);
    if (tryRanges([[start, start + size - 1]])) {
      fitted = true;
      low = size + 1;
    } else {
      high = size - 1;
    }
  }
  return fitted;
}
