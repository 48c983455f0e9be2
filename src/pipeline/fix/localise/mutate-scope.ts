import { bracketDepth, textAt, type LineContext } from './mutate-context.js';
import type { Span } from './mutate-operands.js';

/** A parameter or local variable of the function around the target line. */
export interface LocalName {
  name: string;
  /** The declared type annotation's text, whitespace collapsed; null when none. */
  type: string | null;
  /** 1-based line of the declaration. */
  line: number;
}

/** The innermost function whose body holds the target line. */
export interface FunctionScope {
  name: string | null;
  /** Token indices of the body: JavaScript's braces; Python's first and last body tokens. */
  body: Span;
  params: LocalName[];
  /** Variables declared in the body (JS: let/const/var; Python: assigned), nested functions excluded. */
  locals: LocalName[];
  /** Whether the body (nested functions excluded) has a `return` (Python: or a `yield`). */
  hasReturn: boolean;
  /** The declared return type's text (`void`, `Promise<number>`, `int`), whitespace collapsed; null when none. */
  returnType: string | null;
}

/** Splits tokens `from..to` at commas outside brackets and outside `<…>` type arguments. */
export function splitTopLevel(context: LineContext, from: number, to: number): Span[] {
  const parts: Span[] = [];
  const base = bracketDepth(context, from);
  let angle = 0;
  let start = from;
  for (let at = from; at <= to; at += 1) {
    const text = textAt(context, at);
    if (bracketDepth(context, at) !== base) continue;
    if (context.language === 'js' && text === '<') angle += 1;
    if (context.language === 'js' && /^>{1,3}$/.test(text)) angle = Math.max(0, angle - text.length);
    if (text === ',' && angle === 0) {
      if (at > start) parts.push([start, at - 1]);
      start = at + 1;
    }
  }
  if (to >= start) parts.push([start, to]);
  return parts;
}

/** Index of the first token of `span` at its top level whose text is one of `texts`, or -1. */
export function findTopLevel(context: LineContext, [from, to]: Span, texts: readonly string[]): number {
  const base = bracketDepth(context, from);
  for (let at = from; at <= to; at += 1) {
    if (bracketDepth(context, at) === base && texts.includes(textAt(context, at))) return at;
  }
  return -1;
}

/** The source of tokens `from..to` with whitespace collapsed; null for an empty span. */
export function spanText(context: LineContext, from: number, to: number): string | null {
  const start = context.tokens[from]?.start;
  const end = context.tokens[to]?.end;
  if (start === undefined || end === undefined || to < from) return null;
  return context.text.slice(start, end).replace(/\s+/g, ' ');
}

/** Names bound by a destructuring pattern `{ a, b: c, d = 1 }` / `[x, y]` opened at `open`. */
export function patternNames(context: LineContext, open: number): number[] {
  const close = context.partner.get(open) ?? open;
  const names: number[] = [];
  for (let at = open + 1; at < close; at += 1) {
    const token = context.tokens[at];
    const next = textAt(context, at + 1);
    const isBinding = token?.kind === 'ident' && [',', '}', ']', '=', ')'].includes(next) && textAt(context, at - 1) !== '.';
    if (isBinding && textAt(context, at - 1) !== '=') names.push(at);
  }
  return names;
}

/** A local for the token at `index`. */
export function toLocal(context: LineContext, index: number, type: string | null): LocalName {
  return { name: textAt(context, index), type, line: context.tokens[index]?.line ?? 0 };
}
