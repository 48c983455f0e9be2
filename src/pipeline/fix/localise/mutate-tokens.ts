/**
 * Shared pieces of the small tokenizers behind `mutateLine`. They only need to tell code apart from
 * strings, comments and regex literals, and to split operators; they never reject input.
 */

/** What a token is; template literals count as strings (with their `${}` parts inside). */
export type TokenKind = 'ident' | 'number' | 'string' | 'regex' | 'comment' | 'punct';

/** One token: its text and where it sits (offsets into the whole file, 1-based line of its start). */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  line: number;
}

/** Builds tokens in order, keeping line numbers right across tokens that span lines. */
export class TokenSink {
  readonly tokens: Token[] = [];
  private line = 1;

  constructor(private readonly source: string) {}

  push(kind: TokenKind, start: number, end: number): Token {
    const text = this.source.slice(start, end);
    const token: Token = { kind, text, start, end, line: this.line };
    this.tokens.push(token);
    this.line += countNewlines(text);
    return token;
  }

  newline(): void {
    this.line += 1;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}

/** End of the quoted string opened at `start` (a backslash escapes anything); stops at an unescaped newline. */
export function scanQuoted(source: string, start: number, quote: string): number {
  let at = start + 1;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '\\') at += 2;
    else if (char === quote) return at + 1;
    else if (char === '\n') return at;
    else at += 1;
  }
  return source.length;
}

/** The longest operator of `operators` (sorted longest first) at `at`, else the single character. */
export function matchPunct(source: string, at: number, operators: readonly string[]): string {
  return operators.find((operator) => source.startsWith(operator, at)) ?? source.charAt(at);
}

/** The length of the regex's match at `at` (the regex must be sticky), or 0. */
export function matchAt(pattern: RegExp, source: string, at: number): number {
  pattern.lastIndex = at;
  const match = pattern.exec(source);
  return match === null ? 0 : match[0].length;
}

/** Whitespace other than a newline (which the tokenizers count). */
export function isBlank(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || '\f\v\u00a0\ufeff'.includes(char);
}
