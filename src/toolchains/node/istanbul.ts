import { z } from 'zod';
import type { Counts, Coverage, FileCoverage } from '../../artefacts/build-report.js';
import { summarizeCoverage, toProjectPath } from '../coverage-math.js';
import type { ToolOutput } from '../types.js';
import { functionCoverage, missedRanges, type LineHits } from './line-coverage.js';
import { readJson } from './read-json.js';
import { nameFunction } from './function-names.js';

/**
 * Reads istanbul's `coverage-final.json` (vitest with v8 or istanbul, jest, c8). Figures follow
 * istanbul-lib-coverage exactly, so they equal the text table vitest, jest and c8 print: a line is
 * executable when a statement starts on it and covered when any such statement ran; branches count
 * every branch path; percentages are floored to two decimals as istanbul does.
 */

// v8-derived maps leave `column` null (Infinity in JSON) and branch locations may be `{}`.
const Position = z.object({ line: z.number().int() });
const Range = z.object({ start: Position, end: Position });
const FileData = z.object({
  path: z.string(),
  statementMap: z.record(z.string(), Range),
  fnMap: z.record(z.string(), z.object({ name: z.string(), decl: Range.optional(), loc: Range })),
  s: z.record(z.string(), z.number()),
  f: z.record(z.string(), z.number()),
  b: z.record(z.string(), z.array(z.number())),
});
const CoverageMap = z.record(z.string(), FileData);
type FileData = z.infer<typeof FileData>;

/** istanbul's own percentage: floored, not rounded, to two decimals (9/11 is 81.81). */
export function istanbulPercent(counts: Counts): number {
  if (counts.total === 0) return 100;
  return Math.floor((1000 * 100 * counts.covered) / counts.total / 10) / 100;
}

/** istanbul's `getLineCoverage()`: per start line of a statement, the highest hit count. */
export function lineHits(data: FileData): Map<number, number> {
  const hits = new Map<number, number>();
  for (const [id, count] of Object.entries(data.s)) {
    const line = data.statementMap[id]?.start.line;
    if (line === undefined) continue;
    const previous = hits.get(line);
    if (previous === undefined || previous < count) hits.set(line, count);
  }
  return hits;
}

function branchCounts(data: FileData): Counts {
  const paths = Object.values(data.b).flat();
  return { covered: paths.filter((hits) => hits > 0).length, total: paths.length };
}

function functionsOf(data: FileData, hits: LineHits, lines: readonly string[]): FileCoverage['functions'] {
  return Object.values(data.fnMap).map((fn) => {
    const start = Math.min(fn.decl?.start.line ?? fn.loc.start.line, fn.loc.start.line);
    const name = lines.length > 0 ? nameFunction(lines, fn.decl?.start.line ?? start, fn.name) : fn.name;
    return functionCoverage(name, start, fn.loc.end.line, hits);
  });
}

/** Pure: one file's coverage; the source's `lines` name methods "Class.method" and assigned arrows. */
export function toFileCoverage(file: string, data: FileData, sourceLines: readonly string[] = []): FileCoverage {
  const hits = lineHits(data);
  const lines = { covered: [...hits.values()].filter((count) => count > 0).length, total: hits.size };
  return {
    file,
    lines,
    branches: branchCounts(data),
    line_pct: istanbulPercent(lines),
    missed_lines: missedRanges(hits),
    functions: functionsOf(data, hits, sourceLines),
  };
}

/** Totals with istanbul's floored percentages, so "All files" matches the printed table. */
export function summarizeIstanbul(files: FileCoverage[]): Coverage {
  const summary = summarizeCoverage('istanbul', files);
  return {
    ...summary,
    line_pct: istanbulPercent(summary.lines),
    branch_pct: summary.branches.total === 0 ? null : istanbulPercent(summary.branches),
  };
}

/** Parses coverage-final.json; null when the file is missing or not in istanbul's format. */
export async function readCoverage(output: ToolOutput, json: string | undefined): Promise<Coverage | null> {
  if (json === undefined) return null;
  const map = readJson(CoverageMap, json, 'coverage-final.json');
  if (!map.ok) return null;
  const files = await Promise.all(
    Object.values(map.value).map(async (data) => {
      const file = toProjectPath(output.projectDir, data.path);
      const text = await output.readSource(file);
      return toFileCoverage(file, data, text === null ? [] : text.split('\n'));
    }),
  );
  return summarizeIstanbul(files);
}
