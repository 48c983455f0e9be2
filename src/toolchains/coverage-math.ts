import { isAbsolute, relative, sep } from 'node:path';
import type { Counts, Coverage, FileCoverage } from '../artefacts/build-report.js';

/**
 * Percentage truncated to two decimals, computed exactly as istanbul does (so figures equal what
 * vitest, jest and c8 print); 100 when there is nothing to cover.
 */
export function percent(counts: Counts): number {
  if (counts.total === 0) return 100;
  return Math.floor((1000 * 100 * counts.covered) / counts.total / 10) / 100;
}

/** Collapses sorted or unsorted line numbers into inclusive [start, end] ranges. */
export function toRanges(lines: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const line of sorted) {
    const last = ranges.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

/** Sums per-file figures into a report's coverage block; files are sorted by path. */
export function summarizeCoverage(tool: string, files: FileCoverage[]): Coverage {
  const sum = (pick: (file: FileCoverage) => Counts): Counts =>
    files.reduce((acc, file) => ({ covered: acc.covered + pick(file).covered, total: acc.total + pick(file).total }), {
      covered: 0,
      total: 0,
    });
  const lines = sum((file) => file.lines);
  const branches = sum((file) => file.branches);
  return {
    tool,
    line_pct: percent(lines),
    branch_pct: branches.total === 0 ? null : percent(branches),
    lines,
    branches,
    files: [...files].sort((a, b) => a.file.localeCompare(b.file)),
  };
}

/** A tool's path (absolute, `file://`, or relative) as a `/`-separated path relative to the project. */
export function toProjectPath(projectDir: string, file: string): string {
  const path = file.startsWith('file://') ? decodeURIComponent(new URL(file).pathname) : file;
  const rel = isAbsolute(path) ? relative(projectDir, path) : path;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}
