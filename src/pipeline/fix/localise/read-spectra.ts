import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseLcovText } from '../../../toolchains/node/lcov.js';

/**
 * Readers of per-test coverage for spectrum-based fault localisation: text in, data out. Paths
 * come back relative to the repository root with `/`; files outside it and under node_modules are
 * dropped. Line sets and maps are built in sorted order so callers iterate deterministically.
 */

/** A coverage report could not be read at all (not JSON, or not the expected format). */
export class SpectraFormatError extends Error {
  override name = 'SpectraFormatError';
}

// Only what fault localisation needs; v8-derived maps leave columns null, so they are not read.
const IstanbulFile = z.object({
  path: z.string().optional(),
  statementMap: z.record(z.string(), z.object({ start: z.object({ line: z.number().int() }) })),
  s: z.record(z.string(), z.number()),
});
// Older jest JSON reports wrap each file's data in `{ data: … }`.
const WrappedIstanbulFile = z.object({ data: IstanbulFile });

const CoverageContexts = z.object({
  files: z.record(z.string(), z.object({ contexts: z.record(z.string(), z.array(z.string())).optional() })),
});

function parseJson(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new SpectraFormatError(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A tool's path (absolute, `file://`, or relative to the project) relative to the repo root; null when outside it or under node_modules. */
export function toRepoPath(path: string, projectDir: string, repoRoot: string): string | null {
  const local = path.startsWith('file://') ? fileURLToPath(path) : path;
  const absolute = isAbsolute(local) ? local : resolve(projectDir, local);
  const rel = relative(repoRoot, absolute).split(sep).join('/');
  if (rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return null;
  return /(^|\/)node_modules\//.test(rel) ? null : rel;
}

function readIstanbulFile(entry: unknown): z.infer<typeof IstanbulFile> | null {
  const wrapped = WrappedIstanbulFile.safeParse(entry);
  if (wrapped.success) return wrapped.data.data;
  const plain = IstanbulFile.safeParse(entry);
  return plain.success ? plain.data : null;
}

function sortLines(lines: Iterable<number>): Set<number> {
  return new Set([...lines].sort((a, b) => a - b));
}

/**
 * Executed lines per file from istanbul's `coverage-final.json` (vitest v8/istanbul, jest, c8). A
 * statement that ran marks only its start line, as istanbul's own line coverage does: marking a
 * multi-line statement's whole span would make, say, every line of an arrow function assigned at
 * module load look executed. Entries not in istanbul's shape are skipped.
 */
export function readIstanbulLines(json: string, projectDir: string, repoRoot: string): Map<string, Set<number>> {
  const parsed = z.record(z.string(), z.unknown()).safeParse(parseJson(json, 'coverage-final.json'));
  if (!parsed.success) throw new SpectraFormatError('coverage-final.json is not an istanbul coverage map');
  const result = new Map<string, Set<number>>();
  for (const key of Object.keys(parsed.data).sort()) {
    const entry = parsed.data[key];
    const data = readIstanbulFile(entry);
    if (data === null) continue;
    const file = toRepoPath(data.path ?? key, projectDir, repoRoot);
    if (file === null) continue;
    const lines = new Set(result.get(file));
    for (const [id, count] of Object.entries(data.s)) {
      const line = data.statementMap[id]?.start.line;
      if (count > 0 && line !== undefined) lines.add(line);
    }
    if (lines.size > 0) result.set(file, sortLines(lines));
  }
  return result;
}

/** True when a coverage report is an lcov tracefile (node:test's built-in coverage) rather than JSON. */
export function isLcovText(text: string): boolean {
  return /^(TN|SF):/m.test(text.slice(0, 200));
}

/**
 * Executed lines per file from an lcov tracefile: its DA records with hits. node:test's built-in
 * coverage marks every line of a range that ran, blank and comment lines included.
 */
export function readLcovLines(text: string, projectDir: string, repoRoot: string): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  for (const record of parseLcovText(text)) {
    const file = toRepoPath(record.path, projectDir, repoRoot);
    if (file === null) continue;
    const hit = [...record.lines].filter(([, hits]) => hits > 0).map(([line]) => line);
    const lines = sortLines([...(result.get(file) ?? []), ...hit]);
    if (lines.size > 0) result.set(file, lines);
  }
  return result;
}

/**
 * A coverage.py context name as a pytest node id: pytest-cov's `--cov-context=test` names contexts
 * `<node id>|run`, `|setup` and `|teardown`; all three phases count for the test, since fixture
 * code runs on the test's behalf. Other names (coverage's own `test_function` dynamic context,
 * static `--context` labels) are kept verbatim. The empty context (import time) belongs to no test.
 */
export function toTestId(context: string): string | null {
  const id = context.replace(/\|(?:run|setup|teardown)$/, '');
  return id === '' ? null : id;
}

/**
 * Per test, the lines it executed, from `coverage json --show-contexts` after a run with dynamic
 * contexts (`pytest --cov-context=test`): test id → file → lines. A report written without
 * `--show-contexts` has no `contexts` and yields an empty map.
 */
export function readCoverageContexts(
  json: string,
  projectDir: string,
  repoRoot: string,
): Map<string, Map<string, Set<number>>> {
  const parsed = CoverageContexts.safeParse(parseJson(json, 'coverage.json'));
  if (!parsed.success) throw new SpectraFormatError('coverage.json is not a coverage.py JSON report');
  const byTest = new Map<string, Map<string, number[]>>();
  for (const [path, data] of Object.entries(parsed.data.files)) {
    const file = toRepoPath(path, projectDir, repoRoot);
    if (file === null) continue;
    for (const [lineKey, contexts] of Object.entries(data.contexts ?? {})) {
      const line = Number(lineKey);
      if (!Number.isInteger(line) || line <= 0) continue;
      for (const context of contexts) {
        const id = toTestId(context);
        if (id === null) continue;
        const files = byTest.get(id) ?? new Map<string, number[]>();
        const lines = files.get(file) ?? [];
        lines.push(line);
        files.set(file, lines);
        byTest.set(id, files);
      }
    }
  }
  const result = new Map<string, Map<string, Set<number>>>();
  for (const id of [...byTest.keys()].sort()) {
    const files = byTest.get(id) ?? new Map<string, number[]>();
    result.set(id, new Map([...files.keys()].sort().map((file) => [file, sortLines(files.get(file) ?? [])])));
  }
  return result;
}
