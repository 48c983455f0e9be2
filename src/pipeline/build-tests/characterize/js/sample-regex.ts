/**
 * One string a simple regular expression matches, so validators get an input that passes: digits
 * become "1", letters "a" (or the class's first character), optional parts are taken once, counted
 * parts their minimum (at least once). Null for what it cannot follow (lookarounds, negated
 * classes, back-references). Pure.
 */

const ESCAPES: Record<string, string> = { d: '1', w: 'a', s: ' ', n: '\n', t: '\t', r: '\r', b: '', B: '' };
const MAX_SAMPLE = 40;

interface Cursor {
  source: string;
  at: number;
}

function readClass(cursor: Cursor): string | null {
  cursor.at += 1;
  if (cursor.source[cursor.at] === '^') return null;
  let first: string | null = null;
  while (cursor.at < cursor.source.length && cursor.source[cursor.at] !== ']') {
    let char = cursor.source[cursor.at] ?? '';
    if (char === '\\') {
      cursor.at += 1;
      const escaped = cursor.source[cursor.at] ?? '';
      char = ESCAPES[escaped] ?? escaped;
    }
    first ??= char;
    cursor.at += 1;
  }
  cursor.at += 1;
  return first;
}

function readQuantifier(cursor: Cursor): number | null {
  const rest = cursor.source.slice(cursor.at);
  const counted = /^\{(\d+)(,\d*)?\}\??/.exec(rest);
  if (counted) {
    cursor.at += counted[0].length;
    return Math.max(1, Number(counted[1]));
  }
  const simple = /^[?*+]\??/.exec(rest);
  if (simple) {
    cursor.at += simple[0].length;
    return 1;
  }
  return null;
}

/** Reads an alternation up to `)` or the end, returning its first branch's sample. */
function readSequence(cursor: Cursor, depth: number): string | null {
  let out = '';
  let piece = '';
  let branchDone = false;
  while (cursor.at < cursor.source.length) {
    const char = cursor.source[cursor.at] ?? '';
    if (char === ')') break;
    if (char === '|') {
      branchDone = true;
      cursor.at += 1;
      continue;
    }
    if (char === '^' || char === '$') {
      cursor.at += 1;
      continue;
    }
    if (char === '(') {
      const head = cursor.source.slice(cursor.at, cursor.at + 4);
      if (/^\(\?[=!<]/.test(head) && !/^\(\?<[A-Za-z]/.test(head)) return null;
      cursor.at += head.startsWith('(?:') ? 3 : head.startsWith('(?<') ? cursor.source.indexOf('>', cursor.at) + 1 - cursor.at : 1;
      const inner = depth < 8 ? readSequence(cursor, depth + 1) : null;
      if (inner === null || cursor.source[cursor.at] !== ')') return null;
      cursor.at += 1;
      piece = inner;
    } else if (char === '[') {
      const first = readClass(cursor);
      if (first === null) return null;
      piece = first;
    } else if (char === '\\') {
      const escaped = cursor.source[cursor.at + 1] ?? '';
      if (/[1-9kpPuxc]/.test(escaped)) return null;
      piece = ESCAPES[escaped] ?? escaped;
      cursor.at += 2;
    } else {
      piece = char === '.' ? 'a' : char;
      cursor.at += 1;
    }
    const times = readQuantifier(cursor) ?? 1;
    if (!branchDone) out += piece.repeat(times);
    if (out.length > MAX_SAMPLE) return null;
  }
  return out;
}

/** A string `source` (a RegExp's source) matches, or null. */
export function sampleRegex(source: string): string | null {
  const cursor: Cursor = { source, at: 0 };
  const sample = readSequence(cursor, 0);
  return sample !== null && cursor.at >= source.length ? sample : null;
}
