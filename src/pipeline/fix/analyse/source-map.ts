/**
 * Source Map v3 (https://tc39.es/ecma426/): the base64 VLQ decoder and the lookup of a generated
 * position, so that a frame in compiled JavaScript points at the TypeScript line to change.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/** The values of one mapping segment; throws on a character outside base64 or a cut-off value. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid VLQ character "${char}"`);
    value += (digit & 31) * 2 ** shift;
    shift += 5;
    if ((digit & 32) === 0) {
      // The lowest bit is the sign; `0 -` keeps "B" (negative zero) a plain 0.
      const magnitude = Math.floor(value / 2);
      values.push(value % 2 === 1 ? 0 - magnitude : magnitude);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error(`VLQ value cut off in "${segment}"`);
  return values;
}

/** One mapping: a generated column (0-based) and, when mapped, its original source, line and column (0-based). */
export interface Mapping {
  generatedColumn: number;
  source: number;
  originalLine: number;
  originalColumn: number;
}

/**
 * The `mappings` string decoded, one array per generated line. Source, line and column deltas run
 * across the whole string; the generated column restarts on each line. Segments without a source
 * (one value) are dropped.
 */
export function decodeMappings(mappings: string): Mapping[][] {
  const state = { source: 0, originalLine: 0, originalColumn: 0 };
  return mappings.split(';').map((line) => {
    let generatedColumn = 0;
    const decoded: Mapping[] = [];
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const [column = 0, source, originalLine, originalColumn] = decodeVlq(segment);
      generatedColumn += column;
      if (source === undefined || originalLine === undefined || originalColumn === undefined) continue;
      state.source += source;
      state.originalLine += originalLine;
      state.originalColumn += originalColumn;
      decoded.push({ generatedColumn, ...state });
    }
    return decoded;
  });
}

/**
 * The mapping of a generated position (0-based line and column): the last segment of the line
 * that starts at or before the column, else the line's first one (a frame's column may point
 * before the first mapped token, at indentation); null when the line has no mapping.
 */
export function findMapping(lines: readonly Mapping[][], line: number, column: number): Mapping | null {
  const segments = lines[line] ?? [];
  let found: Mapping | null = segments[0] ?? null;
  for (const segment of segments) {
    if (segment.generatedColumn > column) break;
    found = segment;
  }
  return found;
}

const URL_COMMENT = /^\s*\/\/[#@] sourceMappingURL=(\S+)\s*$/;

/** The `sourceMappingURL` of a script: the last such comment of its final lines, when any. */
export function readSourceMappingUrl(code: string): string | null {
  const lines = code.trimEnd().split('\n').slice(-5).reverse();
  for (const line of lines) {
    const match = URL_COMMENT.exec(line);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The JSON text of a `data:` URL (base64 or percent-encoded), or null when it is not one. */
export function readDataUrl(url: string): string | null {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return null;
  const body = match[2] ?? '';
  return (match[1] ?? '').endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}
