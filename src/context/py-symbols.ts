import { z } from 'zod';
import type { ProcessRunner } from '../adapters/process-runner.js';
import { listPySymbolsByRegex } from './py-symbols-regex.js';
import type { CodeSymbol } from './types.js';

/**
 * Python symbols with the interpreter's own `ast`: run as `python -c PY_SYMBOLS_SCRIPT <path>…` in
 * the root, it prints `{"version": 1, "files": {path: [symbol…]}}` with the top-level functions,
 * classes and assignments of each file, and the methods and nested classes of classes
 * (`Class.method`). Ranges start at the first decorator. Files that do not parse are left out.
 */
export const PY_SYMBOLS_SCRIPT = String.raw`import ast, json, sys, tokenize

def symbols(tree):
    found = []
    def add(name, kind, node):
        starts = [d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno]
        found.append({"name": name, "kind": kind, "start_line": min(starts), "end_line": node.end_lineno})
    def visit_class(node, prefix):
        for child in node.body:
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                add(prefix + child.name, "method", child)
            elif isinstance(child, ast.ClassDef):
                add(prefix + child.name, "class", child)
                visit_class(child, prefix + child.name + ".")
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            add(node.name, "function", node)
        elif isinstance(node, ast.ClassDef):
            add(node.name, "class", node)
            visit_class(node, node.name + ".")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    add(target.id, "variable", node)
    return found

result = {}
for path in sys.argv[1:]:
    try:
        with tokenize.open(path) as source:
            result[path] = symbols(ast.parse(source.read(), path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        continue
print(json.dumps({"version": 1, "files": result}))
`;

const Line = z.number().int().min(1);
const PySymbol = z.object({
  name: z.string(),
  kind: z.enum(['function', 'class', 'method', 'variable']),
  start_line: Line,
  end_line: Line,
});
const PySymbolsReport = z.object({ version: z.literal(1), files: z.record(z.string(), z.array(PySymbol)) });

/** Parses the script's stdout; null when it is not the script's output. */
export function parsePySymbols(stdout: string): Map<string, CodeSymbol[]> | null {
  try {
    const parsed = PySymbolsReport.safeParse(JSON.parse(stdout));
    if (!parsed.success) return null;
    const entries = Object.entries(parsed.data.files).map(([path, symbols]): [string, CodeSymbol[]] => [
      path,
      symbols.map((symbol) => ({ name: symbol.name, kind: symbol.kind, startLine: symbol.start_line, endLine: symbol.end_line })),
    ]);
    return new Map(entries);
  } catch {
    return null;
  }
}

/** True for the file names the Python indexer reads. */
export function isPythonLike(path: string): boolean {
  return /\.pyi?$/.test(path);
}

/** Options of `indexPythonSymbols`. */
export interface PythonIndexOptions {
  runner: ProcessRunner;
  /** Interpreter to run (default `python3`). */
  python?: string;
  /** Directory the paths are relative to. */
  root: string;
}

/**
 * Symbols of Python files via `ast`; any file the interpreter could not index (Python missing,
 * too old, a timeout, a syntax error) falls back to a regex over `def`/`class` lines. Never throws
 * for a missing interpreter.
 */
export async function indexPythonSymbols(
  files: ReadonlyArray<{ path: string; text: string }>,
  options: PythonIndexOptions,
): Promise<Map<string, CodeSymbol[]>> {
  if (files.length === 0) return new Map();
  const python = options.python ?? 'python3';
  const argv: [string, ...string[]] = [python, '-c', PY_SYMBOLS_SCRIPT, ...files.map((file) => file.path)];
  const result = await options.runner.run({ command: { argv }, cwd: options.root, timeoutMs: 30_000 });
  const parsed = result.outcome === 'exited' && result.exitCode === 0 ? parsePySymbols(result.stdout) : null;
  return new Map(files.map((file) => [file.path, parsed?.get(file.path) ?? listPySymbolsByRegex(file.text)]));
}
