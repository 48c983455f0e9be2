import type { FileCoverage, FunctionCoverage } from '../../artefacts/build-report.js';
import { listPySymbolsByRegex } from '../../context/py-symbols-regex.js';
import { toRanges } from '../../toolchains/coverage-math.js';
import { languageOf } from './source-traits.js';

const JS_SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TEST_PATH = /(^|\/)(?:__tests__|tests?|spec|__mocks__|fixtures?)\/|\.(?:test|spec)\.[^/]+$|(^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;
const NOT_LIBRARY = /\.d\.ts$|(^|\/)[^/]*\.config\.[^/]+$|(^|\/)\.[^/]+$|(^|\/)(?:setup|noxfile|fabfile|manage)\.py$|(^|\/)(?:scripts|bin|docs|examples?)\//;

/** Is a changed file library code a test should cover (not a test, config, script or typing)? */
export function isLibrarySource(path: string, toolchain: 'node' | 'python'): boolean {
  const matchesLanguage = toolchain === 'python' ? path.endsWith('.py') : JS_SOURCE.test(path);
  return matchesLanguage && !TEST_PATH.test(path) && !NOT_LIBRARY.test(path);
}

/** A located function: qualified name and 1-based first and last line. */
export interface LocatedFunction {
  name: string;
  start: number;
  end: number;
}

/** Pure: Python functions, classes and methods by indentation, qualified as "Class.method". */
export function listPythonFunctions(text: string): LocatedFunction[] {
  return listPySymbolsByRegex(text)
    .filter((symbol) => symbol.kind === 'function' || symbol.kind === 'method' || symbol.kind === 'class')
    .map((symbol) => ({ name: symbol.name, start: symbol.startLine, end: symbol.endLine }));
}

function executableLines(lines: readonly string[], fn: LocatedFunction, language: 'python' | 'js'): number[] {
  const result: number[] = [];
  const comment = language === 'python' ? /^\s*(?:#|"""|''')/ : /^\s*(?:\/\/|\/\*|\*)/;
  for (let line = fn.end > fn.start ? fn.start + 1 : fn.start; line <= fn.end; line++) {
    const text = lines[line - 1] ?? '';
    if (text.trim() && !comment.test(text) && !/^\s*[})\]]+[;,)]*\s*$/.test(text)) result.push(line);
  }
  return result;
}

/** Pure: coverage for a file no test loaded: every executable line of every function is missed. */
export function unmeasuredCoverage(path: string, text: string, functions: readonly LocatedFunction[]): FileCoverage {
  const lines = text.split('\n');
  const language = languageOf(path);
  const missed = new Set<number>();
  const entries: FunctionCoverage[] = functions.map((fn) => {
    const executable = executableLines(lines, fn, language);
    for (const line of executable) missed.add(line);
    return { name: fn.name, start_line: fn.start, end_line: fn.end, lines: { covered: 0, total: executable.length } };
  });
  return {
    file: path,
    lines: { covered: 0, total: missed.size },
    branches: { covered: 0, total: 0 },
    line_pct: 0,
    missed_lines: toRanges(missed),
    functions: entries,
  };
}
