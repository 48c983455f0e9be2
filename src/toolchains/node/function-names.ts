/**
 * Names for istanbul's functions without loading a parser (half a second per build): an anonymous
 * function takes the name it is assigned to (`const isFree = () =>`, `total: function`), and a
 * method takes its class as a prefix (`Cart.add`) when a `class Cart` line encloses it by
 * indentation, as in any formatted source.
 */

const ASSIGNED = /(?:^|[\s(,{])(?:export\s+)?(?:default\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=|^\s*([A-Za-z_$][\w$]*)\s*:\s*(?:async\s+)?(?:function|\()/;
const CLASS = /^(\s*)(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/;
const ANONYMOUS = /^\(anonymous_\d+\)$|^anonymous_\d+$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The class whose body holds `lineIndex` (0-based), judged by indentation; null at top level. */
function enclosingClass(lines: readonly string[], lineIndex: number): string | null {
  const own = lines[lineIndex];
  if (own === undefined || indentOf(own) === 0) return null;
  let limit = indentOf(own);
  for (let index = lineIndex - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || indentOf(line) >= limit) continue;
    const match = CLASS.exec(line);
    if (match) return match[2] ?? null;
    limit = indentOf(line);
    if (limit === 0) return null;
  }
  return null;
}

/** Pure: a readable name for the function istanbul calls `toolName`, declared on `line` (1-based). */
export function nameFunction(lines: readonly string[], line: number, toolName: string): string {
  const text = lines[line - 1] ?? '';
  if (ANONYMOUS.test(toolName)) {
    const match = ASSIGNED.exec(text);
    return match?.[1] ?? match?.[2] ?? toolName;
  }
  const owner = enclosingClass(lines, line - 1);
  if (!owner || /\bfunction\b/.test(text)) return toolName;
  // node's coverage names a constructor after its class.
  return /^\s*constructor\s*\(/.test(text) ? `${owner}.constructor` : `${owner}.${toolName}`;
}

function braceBalance(text: string): number {
  let balance = 0;
  for (const char of text) {
    if (char === '{') balance += 1;
    else if (char === '}') balance -= 1;
  }
  return balance;
}

/**
 * Pure: the last line (1-based) of the function starting on `line`, judged by indentation: the
 * body is the run of more-indented (or blank) lines after it, closed by a `}`/`)`/`]` line at the
 * start line's indentation. Null when the braces in that span do not balance (strings or comments
 * with braces, unusual formatting): the caller then asks a real parser.
 */
export function functionEndLine(lines: readonly string[], line: number): number | null {
  const first = lines[line - 1];
  if (first === undefined) return null;
  const indent = indentOf(first);
  let end = line;
  for (let index = line; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    if (text.trim() === '') continue;
    if (indentOf(text) > indent) {
      end = index + 1;
      continue;
    }
    if (indentOf(text) === indent && /^[}\])]/.test(text.trim())) end = index + 1;
    break;
  }
  return braceBalance(lines.slice(line - 1, end).join('\n')) === 0 ? end : null;
}
