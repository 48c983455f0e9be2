import { posix } from 'node:path';
import type { FixLocation, ReadFile } from '../types.js';

/** The importing file an import error names: node/vitest "imported from X", jest and vite "from 'X'", pytest "test module 'X'". */
const IMPORTER = [
  /imported from (\S+)/,
  /Cannot find module '[^']+' from '([^']+)'/,
  /Failed to resolve import "[^"]+" from "([^"]+)"/,
  /while importing test module '([^']+)'/,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The line that names a module: the quoted specifier, or for a path node resolved to an absolute
 * one, an import or require of its file name. Python modules are matched as `import a.b` or
 * `from a.b import`.
 */
function findModuleLine(lines: readonly string[], module: string): { line: number; column: number } | null {
  const isResolved = module.startsWith('/') || module.startsWith('file://');
  const stem = posix.basename(module).replace(/\.[cm]?[jt]sx?$/, '');
  // Group 1 is the module as written; the location is its first character.
  const patterns = isResolved
    ? [new RegExp(String.raw`(?:from|require\(|import\(?)\s*(['"][^'"]*\b${escapeRegExp(stem)}(?:\.[cm]?[jt]sx?)?['"])`)]
    : [new RegExp(String.raw`(['"]${escapeRegExp(module)}['"])`), new RegExp(String.raw`^\s*(?:from|import)\s+(${escapeRegExp(module)})\b`)];
  for (const [index, text] of lines.entries()) {
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match?.[1]) return { line: index + 1, column: match.index + match[0].indexOf(match[1]) + 1 };
    }
  }
  return null;
}

/**
 * Where a failing import stands when no stack frame says so (vitest's and node's "Cannot find
 * module … imported from …" carry none): the line of the importing file that names the module,
 * else that file's first line.
 */
export async function findImportLocation(
  text: string,
  module: string | null,
  testFile: string,
  readFile: ReadFile,
  toRepoPath: (path: string) => string | null,
): Promise<FixLocation> {
  const printed = IMPORTER.map((pattern) => pattern.exec(text)?.[1]).find((path) => path !== undefined);
  const file = (printed ? toRepoPath(printed) : null) ?? testFile;
  const source = module === null ? null : await readFile(file);
  const found = source === null || module === null ? null : findModuleLine(source.split(/\r?\n/), module);
  // Imports stand at the top: without the line, the file's first line is the place to look.
  return found ? { file, ...found } : { file, line: 1, column: 1 };
}

const ASSERTION_RECEIVERS = new Set(['assert', 'expect', 't', 'chai', 'should']);
const NOT_CALLEES = new Set(['expect', 'assert', 'it', 'test', 'describe', 'await', 'async', 'print', 'len', 'str', 'int', 'list', 'dict']);

/**
 * The function a test line calls without awaiting it, as a best guess for an async failure whose
 * message names none: the first call on the line that is not an assertion helper.
 */
export async function findCalledName(location: FixLocation, readFile: ReadFile): Promise<string | null> {
  const text = (await readFile(location.file))?.split(/\r?\n/)[location.line - 1];
  if (text === undefined) return null;
  for (const match of text.matchAll(/(await\s+)?([A-Za-z_$][\w$.]*)\s*\(/g)) {
    const parts = match[2]?.split('.') ?? [];
    const name = parts.at(-1) ?? '';
    // `assert.strictEqual(`, `t.equal(`, `self.assertEqual(`, `.toBe(`: assertion helpers, not the code under test.
    const isHelper = NOT_CALLEES.has(name) || ASSERTION_RECEIVERS.has(parts[0] ?? '') || /^(assert|to)[A-Z]/.test(name);
    if (match[1] === undefined && name !== '' && !isHelper) return name;
  }
  return null;
}
