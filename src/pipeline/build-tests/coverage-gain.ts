import { CoverageJson } from '../../toolchains/python/coverage-py.js';
import { isLcovText, readIstanbulLines, readLcovLines, toRepoPath } from '../fix/localise/read-spectra.js';

/** Lines by repository-relative file. */
export type LineMap = Map<string, Set<number>>;

/** Executed lines by repository-relative file, from istanbul's coverage-final.json, coverage.py's JSON or lcov; null when unreadable. */
export function readExecutedLines(json: string, projectDir: string, repoRoot: string): LineMap | null {
  if (isLcovText(json)) return readLcovLines(json, projectDir, repoRoot);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  const python = CoverageJson.safeParse(data);
  if (!python.success) {
    try {
      return readIstanbulLines(json, projectDir, repoRoot);
    } catch {
      return null;
    }
  }
  const lines: LineMap = new Map();
  for (const [path, file] of Object.entries(python.data.files)) {
    const rel = toRepoPath(path, projectDir, repoRoot);
    if (rel !== null) lines.set(rel, new Set(file.executed_lines));
  }
  return lines;
}

/** The lines nothing covered yet: each target's uncovered lines, by file (targets sharing a file share lines). */
export function openLinesOf(targets: ReadonlyArray<{ path: string; uncovered_lines: readonly number[] }>): LineMap {
  const open: LineMap = new Map();
  for (const target of targets) {
    const lines = open.get(target.path) ?? new Set<number>();
    for (const line of target.uncovered_lines) lines.add(line);
    open.set(target.path, lines);
  }
  return open;
}

/**
 * Pure: the open lines a test covered, limited to its own target's lines when it has one, sorted.
 * Claiming them (see claimLines) makes a later test that covers only the same lines gain nothing.
 */
export function gainedLines(covered: LineMap, open: LineMap, target: { path: string; lineRange: readonly [number, number] } | null): Map<string, number[]> {
  const gained = new Map<string, number[]>();
  for (const [file, lines] of [...open].sort(([a], [b]) => a.localeCompare(b))) {
    if (target !== null && file !== target.path) continue;
    const ran = covered.get(file);
    if (!ran) continue;
    const hits = [...lines].filter((line) => ran.has(line) && (target === null || (line >= target.lineRange[0] && line <= target.lineRange[1])));
    if (hits.length > 0) gained.set(file, hits.sort((a, b) => a - b));
  }
  return gained;
}

/** Removes claimed lines from the open set (mutates `open`). */
export function claimLines(open: LineMap, gained: ReadonlyMap<string, readonly number[]>): void {
  for (const [file, lines] of gained) for (const line of lines) open.get(file)?.delete(line);
}
