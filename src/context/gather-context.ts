import { createProcessRunner } from '../adapters/process-runner.js';
import { createSymbolIndexer, findNamedSymbols, mentionsAny } from './index-symbols.js';
import { loadFiles, toTrackedPath } from './load-files.js';
import { matchNamedFiles, parseGoal } from './parse-goal.js';
import { planLexical, planNamedFile, planNamedSymbol, type SnippetRequest } from './plan-requests.js';
import { isPythonLike } from './py-symbols.js';
import { documentTokens, findHitLines, rankFiles } from './rank-files.js';
import { createRepoReader } from './read-repo.js';
import { selectSnippets } from './select-snippets.js';
import { isTsLike } from './ts-symbols.js';
import type { ContextBundle, ContextDeps, ContextOptions, OmittedFile } from './types.js';

/** Token budget when the caller gives none. */
export const DEFAULT_BUDGET_TOKENS = 12_000;

/** Lexically ranked files considered for the rest of the budget, at most. */
const MAX_LEXICAL_FILES = 40;

function uniqueOmitted(entries: readonly OmittedFile[]): OmittedFile[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${entry.reason}\0${entry.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Gathers the repository context a goal needs, within a token budget: the files it names (and
 * `options.paths`), the symbols it names, then files ranked by BM25 against its words. Only
 * tracked files are read; secret-bearing paths never are, and secret-looking lines are redacted.
 * Reads (read) → plans requests and fits them to the budget (pure) → returns data.
 */
export async function gatherContext(options: ContextOptions, deps: ContextDeps = {}): Promise<ContextBundle> {
  const reader = deps.reader ?? createRepoReader(options.root);
  const indexer =
    deps.symbols ??
    createSymbolIndexer({ root: options.root, runner: deps.runner ?? createProcessRunner(), python: options.python });
  const goal = parseGoal(options.goal);
  const tracked = await reader.listTrackedFiles();
  const trackedSet = new Set(tracked);

  const explicit = (options.paths ?? []).map((path) => toTrackedPath(options.root, path));
  const notTracked = explicit.filter((path) => !trackedSet.has(path)).map((path): OmittedFile => ({ path, reason: 'not-tracked' }));
  const named = [...new Set([...explicit.filter((path) => trackedSet.has(path)), ...matchNamedFiles(goal.paths, tracked)])];
  const loaded = await loadFiles(reader, tracked, new Set(named));
  const files = loaded.lines;

  const indexable = [...files]
    .filter(([path]) => isTsLike(path) || isPythonLike(path))
    .map(([path, lines]) => ({ path, text: lines.join('\n') }))
    .filter((file) => goal.symbols.length > 0 && mentionsAny(file.text, goal.symbols));
  const symbols = findNamedSymbols(await indexer.index(indexable), goal.symbols);

  const ranked = rankFiles(
    [...files].map(([path, lines]) => ({ path, tokens: documentTokens(path, lines.join('\n')) })),
    goal.terms,
  );
  const lineCount = (path: string): number => files.get(path)?.length ?? 0;
  const hits = (path: string): number[] => findHitLines(files.get(path) ?? [], goal.terms, 2);

  const namedRequests = named.filter((path) => files.has(path)).map((path) => planNamedFile(path, lineCount(path), hits(path)));
  const symbolRequests = symbols.map((found) => planNamedSymbol(found.path, found.symbol, lineCount(found.path)));
  const namedSet = new Set(named);
  const lexicalRequests = ranked
    .filter((file) => !namedSet.has(file.path))
    .slice(0, MAX_LEXICAL_FILES)
    .map((file) => planLexical(file.path, file.score, lineCount(file.path), hits(file.path)));
  const requests: SnippetRequest[] = [...namedRequests, ...symbolRequests, ...lexicalRequests];

  const selected = selectSnippets(requests, files, options.budgetTokens ?? DEFAULT_BUDGET_TOKENS);
  return { ...selected, omitted: uniqueOmitted([...notTracked, ...loaded.omitted, ...selected.omitted]) };
}
