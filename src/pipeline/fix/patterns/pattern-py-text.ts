/**
 * Line-level reading of Python source for the pattern fixes: string contents and comments blanked
 * out so that code-only patterns cannot match inside them, and the top-level import block.
 */

/** One Python line with its strings' contents and its comment blanked (same length as the line). */
export interface MaskedLine {
  code: string;
  /** The line starts inside a triple-quoted string. */
  startsInString: boolean;
}

/** Masks strings and comments of a whole file, following triple-quoted strings across lines. */
export function maskPython(lines: readonly string[]): MaskedLine[] {
  let open: string | null = null;
  return lines.map((line) => {
    const startsInString = open !== null;
    let code = '';
    let index = 0;
    while (index < line.length) {
      const char = line[index] ?? '';
      if (open !== null) {
        if (char === '\\') {
          code += '  '.slice(0, Math.min(2, line.length - index));
          index += 2;
          continue;
        }
        if (line.startsWith(open, index)) {
          code += open;
          index += open.length;
          open = null;
          continue;
        }
        code += ' ';
        index += 1;
        continue;
      }
      if (char === '#') {
        code += ' '.repeat(line.length - index);
        break;
      }
      if (char === '"' || char === "'") {
        open = line.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
        code += open;
        index += open.length;
        continue;
      }
      code += char;
      index += 1;
    }
    // A one-quote string never spans lines (without a backslash continuation, which is rare).
    if (open !== null && open.length === 1) open = null;
    return { code, startsInString };
  });
}

/** A top-level import statement: its 0-based first and last lines and its module. */
export interface PyImport {
  start: number;
  end: number;
  module: string;
  isFrom: boolean;
}

function isOpen(code: string): boolean {
  let depth = 0;
  for (const char of code) {
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
  }
  return depth > 0;
}

/** The top-level imports above the first top-level `def`, `class` or decorator. */
export function listTopImports(masked: readonly MaskedLine[]): PyImport[] {
  const found: PyImport[] = [];
  for (let index = 0; index < masked.length; index++) {
    const line = masked[index];
    if (line === undefined || line.startsInString) continue;
    if (/^(?:async\s+def|def|class)\b|^@/.test(line.code)) break;
    const match = /^(import|from)\s+([\w.]+)/.exec(line.code);
    if (!match) continue;
    let end = index;
    let text = line.code;
    while ((isOpen(text) || text.trimEnd().endsWith('\\')) && end + 1 < masked.length) {
      end += 1;
      text += masked[end]?.code ?? '';
    }
    found.push({ start: index, end, module: match[2] ?? '', isFrom: match[1] === 'from' });
    index = end;
  }
  return found;
}

/**
 * The 0-based line where code after the module header starts: past a shebang, encoding and other
 * leading comments, the module docstring and `from __future__` imports.
 */
export function findHeaderEnd(lines: readonly string[], masked: readonly MaskedLine[]): number {
  let index = 0;
  while (index < lines.length && /^\s*(#.*)?$/.test(lines[index] ?? '')) index++;
  if (/^[rRuUbB]{0,2}("""|'''|"|')/.test(lines[index] ?? '')) {
    while (index + 1 < masked.length && masked[index + 1]?.startsInString === true) index++;
    index++;
  }
  let after = index;
  for (let line = index; line < lines.length; line++) {
    const code = masked[line]?.code ?? '';
    if (/^from\s+__future__\s+import\b/.test(code)) after = line + 1;
    else if (code.trim() !== '') break;
  }
  return after;
}
