import { z } from 'zod';
import type { FunctionCoverage } from '../../artefacts/build-report.js';

/**
 * Per-function coverage for coverage.py, which has no function regions before 7.5 (Debian's 6.5
 * has none). Run as `python -c FUNCTIONS_SCRIPT <coverage.json> <functions.json>` after the JSON
 * report exists: for every file coverage.json lists, it parses the source with `ast` and writes
 * every function, async function, method and class (nested ones dotted: `Class.method`,
 * `outer.inner`) with:
 *
 * - `start_line`: the first decorator's line, or the `def`/`class` line;
 * - `body_start_line`: the first statement of the body;
 * - `end_line`: `end_lineno` (Python 3.8+).
 *
 * Files that no longer parse are left out; the output's folder is created when missing. Output:
 * `{"version": 1, "files": {path: [region…]}}`, keyed by the same paths as coverage.json.
 */
export const FUNCTIONS_SCRIPT = String.raw`import ast, json, os, sys, tokenize

def regions(tree):
    found = []
    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                starts = [d.lineno for d in child.decorator_list] + [child.lineno]
                found.append({"name": name,
                              "kind": "class" if isinstance(child, ast.ClassDef) else "function",
                              "start_line": min(starts), "body_start_line": child.body[0].lineno,
                              "end_line": child.end_lineno})
                visit(child, name + ".")
            else:
                visit(child, prefix)
    visit(tree, "")
    return found

with open(sys.argv[1], encoding="utf-8") as handle:
    files = json.load(handle).get("files", {})
result = {}
for path in sorted(files):
    try:
        with tokenize.open(path) as source:
            result[path] = regions(ast.parse(source.read(), path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        continue
os.makedirs(os.path.dirname(os.path.abspath(sys.argv[2])), exist_ok=True)
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    json.dump({"version": 1, "files": result}, handle)
`;

const Line = z.number().int().min(0);

const CodeRegion = z.object({
  name: z.string(),
  kind: z.enum(['function', 'class']),
  start_line: Line,
  body_start_line: Line,
  end_line: Line,
});
/** A function or class as the script found it. */
export type CodeRegion = z.infer<typeof CodeRegion>;

const FunctionsReport = z.object({ version: z.literal(1), files: z.record(z.string(), z.array(CodeRegion)) });

/** Reads functions.json; null when it is missing or not the script's output. */
export function readFunctionsReport(text: string | undefined): Map<string, CodeRegion[]> | null {
  if (text === undefined) return null;
  try {
    const parsed = FunctionsReport.safeParse(JSON.parse(text));
    return parsed.success ? new Map(Object.entries(parsed.data.files)) : null;
  } catch {
    return null;
  }
}

/**
 * Maps coverage.py's executed/missing lines onto regions. A function owns the executable lines of
 * its body (`body_start_line`…`end_line`) except those inside the body of a function nested in it:
 * each line belongs to the innermost function whose body contains it, as in coverage.py 7.5's own
 * regions. So a nested `def` line (and its decorators) counts for the enclosing function, which
 * runs it, and a function's own `def` line, run at import, counts for nobody. A class counts every
 * executable line of its body, methods and nested classes included.
 */
export function measureRegions(
  regions: readonly CodeRegion[],
  executed: readonly number[],
  missing: readonly number[],
): FunctionCoverage[] {
  const run = new Set(executed);
  const executable = [...new Set([...executed, ...missing])];
  const functions = regions.filter((region) => region.kind === 'function');
  const inBody = (line: number, region: CodeRegion): boolean =>
    line >= region.body_start_line && line <= region.end_line;
  const isNestedIn = (inner: CodeRegion, outer: CodeRegion): boolean =>
    inner !== outer && inBody(inner.body_start_line, outer) && inner.end_line <= outer.end_line;
  return regions.map((region) => {
    const nested = region.kind === 'function' ? functions.filter((other) => isNestedIn(other, region)) : [];
    const owned = executable.filter(
      (line) => inBody(line, region) && !nested.some((inner) => inBody(line, inner)),
    );
    return {
      name: region.name,
      start_line: region.start_line,
      end_line: region.end_line,
      lines: { covered: owned.filter((line) => run.has(line)).length, total: owned.length },
    };
  });
}
