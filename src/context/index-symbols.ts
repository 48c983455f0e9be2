import type { ProcessRunner } from '../adapters/process-runner.js';
import { indexPythonSymbols, isPythonLike } from './py-symbols.js';
import { loadTypeScript } from '../adapters/typescript.js';
import { isTsLike, listTsSymbols } from './ts-symbols.js';
import type { CodeSymbol, SymbolIndexer } from './types.js';

/** A symbol the goal named, where it is declared. */
export interface NamedSymbol {
  path: string;
  symbol: CodeSymbol;
}

/** At most this many declarations are taken for one name ("main" may be declared in every script). */
const MAX_MATCHES_PER_NAME = 8;

/** Options of the real indexer. */
export interface SymbolIndexerOptions {
  root: string;
  runner: ProcessRunner;
  python?: string;
}

/** The real indexer: the TypeScript parser in-process for JS/TS, Python's `ast` (or a regex) for Python. */
export function createSymbolIndexer(options: SymbolIndexerOptions): SymbolIndexer {
  return {
    async index(files) {
      const result = new Map<string, CodeSymbol[]>();
      const tsFiles = files.filter((file) => isTsLike(file.path));
      const ts = tsFiles.length > 0 ? await loadTypeScript() : null;
      for (const file of tsFiles) if (ts) result.set(file.path, listTsSymbols(ts, file.path, file.text));
      const python = await indexPythonSymbols(
        files.filter((file) => isPythonLike(file.path)),
        options,
      );
      for (const [path, symbols] of python) result.set(path, symbols);
      return result;
    },
  };
}

/** True when `text` mentions any of `names` (their last segment) as a whole word: worth indexing. */
export function mentionsAny(text: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const last = name.split('.').at(-1) ?? name;
    return new RegExp(`(?<![\\w$])${last.replaceAll('$', '\\$')}(?![\\w$])`).test(text);
  });
}

function isCodeLike(name: string): boolean {
  return /[_\d$]/.test(name) || /[a-z][A-Z]/.test(name);
}

/**
 * Whether goal name `wanted` names symbol `name`: the same name; a dotted name matching whole
 * trailing segments ("Admin.UserService.create" by "UserService.create"); or a code-like member
 * name ("parseArgs", "get_user", not a plain word like "create") matching a member's last segment.
 */
export function namesSymbol(wanted: string, name: string): boolean {
  if (wanted === name) return true;
  if (wanted.includes('.')) return name.endsWith(`.${wanted}`);
  return isCodeLike(wanted) && name.endsWith(`.${wanted}`);
}

/** Pure: declarations the goal names, in the order of the goal's names, then by path. */
export function findNamedSymbols(index: ReadonlyMap<string, readonly CodeSymbol[]>, wanted: readonly string[]): NamedSymbol[] {
  const found: NamedSymbol[] = [];
  const paths = [...index.keys()].sort();
  for (const name of wanted) {
    const matches = paths.flatMap((path) =>
      (index.get(path) ?? []).filter((symbol) => namesSymbol(name, symbol.name)).map((symbol) => ({ path, symbol })),
    );
    for (const match of matches.slice(0, MAX_MATCHES_PER_NAME)) {
      if (!found.some((other) => other.path === match.path && other.symbol === match.symbol)) found.push(match);
    }
  }
  return found;
}
