/**
 * A line of Python source as the tokenizer sees it: a statement starts only on a `code` line;
 * `continuation` lines sit inside brackets, triple-quoted strings or after a backslash.
 */
export interface PythonLine {
  kind: 'blank' | 'comment' | 'code' | 'continuation';
  indent: number;
  text: string;
}

/** A pytest test function or `class Test*` in a Python file, with 1-based inclusive lines. */
export interface PythonBlock {
  kind: 'test' | 'suite';
  /** "test_x", "TestX", "TestX::test_y". */
  name: string;
  /** First decorator line, else the def/class line. */
  startLine: number;
  /** The `def` or `class` line. */
  headerLine: number;
  endLine: number;
  children: PythonBlock[];
}

interface ScanState {
  quote: string | null;
  depth: number;
  backslash: boolean;
}

/** Advances the string, bracket and backslash-continuation state over one line. */
function scanLine(line: string, state: ScanState): void {
  let index = 0;
  while (index < line.length) {
    const char = line[index] ?? '';
    if (state.quote !== null) {
      if (char === '\\') index += 2;
      else if (line.startsWith(state.quote, index)) {
        index += state.quote.length;
        state.quote = null;
      } else index += 1;
      continue;
    }
    if (char === '#') break;
    if (char === '"' || char === "'") {
      const triple = char.repeat(3);
      state.quote = line.startsWith(triple, index) ? triple : char;
      index += state.quote.length;
      continue;
    }
    if ('([{'.includes(char)) state.depth += 1;
    else if (')]}'.includes(char)) state.depth = Math.max(0, state.depth - 1);
    index += 1;
  }
  const endsWithBackslash = /\\\r?$/.test(line);
  if (state.quote !== null && state.quote.length === 1 && !endsWithBackslash) state.quote = null;
  state.backslash = endsWithBackslash && (state.quote === null || state.quote.length === 1);
}

/** Classifies every line of a Python file (index i is line i + 1). */
export function scanPythonLines(text: string): PythonLine[] {
  const state: ScanState = { quote: null, depth: 0, backslash: false };
  return text.split('\n').map((text) => {
    const isContinuation = state.quote !== null || state.depth > 0 || state.backslash;
    const trimmed = text.trim();
    const indent = text.length - text.trimStart().length;
    scanLine(text, state);
    if (isContinuation) return { kind: 'continuation', indent, text };
    if (trimmed === '') return { kind: 'blank', indent, text };
    return { kind: trimmed.startsWith('#') ? 'comment' : 'code', indent, text };
  });
}

/** Index of the last line of the statement opened at `header`: its body ends before the next statement at the same or lower indentation. */
export function findBlockEnd(lines: readonly PythonLine[], header: number, limit: number): number {
  const indent = lines[header]?.indent ?? 0;
  let last = header;
  for (let index = header + 1; index < limit; index += 1) {
    const line = lines[index];
    if (!line || line.kind === 'blank') continue;
    if (line.kind === 'code' && line.indent <= indent) break;
    if (line.kind !== 'comment' || line.indent > indent) last = index;
  }
  return last;
}

function findDecoratorStart(lines: readonly PythonLine[], header: number, floor: number): number {
  const indent = lines[header]?.indent ?? 0;
  let start = header;
  for (let index = header - 1; index >= floor; index -= 1) {
    const line = lines[index];
    if (line?.kind === 'continuation' || line?.kind === 'comment') continue;
    if (line?.kind !== 'code' || line.indent !== indent || !line.text.trimStart().startsWith('@')) break;
    start = index;
  }
  return start;
}

function collectBlocks(lines: readonly PythonLine[], from: number, to: number, indent: number, prefix: string): PythonBlock[] {
  const blocks: PythonBlock[] = [];
  for (let index = from; index < to; index += 1) {
    const line = lines[index];
    if (line?.kind !== 'code' || line.indent !== indent) continue;
    const statement = line.text.trimStart();
    const test = /^(?:async\s+)?def\s+(test\w*)\s*\(/.exec(statement);
    const suite = /^class\s+(Test\w*)\s*[(:]/.exec(statement);
    const name = test?.[1] ?? suite?.[1];
    if (name === undefined) continue;
    const end = findBlockEnd(lines, index, to);
    const block: PythonBlock = {
      kind: test ? 'test' : 'suite',
      name: prefix + name,
      startLine: findDecoratorStart(lines, index, from) + 1,
      headerLine: index + 1,
      endLine: end + 1,
      children: [],
    };
    if (suite) {
      const body = lines.slice(index + 1, end + 1).find((candidate) => candidate.kind === 'code');
      if (body && body.indent > indent) block.children = collectBlocks(lines, index + 1, end + 1, body.indent, `${block.name}::`);
    }
    blocks.push(block);
    index = end;
  }
  return blocks;
}

/** The tests pytest collects by default from a file: top-level `test*` functions and `test*` methods of `Test*` classes. */
export function listPythonBlocks(text: string): PythonBlock[] {
  const lines = scanPythonLines(text);
  return collectBlocks(lines, 0, lines.length, 0, '');
}
