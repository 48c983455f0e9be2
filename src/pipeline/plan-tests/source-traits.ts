import type { RiskFactor } from '../../artefacts/testspec.js';

/**
 * Pure, text-level facts about a function in a source file: its header and parameters, whether it
 * is async, where its error paths are, and which sensitive sinks it reaches. Heuristics, by design:
 * they rank work for a test writer, they do not prove anything.
 */

export type Language = 'python' | 'js';

export interface Parameter {
  name: string;
  /** The annotated type as written, or null. */
  type: string | null;
  /** Has a default, `?`, or is a rest parameter. */
  isOptional: boolean;
}

export function languageOf(path: string): Language {
  return path.endsWith('.py') ? 'python' : 'js';
}

/** The declaration text from `startLine` to where its body starts (`{`, `=>` or a Python `:`). */
export function readHeader(lines: readonly string[], startLine: number): string {
  let depth = 0;
  let text = '';
  for (let index = startLine - 1; index < Math.min(lines.length, startLine + 11); index++) {
    const line = lines[index] ?? '';
    if (/^\s*@/.test(line) && depth === 0 && text === '') continue;
    text += (text ? '\n' : '') + line;
    for (const char of line) {
      if (char === '(' || char === '[') depth++;
      else if (char === ')' || char === ']') depth--;
    }
    if (depth <= 0 && /(\{|=>|:)\s*(#.*|\/\/.*)?$/.test(line.trimEnd())) break;
  }
  return text;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('([{<'.includes(char)) depth++;
    else if (')]}>'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** The type a default value implies (`= 60` is a number), for untyped parameters. */
function typeOfDefault(initializer: string | undefined): string | null {
  const value = initializer?.replace(/^=\s*/, '').trim() ?? '';
  if (/^-?\d/.test(value)) return 'number';
  if (/^['"`]/.test(value)) return 'string';
  if (/^(?:true|false|True|False)$/.test(value)) return 'boolean';
  if (/^\[/.test(value)) return 'array';
  return null;
}

/** Parameters of a header, without `self`/`cls`, from the first parenthesised list. */
export function readParameters(header: string): Parameter[] {
  const open = header.indexOf('(');
  if (open < 0) {
    const bare = /([A-Za-z_$][\w$]*)\s*=>/.exec(header);
    return bare?.[1] ? [{ name: bare[1], type: null, isOptional: false }] : [];
  }
  let depth = 0;
  let close = header.length;
  for (let index = open; index < header.length; index++) {
    if (header[index] === '(') depth++;
    if (header[index] === ')' && --depth === 0) {
      close = index;
      break;
    }
  }
  return splitTopLevel(header.slice(open + 1, close))
    .map((part) => {
      const match = /^(\.\.\.|\*{1,2})?\s*([A-Za-z_$][\w$]*)(\?)?\s*(?::\s*([^=]+?))?\s*(=.*)?$/s.exec(part);
      if (!match?.[2]) return null;
      return { name: match[2], type: match[4]?.trim() ?? typeOfDefault(match[5]), isOptional: Boolean(match[1] || match[3] || match[5]) };
    })
    .filter((parameter): parameter is Parameter => parameter !== null && !['self', 'cls', 'this'].includes(parameter.name));
}

const ASYNC_BODY = /\bawait\b|\bPromise\b|\bsetTimeout\b|\basyncio\b|\bthreading\b|\bconcurrent\.futures\b|\bWorker\b|\bmultiprocessing\b/;

export function isAsync(header: string, body: string): boolean {
  return /\basync\b/.test(header) || ASYNC_BODY.test(body);
}

const ERROR_LINE = /\bthrow\b|\braise\b|\breject\s*\(|\bcatch\s*[({]|^\s*except\b|\bsys\.exit\(|\bprocess\.exit\(/;

/** Lines (1-based) inside `[start, end]` that raise, reject or handle an error. */
export function findErrorLines(lines: readonly string[], start: number, end: number): number[] {
  const found: number[] = [];
  for (let line = start; line <= end; line++) if (ERROR_LINE.test(lines[line - 1] ?? '')) found.push(line);
  return found;
}

const SINKS: Array<[RiskFactor, RegExp]> = [
  ['shell-command', /\bchild_process\b|\b(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|execa)\s*\(|\bsubprocess\.|\bos\.(?:system|popen)\(|shell\s*=\s*True/],
  ['sql', /\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b|\.(?:query|execute|executemany|raw)\s*\(/],
  ['file-path', /\bpath\.(?:join|resolve)\(|\bfs\.\w+|\b(?:readFile|writeFile|createReadStream|createWriteStream)\w*\(|\bopen\(|\bos\.path\.|\bPath\(|\bshutil\./],
  ['untrusted-input', /\bJSON\.parse\(|\bjson\.loads?\(|\byaml\.(?:load|safe_load|parse)\(|\bpickle\.loads?\(|\beval\(|new Function\(|new URL\(|\burllib\.parse\b|\bnew RegExp\(|\bre\.compile\(/],
];

const PATH_MODULE = /from\s+['"](?:node:)?path['"]|require\(\s*['"](?:node:)?path['"]\s*\)|^\s*(?:from\s+os\s+import|from\s+os\.path\s+import|import\s+os\b)/m;
const PATH_CALL = /(?<![.\w])(?:join|resolve|normalize|relative|dirname)\s*\(/;

/**
 * Sensitive sinks the function's body reaches (`fileText` tells whether bare `join(` is the path
 * module's); a `parse*`/`decode*` name counts as parsing input.
 */
export function findSinks(body: string, symbol: string, fileText = ''): RiskFactor[] {
  const found = SINKS.filter(([, pattern]) => pattern.test(body)).map(([factor]) => factor);
  if (!found.includes('file-path') && PATH_MODULE.test(fileText) && PATH_CALL.test(body)) found.push('file-path');
  const name = symbol.split('.').pop() ?? symbol;
  if (!found.includes('untrusted-input') && /^_*(?:parse|decode|deserialize|unmarshal|from_?str|from_?json)/i.test(name)) {
    found.push('untrusted-input');
  }
  return found;
}

/** Normalises a header so formatting-only edits do not count as a signature change. */
export function signatureOf(header: string): string {
  return header.replace(/\s+/g, '').replace(/[{:]$/, '').replace(/=>$/, '');
}
