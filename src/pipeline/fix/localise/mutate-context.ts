import type { Token } from './mutate-tokens.js';
import { JS_PREFIX_KEYWORDS, tokenizeJs } from './mutate-tokens-js.js';
import { PYTHON_KEYWORDS, tokenizePython } from './mutate-tokens-python.js';

/** The languages `mutateLine` edits: JavaScript/TypeScript, and Python. */
export type MutationLanguage = 'js' | 'python';

/** The kinds of candidate edit, in the order they are tried. */
export type MutationRule =
  | 'relational-swap'
  | 'logical-swap'
  | 'off-by-one'
  | 'arithmetic-swap'
  | 'negate-condition'
  | 'drop-condition'
  | 'wrong-variable'
  | 'missing-return';

/** Replace `[start, end)` of the file text with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A candidate edit before it is applied: one token or one small span (a few edits for wrapping). */
export interface Mutation {
  rule: MutationRule;
  description: string;
  edits: TextEdit[];
}

/** The file's code tokens (no comments) and where the target line's tokens are. */
export interface LineContext {
  text: string;
  language: MutationLanguage;
  line: number;
  tokens: readonly Token[];
  /** Index of each bracket's partner, both ways: ( ) [ ] { }. */
  partner: ReadonlyMap<number, number>;
  /** Indices of the line's first and last code tokens (inclusive). */
  first: number;
  last: number;
}

const OPENERS: ReadonlyMap<string, string> = new Map([['(', ')'], ['[', ']'], ['{', '}']]);

function pairBrackets(tokens: readonly Token[]): Map<number, number> {
  const partner = new Map<number, number>();
  const stack: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'punct') return;
    if (OPENERS.has(token.text)) {
      stack.push(index);
      return;
    }
    const depth = stack.findLastIndex((open) => OPENERS.get(tokens[open]?.text ?? '') === token.text);
    if (depth === -1) return;
    const open = stack[depth] ?? 0;
    stack.length = depth;
    partner.set(open, index).set(index, open);
  });
  return partner;
}

/** Tokenizes the file and finds the line; null when the line holds no code. */
export function createContext(text: string, line: number, language: MutationLanguage): LineContext | null {
  const all = language === 'js' ? tokenizeJs(text) : tokenizePython(text);
  const tokens = all.filter((token) => token.kind !== 'comment');
  const first = tokens.findIndex((token) => token.line === line);
  if (first === -1) return null;
  let last = first;
  while (tokens[last + 1]?.line === line) last += 1;
  return { text, language, line, tokens, partner: pairBrackets(tokens), first, last };
}

/** Whether the token ends an operand, so an operator after it is binary. */
export function isOperandEnd(context: LineContext, index: number): boolean {
  const token = context.tokens[index];
  if (token === undefined) return false;
  const keywords = context.language === 'js' ? JS_PREFIX_KEYWORDS : PYTHON_KEYWORDS;
  if (token.kind === 'ident') return !keywords.has(token.text);
  if (token.kind !== 'punct') return true;
  if (token.text === '++' || token.text === '--') return isOperandEnd(context, index - 1);
  return token.text === ')' || token.text === ']' || token.text === '}';
}

/** The indices of the target line's tokens, in order. */
export function lineIndices(context: LineContext): number[] {
  return Array.from({ length: context.last - context.first + 1 }, (_, offset) => context.first + offset);
}

/** The text of the token at `index`, or '' past either end. */
export function textAt(context: LineContext, index: number): string {
  return context.tokens[index]?.text ?? '';
}

/** An edit that replaces the token at `index`. */
export function replaceToken(context: LineContext, index: number, text: string): TextEdit {
  const token = context.tokens[index];
  return { start: token?.start ?? 0, end: token?.end ?? 0, text };
}

/** The source of tokens `from..to` (inclusive) on one line, shortened for a description. */
export function snippet(context: LineContext, from: number, to: number): string {
  const start = context.tokens[from]?.start ?? 0;
  const end = context.tokens[to]?.end ?? start;
  const text = context.text.slice(start, end).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** "`before` → `after` at line N". */
export function describeChange(context: LineContext, before: string, after: string): string {
  return `\`${before}\` → \`${after}\` at line ${context.line}`;
}

const depthCache = new WeakMap<LineContext, number[]>();

/** How many brackets enclose the token at `index` (a bracket itself counts at the level outside it). */
export function bracketDepth(context: LineContext, index: number): number {
  let depths = depthCache.get(context);
  if (depths === undefined) {
    let depth = 0;
    depths = context.tokens.map((token, at) => {
      const before = depth;
      const pair = context.partner.get(at);
      if (pair !== undefined) depth += pair > at ? 1 : -1;
      return token.text === ')' || token.text === ']' || token.text === '}' ? depth : before;
    });
    depthCache.set(context, depths);
  }
  return depths[index] ?? 0;
}

/** Whether a Python statement ends between the tokens at `index` and `index + 1` (a newline outside brackets). */
export function endsStatement(context: LineContext, index: number): boolean {
  const token = context.tokens[index];
  const next = context.tokens[index + 1];
  if (token === undefined || next === undefined) return true;
  if (context.language !== 'python' || next.line === token.line || token.text === '\\') return false;
  const opens = (context.partner.get(index) ?? -1) > index ? 1 : 0;
  return bracketDepth(context, index) + opens === 0;
}

/** The text with the edits applied (edits must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start || b.end - a.end)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}

/** The column (0-based, in characters) where the token at `index` starts. */
export function columnOf(context: LineContext, index: number): number {
  const start = context.tokens[index]?.start ?? 0;
  return start - (context.text.lastIndexOf('\n', start - 1) + 1);
}
