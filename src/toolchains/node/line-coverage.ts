import type { Counts, FunctionCoverage } from '../../artefacts/build-report.js';

/** Hit counts by line, shared by the istanbul and lcov parsers. */
export type LineHits = ReadonlyMap<number, number>;

/** Covered and total executable lines among `hits`, optionally within [start, end]. */
export function countLines(hits: LineHits, start = -Infinity, end = Infinity): Counts {
  let covered = 0;
  let total = 0;
  for (const [line, count] of hits) {
    if (line < start || line > end) continue;
    total += 1;
    if (count > 0) covered += 1;
  }
  return { covered, total };
}

/**
 * Ranges of missed lines as istanbul's text reporter and coverage.py print them: consecutive missed
 * executable lines form one range even across blank or comment lines; a covered line ends it.
 */
export function missedRanges(hits: LineHits): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let isOpen = false;
  for (const [line, count] of [...hits].sort((a, b) => a[0] - b[0])) {
    const last = ranges.at(-1);
    if (count > 0) isOpen = false;
    else if (isOpen && last) last[1] = line;
    else {
      ranges.push([line, line]);
      isOpen = true;
    }
  }
  return ranges;
}

/** A function's coverage: the executable lines of `hits` inside its span. */
export function functionCoverage(name: string, startLine: number, endLine: number, hits: LineHits): FunctionCoverage {
  return { name, start_line: startLine, end_line: endLine, lines: countLines(hits, startLine, endLine) };
}

/** Is this project-relative path a test file or a dependency, which coverage figures leave out? */
export function isTestOrDependency(file: string): boolean {
  return (
    file.includes('node_modules/') ||
    /(^|\/)(test|tests|__tests__|__mocks__)\//.test(file) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(file)
  );
}
