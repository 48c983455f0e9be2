import { loadTypeScript } from '../../../adapters/typescript.js';
import { isJsLike } from '../patterns/pattern-edit.js';

/** Parses Python source; resolves to a syntax error message, or null when it parses. */
export type ParsePython = (text: string, path: string) => Promise<string | null>;

/**
 * JS/TS syntax through `ts.transpileModule` with `reportDiagnostics`: the public API that returns
 * the parser's (syntactic) diagnostics without a program or type checking. `parseDiagnostics` on a
 * source file would do the same but is internal. Diagnostics without a file (compiler options) are
 * not the file's fault and are ignored.
 */
async function findJsSyntaxError(path: string, text: string): Promise<string | null> {
  const ts = await loadTypeScript();
  if (ts === null) return null;
  const result = ts.transpileModule(text, { fileName: path, reportDiagnostics: true, compilerOptions: {} });
  const diagnostic = (result.diagnostics ?? []).find((candidate) => candidate.file !== undefined);
  if (diagnostic === undefined) return null;
  const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
  return `line ${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
}

function findJsonSyntaxError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid JSON';
  }
}

/** The syntax error of `text` read as the kind of file `path` names; null when it parses or is not checked. */
export async function findSyntaxError(path: string, text: string, parsePython: ParsePython): Promise<string | null> {
  if (isJsLike(path)) return findJsSyntaxError(path, text);
  if (/\.pyi?$/.test(path)) return parsePython(text, path);
  if (path.endsWith('.json')) return findJsonSyntaxError(text);
  return null;
}

/**
 * The syntax error a change introduces: `after` must parse unless `before` did not parse either
 * (a fix is not blamed for a file that was already broken; it may well be the fix for it).
 */
export async function findIntroducedSyntaxError(path: string, before: string, after: string, parsePython: ParsePython): Promise<string | null> {
  const error = await findSyntaxError(path, after, parsePython);
  if (error === null) return null;
  return (await findSyntaxError(path, before, parsePython)) === null ? error : null;
}
