import { STOP_WORDS, tokenize } from './tokenize.js';

/** What a goal refers to, as written: file-like tokens, identifier-like tokens, and ranking terms. */
export interface GoalReferences {
  /** Path-like tokens: "src/math.ts", "math.ts", "utils/strings.py" (leading `./` and `:line` dropped). */
  paths: string[];
  /** Identifier-like tokens: "clamp", "parseArgs", "UserService.create". */
  symbols: string[];
  /** Ranking tokens of the whole goal (see `tokenize`). */
  terms: string[];
}

const SOURCE_EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs py pyi json jsonc md mdx rst txt yaml yml toml ini cfg conf css scss ' +
    'sass less html htm vue svelte astro sh bash zsh go rs java kt kts scala rb php c h cc cpp hpp cs ' +
    'swift m sql graphql gql proto xml csv gradle tf lua dart ex exs erl hs ml elm r jl'
  ).split(' '),
);

/** At most this many tracked files are taken for one file-like token ("index.ts" may match dozens). */
const MAX_MATCHES_PER_TOKEN = 5;

function cleanToken(raw: string): string {
  const trailing = /[`'")\]}>,;:!?.]+$/;
  return raw
    .replace(/^[`'"([{<]+/, '')
    .replaceAll('()', '')
    .replace(trailing, '')
    .replace(/:\d+(:\d+)?$/, '')
    .replace(trailing, '')
    .replace(/^\.\//, '');
}

function isPathLike(token: string): boolean {
  if (token.includes('://')) return false;
  const extension = /\.([A-Za-z0-9]+)$/.exec(token)?.[1]?.toLowerCase();
  if (extension !== undefined && SOURCE_EXTENSIONS.has(extension)) return true;
  return token.includes('/') && /^[\w@.\-/]+$/.test(token) && /[A-Za-z]/.test(token);
}

/** Splits a goal into the files, symbols and terms it mentions. */
export function parseGoal(goal: string): GoalReferences {
  const paths = new Set<string>();
  const symbols = new Set<string>();
  for (const raw of goal.split(/\s+/)) {
    const token = cleanToken(raw);
    if (token.length === 0) continue;
    if (isPathLike(token)) {
      paths.add(token);
      continue;
    }
    const symbol = token.replace(/#|::/g, '.');
    if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(symbol) && symbol.length >= 2) {
      if (!STOP_WORDS.has(symbol.toLowerCase())) symbols.add(symbol);
    }
  }
  return { paths: [...paths], symbols: [...symbols], terms: tokenize(goal) };
}

/** Normalises a user-given path against the tracked list: forward slashes, no leading `./`. */
export function normalizePath(path: string): string {
  return path.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
}

/**
 * Tracked files a file-like token names: the file itself or any file whose path ends with
 * `/token`; shortest paths first, at most five per token.
 */
export function matchNamedFiles(tokens: readonly string[], tracked: readonly string[]): string[] {
  const found = new Set<string>();
  for (const token of tokens.map(normalizePath)) {
    const matches = tracked
      .filter((path) => path === token || path.endsWith(`/${token}`))
      .sort((a, b) => a.length - b.length || a.localeCompare(b));
    for (const path of matches.slice(0, MAX_MATCHES_PER_TOKEN)) found.add(path);
  }
  return [...found];
}
