/**
 * Reads the frames of the stack traces and tracebacks heal stores in `FailedTest.stack`: V8 frames
 * (`at fn (file:line:col)`, `at file:line:col`, `file://` URLs), node's `file:line` header above a
 * syntax error, esbuild's `file:line:col: ERROR:`, ts-jest's and Babel's error positions, Python's `File "x.py", line N, in f` (also
 * inside pytest's `E   ` lines), and pytest's long/short `path.py:N: in f` / `path.py:N: Error`.
 */

/** One frame as printed; `path` is absolute, relative or a `file://` URL, not yet checked. */
export interface StackFrame {
  path: string;
  line: number;
  /** 1-based; null when the runner prints none (Python). */
  column: number | null;
  /** The function the frame is in, when printed. */
  fn: string | null;
}

const V8_CALL = /^at (?:async )?(.*) \((.+):(\d+):(\d+)\)$/;
const V8_BARE = /^at (?:async )?(.+):(\d+):(\d+)$/;
const NODE_HEADER = /^((?:file:\/\/)?\/\S+):(\d+)$/;
const ESBUILD = /^(?:✘ \[ERROR\] )?((?:file:\/\/)?\/\S+?):(\d+):(\d+): ERROR:/;
// ts-jest: "src/a.ts:3:5 - error TS1005: ';' expected."
const TS_JEST = /^(\S+\.[cm]?[jt]sx?):(\d+):(\d+) - error TS\d+:/;
// Babel (jest): "SyntaxError: /repo/src/a.js: Unexpected token (3:5)", the column 0-based.
const BABEL = /^(?:SyntaxError: )?(\/\S+\.[cm]?[jt]sx?): .*\((\d+):(\d+)\)$/;
const PY_NATIVE = /^File "(.+)", line (\d+)(?:, in (.+))?$/;
const PY_LONG = /^([^\s:][^:]*\.py):(\d+):(?: in (.+)| .*)?$/;
// A JS error's cause, or a Python exception chained to the one before it.
const JS_CAUSE = /^\s*(?:\[cause\]:|Caused by:|cause:)/;
const PY_CHAIN = /^(?:During handling of the above exception|The above exception was the direct cause)/;

function readJsFrame(line: string): StackFrame | null {
  const call = V8_CALL.exec(line);
  if (call?.[2]) return { path: call[2], line: Number(call[3]), column: Number(call[4]), fn: call[1] ?? null };
  const bare = V8_BARE.exec(line) ?? ESBUILD.exec(line) ?? TS_JEST.exec(line);
  if (bare?.[1]) return { path: bare[1], line: Number(bare[2]), column: Number(bare[3]), fn: null };
  const babel = BABEL.exec(line);
  if (babel?.[1]) return { path: babel[1], line: Number(babel[2]), column: Number(babel[3]) + 1, fn: null };
  const header = NODE_HEADER.exec(line);
  return header?.[1] ? { path: header[1], line: Number(header[2]), column: null, fn: null } : null;
}

function readPythonFrame(line: string): StackFrame | null {
  const native = PY_NATIVE.exec(line);
  if (native?.[1]) return { path: native[1], line: Number(native[2]), column: null, fn: native[3] ?? null };
  const long = PY_LONG.exec(line);
  return long?.[1] ? { path: long[1], line: Number(long[2]), column: null, fn: long[3] ?? null } : null;
}

interface Block {
  frames: StackFrame[];
  isPython: boolean;
}

/**
 * The frames of a stack, innermost (where the error was raised) first, grouped by error: the JS
 * error first and then its causes; for Python the exception that ended the test first and then
 * the ones it was raised while handling (Python prints them the other way round).
 */
export function readStackBlocks(text: string): StackFrame[][] {
  const blocks: Block[] = [{ frames: [], isPython: false }];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^E\s+/, '');
    const current = blocks.at(-1) ?? { frames: [], isPython: false };
    if ((JS_CAUSE.test(raw) || PY_CHAIN.test(line)) && current.frames.length > 0) {
      blocks.push({ frames: [], isPython: PY_CHAIN.test(line) });
      continue;
    }
    const python = readPythonFrame(line);
    const frame = python ?? readJsFrame(line);
    if (!frame) continue;
    if (python) current.isPython = true;
    current.frames.push(frame);
  }
  const nonEmpty = blocks.filter((block) => block.frames.length > 0);
  const isPython = nonEmpty.some((block) => block.isPython);
  const ordered = isPython ? [...nonEmpty].reverse() : nonEmpty;
  return ordered.map((block) => (block.isPython ? [...block.frames].reverse() : block.frames));
}
