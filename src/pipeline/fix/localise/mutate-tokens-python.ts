import { isBlank, matchAt, matchPunct, scanQuoted, TokenSink, type Token } from './mutate-tokens.js';

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
];
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const IDENT = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
// String prefixes (r, b, u, f and their pairs), then the opening quote.
const STRING_START = /(?:[rRbBuUfF]{1,2})?(?:'''|"""|'|")/y;

/** Keywords that are not operands: after them `-` is unary and an expression starts. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'elif', 'else', 'while', 'for', 'return', 'lambda', 'yield',
  'await', 'assert', 'del', 'import', 'from', 'as', 'with', 'except', 'raise', 'pass', 'global',
  'nonlocal', 'def', 'class', 'try', 'finally', 'break', 'continue', 'async',
]);

/** End of a string whose opening quote (one or three characters) ends at `quoteEnd`. */
function scanPythonString(source: string, start: number, quoteEnd: number): number {
  const quote = source.slice(start, quoteEnd).replace(/^[rRbBuUfF]+/, '');
  if (quote.length === 1) return scanQuoted(source, quoteEnd - 1, quote);
  let at = quoteEnd;
  while (at < source.length) {
    if (source.charAt(at) === '\\') at += 2;
    else if (source.startsWith(quote, at)) return at + 3;
    else at += 1;
  }
  return source.length;
}

/** Tokenizes Python; f-strings are plain strings, and a backslash continuation is a `\` token. */
export function tokenizePython(source: string): Token[] {
  const sink = new TokenSink(source);
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '\n') {
      sink.newline();
      at += 1;
      continue;
    }
    if (isBlank(char)) {
      at += 1;
      continue;
    }
    let token: Token;
    const stringStart = matchAt(STRING_START, source, at);
    if (char === '#') {
      const end = source.indexOf('\n', at);
      token = sink.push('comment', at, end === -1 ? source.length : end);
    } else if (stringStart > 0) token = sink.push('string', at, scanPythonString(source, at, at + stringStart));
    else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source.charAt(at + 1)))) {
      token = sink.push('number', at, at + Math.max(1, matchAt(NUMBER, source, at)));
    } else if (matchAt(IDENT, source, at) > 0) token = sink.push('ident', at, at + matchAt(IDENT, source, at));
    else token = sink.push('punct', at, at + matchPunct(source, at, OPERATORS).length);
    at = token.end;
  }
  return sink.tokens;
}
