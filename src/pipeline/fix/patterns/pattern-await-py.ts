import { makePatternCandidate, pickLocations, replaceLine, toLines } from './pattern-edit.js';
import { maskPython } from './pattern-py-text.js';
import type { RepoView } from './pattern-repo.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/** How many lines above the failing line a forgotten `await` is looked for (same function only). */
const WINDOW = 3;
/** Calls that take a coroutine object on purpose. */
const TAKES_COROUTINE = /(?:\brun|run_until_complete|create_task|ensure_future|gather|wait_for|wait|shield|to_thread)\s*\(\s*$/;

/** The coroutine function a failure names: `coroutine 'X' was never awaited`, `<coroutine object X at 0x…>`. */
export function readCoroutineName(analysis: FailureAnalysis): string | null {
  const match = /coroutine '([\w.]+)' was never awaited/.exec(analysis.message) ?? /<coroutine object ([\w.]+) at/.exec(analysis.message);
  const name = match?.[1]?.split('.').at(-1) ?? null;
  return name ?? (analysis.category === 'async' && analysis.symbol !== null && /^\w+$/.test(analysis.symbol) ? analysis.symbol : null);
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].replaceAll('\t', '        ').length ?? 0;
}

/** The 0-based line of the `def` enclosing line `index`, or -1 at module level. */
function findEnclosingDef(codes: readonly string[], index: number): number {
  let indent = indentOf(codes[index] ?? '');
  for (let line = index - 1; line >= 0; line--) {
    const code = codes[line] ?? '';
    if (code.trim() === '' || indentOf(code) >= indent) continue;
    if (/^\s*(async\s+)?def\s/.test(code)) return line;
    indent = indentOf(code);
    if (indent === 0 && !/^\s*(async\s+)?def\s/.test(code)) return -1;
  }
  return -1;
}

/** The offset just past the parenthesis that closes the one at `open`, or -1. */
function findClose(code: string, open: number): number {
  let depth = 0;
  for (let index = open; index < code.length; index++) {
    if (code[index] === '(') depth++;
    else if (code[index] === ')' && --depth === 0) return index + 1;
  }
  return -1;
}

/** Adds `await` before the last un-awaited call to `name` on `line`; null when there is none. */
function awaitCallOn(line: string, code: string, name: string): string | null {
  const calls = [...code.matchAll(new RegExp(`((?:[A-Za-z_]\\w*\\.)*${name})\\s*\\(`, 'g'))].filter((match) => {
    const before = code.slice(0, match.index);
    return !/\bawait\s+$|\bdef\s+$|[\w.]$/.test(before) && !TAKES_COROUTINE.test(before);
  });
  const call = calls.at(-1);
  if (call === undefined) return null;
  const start = call.index;
  const end = findClose(code, start + call[0].length - 1);
  if (end === -1) return null;
  // `fetch().x` must become `(await fetch()).x`, not `await fetch().x`.
  const isOperand = /^[.[(]/.test(code.slice(end));
  return isOperand
    ? `${line.slice(0, start)}(await ${line.slice(start, end)})${line.slice(end)}`
    : `${line.slice(0, start)}await ${line.slice(start)}`;
}

/**
 * Pattern 3 (Python): a coroutine that was never awaited. Near the failing line, inside an
 * `async def`, the call to the named coroutine function gains `await`.
 */
export async function proposePyAwait(analysis: FailureAnalysis, repo: RepoView): Promise<FixCandidate[]> {
  const name = readCoroutineName(analysis);
  if (name === null) return [];
  for (const location of pickLocations(analysis).filter((candidate) => candidate.file.endsWith('.py'))) {
    const text = await repo.read(location.file);
    if (text === null) continue;
    const lines = toLines(text);
    const codes = maskPython(lines).map((line) => line.code);
    const index = location.line - 1;
    const def = findEnclosingDef(codes, index);
    if (def === -1 || !/^\s*async\s+def\s/.test(codes[def] ?? '')) continue;
    for (let line = index; line > def && line >= index - WINDOW; line--) {
      const fixed = awaitCallOn(lines[line] ?? '', codes[line] ?? '', name);
      if (fixed === null) continue;
      const after = replaceLine(text, line + 1, fixed);
      const candidate = makePatternCandidate(analysis, 'missing-await', `await \`${name}(…)\` at ${location.file}:${line + 1}`, location.file, text, after);
      if (candidate) return [candidate];
    }
  }
  return [];
}
