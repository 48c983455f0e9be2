import type { ProcessRunner } from '../adapters/process-runner.js';

/**
 * Local retrieval of repository context for a model prompt: which tracked files (and which lines
 * of them) a goal is about, within a token budget. Pure data; `renderContext` turns it into text.
 */

/** Why a snippet was chosen: the goal (or an explicit path) named its file, named a symbol in it, or it ranked lexically. */
export type ContextReason = 'named-file' | 'named-symbol' | 'lexical';

/** One snippet of one tracked file. */
export interface ContextItem {
  /** Path relative to the root, with `/` separators, as `git ls-files` prints it. */
  path: string;
  /** 1-based inclusive line range of `text`. */
  start_line: number;
  end_line: number;
  reason: ContextReason;
  /** The symbol(s) the goal named, comma-separated when merged snippets named several. */
  symbol?: string;
  /** 3 for a named file, 2 for a named symbol, else the BM25 score normalised to (0, 1]. */
  score: number;
  /** The lines `start_line`…`end_line`, secrets redacted, joined with `\n`. */
  text: string;
}

/**
 * Why a file (or a snippet of it) is not in the bundle. Files the ranking never reached are not
 * listed; files the goal named are always accounted for here when they are left out.
 */
export type OmitReason =
  | 'over-budget'
  | 'secret-path'
  | 'not-tracked'
  | 'excluded'
  | 'too-large'
  | 'binary'
  | 'generated'
  | 'unreadable';

/** A file, or a snippet of it, left out of the bundle. */
export interface OmittedFile {
  path: string;
  reason: OmitReason;
}

/** What `gatherContext` returns. */
export interface ContextBundle {
  /** Snippets in rank order: named files, then named symbols, then lexical matches. */
  items: ContextItem[];
  /** Estimated tokens of `renderContext(bundle)` (ceil(chars / 4)); never above the budget. */
  tokens: number;
  omitted: OmittedFile[];
}

/** Inputs of `gatherContext`. */
export interface ContextOptions {
  /** Absolute path of the directory whose tracked files are candidates (usually the repo root). */
  root: string;
  /** The user's goal in natural language, e.g. "make clamp in src/math.ts handle NaN". */
  goal: string;
  /** Files to include as if the goal named them (e.g. a task's `path`), relative to `root` or absolute. */
  paths?: readonly string[];
  /** Token budget of the rendered context (default 12 000). */
  budgetTokens?: number;
  /** Python interpreter for the `ast` symbol indexer (default `python3`). */
  python?: string;
}

/** A file's content as the reader saw it, or why it was not read. */
export type ReadResult = { text: string } | { skipped: 'too-large' | 'binary' | 'unreadable' };

/** The effects of reading a repository, injectable so unit tests can use an in-memory repo. */
export interface RepoReader {
  /** Tracked paths relative to the root (`git ls-files`), never ignored or untracked ones. */
  listTrackedFiles(): Promise<string[]>;
  readText(path: string): Promise<ReadResult>;
}

/** A named declaration of a source file with its 1-based inclusive line range. */
export interface CodeSymbol {
  /** Qualified name: "clamp", "UserService", "UserService.create". */
  name: string;
  kind: 'function' | 'class' | 'method' | 'variable' | 'type';
  startLine: number;
  endLine: number;
}

/** Finds the symbols of source files; files it cannot index are absent from the map. */
export interface SymbolIndexer {
  index(files: ReadonlyArray<{ path: string; text: string }>): Promise<Map<string, CodeSymbol[]>>;
}

/** Effects `gatherContext` uses; each defaults to the real one for `options.root`. */
export interface ContextDeps {
  reader?: RepoReader;
  symbols?: SymbolIndexer;
  /** Runs the Python `ast` indexer when `symbols` is not given. */
  runner?: ProcessRunner;
}
