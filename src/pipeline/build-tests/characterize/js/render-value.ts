import type { JsValue } from './js-values.js';

/** The quote a rendered string literal uses. */
export type Quote = '"' | "'";

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A string literal in `quote`, printable characters kept as they are (so "héllo ✓" stays readable). */
export function renderString(text: string, quote: Quote): string {
  let out = quote;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    const code = text.charCodeAt(i);
    const escape = ESCAPES[char];
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += text.slice(i, i + 2);
      i += 1;
    } else if (char === quote) out += `\\${quote}`;
    else if (escape !== undefined) out += escape;
    // Lone surrogates, control characters and the two line terminators JSON allows but old JS did not.
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) out += hex4(code);
    else out += char;
  }
  return out + quote;
}

/** JavaScript source for a number, including NaN, ±Infinity and -0. */
export function renderNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

function renderKey(key: string, quote: Quote): string {
  // A literal `__proto__:` key would set the prototype instead of adding a property.
  if (key === '__proto__') return `[${renderString(key, quote)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) || /^(0|[1-9]\d{0,8})$/.test(key) ? key : renderString(key, quote);
}

/** JavaScript source that evaluates to a fresh copy of `value`. */
export function renderValue(value: JsValue, quote: Quote): string {
  const render = (inner: JsValue): string => renderValue(inner, quote);
  switch (value.kind) {
    case 'undefined':
      return 'undefined';
    case 'null':
      return 'null';
    case 'number':
      return renderNumber(value.value);
    case 'bigint':
      return `${value.digits}n`;
    case 'string':
      return renderString(value.value, quote);
    case 'boolean':
      return String(value.value);
    case 'array':
      return `[${value.items.map(render).join(', ')}]`;
    case 'object': {
      const body = value.entries.map(([key, item]) => `${renderKey(key, quote)}: ${render(item)}`).join(', ');
      const literal = body === '' ? '{}' : `{ ${body} }`;
      return value.isNullProto ? `Object.assign(Object.create(null), ${literal})` : literal;
    }
    case 'date':
      return value.iso === null ? 'new Date(NaN)' : `new Date(${renderString(value.iso, quote)})`;
    case 'map':
      return value.entries.length === 0
        ? 'new Map()'
        : `new Map([${value.entries.map(([key, item]) => `[${render(key)}, ${render(item)}]`).join(', ')}])`;
    case 'set':
      return value.items.length === 0 ? 'new Set()' : `new Set([${value.items.map(render).join(', ')}])`;
    case 'regexp':
      return `/${value.source}/${value.flags}`;
  }
}

/** The argument list of a call, as source. */
export function renderArgs(args: readonly JsValue[], quote: Quote): string {
  return args.map((arg) => renderValue(arg, quote)).join(', ');
}
