/** Characters `re` treats as syntax outside a character class (without the VERBOSE flag). */
const REGEX_SYNTAX = new Set(['\\', '.', '^', '$', '*', '+', '?', '{', '}', '[', ']', '|', '(', ')']);
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"' };
/** Past this many characters a message is matched by its beginning only. */
const MAX_MATCHED_CHARS = 200;

function escapeCodePoint(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function escapeChar(char: string): string {
  if (REGEX_SYNTAX.has(char)) return `\\${char}`;
  const named = NAMED_ESCAPES[char];
  if (named !== undefined) return named;
  // Invisible characters (controls, separators, lone surrogates) would be unreadable or invalid source.
  if (char !== ' ' && /^[\p{C}\p{Z}]$/u.test(char)) return escapeCodePoint(char);
  return char;
}

/**
 * The `match=` argument of `pytest.raises` for an exception message: a raw string literal of the
 * escaped message anchored `^…$` (`re.search` then needs the whole message). Only regex syntax is
 * escaped, so the pattern reads like the message. Long messages are matched by their first 200
 * characters.
 */
export function renderMatchPattern(message: string): string {
  const chars = [...message];
  const kept = chars.slice(0, MAX_MATCHED_CHARS).map(escapeChar).join('');
  return `r"^${kept}${chars.length > MAX_MATCHED_CHARS ? '' : '$'}"`;
}

/** "JSONDecodeError" -> "json_decode_error", "_round_up" -> "round_up", "parseHTTP" -> "parse_http". */
export function toSnakeCase(name: string): string {
  const snake = name
    .replace(/^_+/, '')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]/gu, '_');
  return snake === '' ? 'function' : snake;
}

/** The name a Python module uses for a qualified class name ("shipping.errors.RateError" -> "RateError"). */
export function readClassName(qualified: string): string {
  return qualified.split('.').at(-1) ?? qualified;
}
