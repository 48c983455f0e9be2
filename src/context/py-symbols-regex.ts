import type { CodeSymbol } from './types.js';

/**
 * The fallback Python indexer, for when no interpreter can run `ast`: `def`/`class` lines by
 * regex, blocks ended by indentation. Top-level functions and classes, and the methods and nested
 * classes of classes (`Class.method`); functions nested in functions are skipped, as `ast` does.
 * Approximate by design (a dedented line inside a triple-quoted string ends a block early).
 */

const DEFINITION = /^([ \t]*)(?:async[ \t]+)?(def|class)[ \t]+([A-Za-z_]\w*)/;

interface Open {
  indent: number;
  name: string;
  isClass: boolean;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].replaceAll('\t', '        ').length ?? 0;
}

function isCode(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length > 0 && !trimmed.startsWith('#');
}

/** Index of the line ending the `def`/`class` header that starts at `start` (signatures may span lines). */
function headerEnd(lines: readonly string[], start: number): number {
  for (let index = start; index < lines.length && index < start + 50; index++) {
    if (/:\s*(#.*)?$/.test(lines[index] ?? '')) return index;
  }
  return start;
}

/** 0-based index of the last line of the block whose header starts at `start`. */
function blockEnd(lines: readonly string[], start: number, indent: number): number {
  let last = headerEnd(lines, start);
  for (let index = last + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (!isCode(line)) continue;
    if (indentOf(line) <= indent) break;
    last = index;
  }
  return last;
}

/** 0-based index of the first decorator directly above a definition at `start`. */
function decoratorStart(lines: readonly string[], start: number, indent: number): number {
  let first = start;
  while (first > 0 && /^\s*@/.test(lines[first - 1] ?? '') && indentOf(lines[first - 1] ?? '') === indent) first--;
  return first;
}

/** Pure: the symbols of a Python source, found line by line. */
export function listPySymbolsByRegex(text: string): CodeSymbol[] {
  const lines = text.split('\n');
  const found: CodeSymbol[] = [];
  const open: Open[] = [];
  let headerUntil = -1;
  lines.forEach((line, index) => {
    if (!isCode(line) || index <= headerUntil) return;
    const indent = indentOf(line);
    while ((open.at(-1)?.indent ?? -1) >= indent) open.pop();
    const match = DEFINITION.exec(line);
    if (!match) {
      const assignment = /^([A-Za-z_]\w*)\s*(:[^=]+)?=(?!=)/.exec(line);
      if (indent === 0 && assignment?.[1]) found.push({ name: assignment[1], kind: 'variable', startLine: index + 1, endLine: index + 1 });
      return;
    }
    const isClass = match[2] === 'class';
    const name = match[3] ?? '';
    const insideClassesOnly = open.every((entry) => entry.isClass);
    if (insideClassesOnly) {
      const qualified = [...open.map((entry) => entry.name), name].join('.');
      const kind = isClass ? 'class' : open.length > 0 ? 'method' : 'function';
      const startLine = decoratorStart(lines, index, indent) + 1;
      found.push({ name: qualified, kind, startLine, endLine: blockEnd(lines, index, indent) + 1 });
    }
    open.push({ indent, name, isClass });
    headerUntil = headerEnd(lines, index);
  });
  return found;
}
