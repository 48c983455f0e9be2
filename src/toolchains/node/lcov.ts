import type { Counts, Coverage, FileCoverage } from '../../artefacts/build-report.js';
import { summarizeCoverage, toProjectPath } from '../coverage-math.js';
import type { ToolOutput } from '../types.js';
import { countLines, functionCoverage, isTestOrDependency, missedRanges } from './line-coverage.js';
import { functionEndLine, nameFunction } from './function-names.js';
import { findFunction, readSourceFunctions, type SourceFunction } from './source-functions.js';

/**
 * Reads an lcov tracefile, as Node's built-in coverage writes it (`--test-reporter=lcov`). Line
 * figures are the DA records (LF/LH), which equal the "line %" column of node's coverage table;
 * percentages are rounded to two decimals as node prints them. lcov gives each function's start
 * line only: its end line comes from the source (indentation, else the TypeScript parser). Test files and node_modules, which node
 * includes, are left out, so totals are those of the table's non-test rows.
 */

/** Node's own percentage: rounded to two decimals (32/36 prints 88.89), unlike istanbul's floor. */
export function nodePercent(counts: Counts): number {
  if (counts.total === 0) return 100;
  return Math.round((counts.covered / counts.total) * 10000) / 100;
}

export interface LcovRecord {
  /** Source path as written after SF: (relative to the cwd, or absolute). */
  path: string;
  /** Hits per line (DA). */
  lines: Map<number, number>;
  /** Functions by start line (FN), with their hit count (FNDA). */
  functions: Array<{ name: string; line: number; hits: number }>;
  branches: Counts;
}

function newRecord(path: string): LcovRecord {
  return { path, lines: new Map(), functions: [], branches: { covered: 0, total: 0 } };
}

function addEntry(record: LcovRecord, key: string, value: string): void {
  const fields = value.split(',');
  if (key === 'DA') {
    const [line, hits] = fields.map(Number);
    if (line !== undefined && hits !== undefined && Number.isFinite(line)) record.lines.set(line, hits);
  } else if (key === 'FN') {
    // lcov 1.x "FN:<line>,<name>"; lcov 2.x "FN:<line>,<end line>,<name>".
    const name = fields.at(-1) ?? '';
    record.functions.push({ name, line: Number(fields[0]), hits: 0 });
  } else if (key === 'FNDA') {
    const [hits, ...name] = fields;
    const fn = record.functions.find((candidate) => candidate.name === name.join(','));
    if (fn) fn.hits = Number(hits);
  } else if (key === 'BRDA') {
    const taken = fields[3];
    record.branches.total += 1;
    if (taken !== undefined && taken !== '-' && Number(taken) > 0) record.branches.covered += 1;
  }
}

/** Pure: the records of an lcov tracefile. */
export function parseLcovText(text: string): LcovRecord[] {
  const records: LcovRecord[] = [];
  let current: LcovRecord | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    if (key === 'SF') records.push((current = newRecord(value)));
    else if (key === 'end_of_record') current = null;
    else if (current) addEntry(current, key, value);
  }
  return records;
}

/** Pure: functions with end lines and readable names from the source text alone; null if unsure. */
export function functionsFromText(record: LcovRecord, text: string): SourceFunction[] | null {
  const lines = text.split('\n');
  const found: SourceFunction[] = [];
  for (const fn of record.functions) {
    const endLine = functionEndLine(lines, fn.line);
    if (endLine === null) return null;
    found.push({ name: nameFunction(lines, fn.line, fn.name), startLine: fn.line, endLine, nameLine: fn.line, bodyLine: fn.line });
  }
  return found;
}

/** Pure: one file's coverage, given the functions found in its source (end lines, qualified names). */
export function toFileCoverage(file: string, record: LcovRecord, source: readonly SourceFunction[]): FileCoverage {
  const lines = countLines(record.lines);
  return {
    file,
    lines,
    branches: record.branches,
    line_pct: nodePercent(lines),
    missed_lines: missedRanges(record.lines),
    functions: record.functions.map((fn) => {
      const found = findFunction(source, fn.line, fn.name);
      const name = found?.name ?? fn.name;
      return functionCoverage(name, fn.line, Math.max(fn.line, found?.endLine ?? fn.line), record.lines);
    }),
  };
}

/** Parses an lcov tracefile into heal's coverage block (tool "lcov"). */
export async function readLcov(output: ToolOutput, text: string): Promise<Coverage> {
  const records = parseLcovText(text)
    .map((record) => ({ record, file: toProjectPath(output.projectDir, record.path) }))
    .filter(({ file }) => !isTestOrDependency(file) && !file.startsWith('..'));
  const files = await Promise.all(
    records.map(async ({ record, file }) => {
      const sourceText = await output.readSource(file);
      // The TypeScript parser costs half a second to load: only for sources the text rules cannot read.
      const source =
        sourceText === null ? [] : (functionsFromText(record, sourceText) ?? (await readSourceFunctions(file, sourceText)));
      return toFileCoverage(file, record, source);
    }),
  );
  const summary = summarizeCoverage('lcov', files);
  return {
    ...summary,
    line_pct: nodePercent(summary.lines),
    branch_pct: summary.branches.total === 0 ? null : nodePercent(summary.branches),
  };
}
