import type { FileCoverage, FunctionCoverage } from '../../artefacts/build-report.js';
import type { ChangePlan, RiskFactor } from '../../artefacts/testspec.js';
import { percent } from '../../toolchains/coverage-math.js';
import type { ChangedFile } from './parse-diff.js';
import { isPublicApi } from './public-api.js';
import { findErrorLines, findSinks, isAsync, readHeader, readParameters, signatureOf, type Parameter } from './source-traits.js';

/** A function, method or class whose coverage is below the threshold, with what makes it risky. */
export interface Candidate {
  path: string;
  symbol: string;
  start: number;
  end: number;
  linePct: number;
  /** Executable lines in the target, as the coverage tool counted them. */
  lineCount: number;
  uncovered: number[];
  /** False when the coverage tool never loaded the file. */
  isMeasured: boolean;
  risks: RiskFactor[];
  parameters: Parameter[];
  isAsync: boolean;
  errorLines: number[];
  lines: readonly string[];
}

export interface TargetInput {
  files: FileCoverage[];
  /** Files the coverage tool never loaded, with every line counted as missed. */
  unmeasured: FileCoverage[];
  sources: ReadonlyMap<string, string>;
  /** Text of each changed file before the change; absent or null when it was added. */
  oldSources: ReadonlyMap<string, string | null>;
  changes: readonly ChangedFile[];
  minCoverage: number;
  plan: ChangePlan | null;
}

function missedLines(file: FileCoverage, fn: FunctionCoverage): number[] {
  const lines: number[] = [];
  for (const [from, to] of file.missed_lines) {
    for (let line = Math.max(from, fn.start_line); line <= Math.min(to, fn.end_line); line++) lines.push(line);
  }
  return lines;
}

/**
 * Anonymous functions and functions nested in another function roll up into their parent; a class
 * is a target of its own only for missed lines outside its methods.
 */
function testableFunctions(file: FileCoverage): Array<{ fn: FunctionCoverage; uncovered: number[] }> {
  const named = file.functions.filter((fn) => !fn.name.startsWith('(') && fn.name !== '<module>');
  const isInside = (inner: FunctionCoverage, outer: FunctionCoverage) =>
    inner !== outer && inner.start_line >= outer.start_line && inner.end_line <= outer.end_line;
  const methodsOf = (owner: FunctionCoverage) => named.filter((fn) => fn.name.startsWith(`${owner.name}.`) && isInside(fn, owner));
  return named
    .filter((fn) => !named.some((outer) => isInside(fn, outer) && !fn.name.startsWith(`${outer.name}.`)))
    .map((fn) => {
      const methods = methodsOf(fn);
      const uncovered = missedLines(file, fn).filter((line) => !methods.some((m) => line >= m.start_line && line <= m.end_line));
      return { fn, uncovered };
    })
    .filter(({ uncovered }) => uncovered.length > 0);
}

function mentions(plan: ChangePlan | null, path: string, symbol: string): boolean {
  if (!plan) return false;
  const text = [plan.goal, ...plan.steps].join('\n');
  const bare = symbol.split('.').pop() ?? symbol;
  return plan.paths.some((p) => path.endsWith(p) || p.endsWith(path)) || text.includes(path) || new RegExp(`\\b${bare.replace(/\$/g, '\\$')}\\b`).test(text);
}

function changeRisks(fn: FunctionCoverage, lines: readonly string[], change: ChangedFile | undefined, oldText: string | null | undefined): RiskFactor[] {
  if (!change) return [];
  const added = [...change.added.keys()].filter((line) => line >= fn.start_line && line <= fn.end_line);
  if (added.length === 0) return [];
  const risks: RiskFactor[] = ['changed'];
  if (added.some((line) => /\bthrow\b|\braise\b|\breject\s*\(/.test(change.added.get(line) ?? ''))) risks.push('new-error-path');
  if (oldText) {
    const name = fn.name.split('.').pop() ?? fn.name;
    const oldLines = oldText.split('\n');
    const declaration = new RegExp(`(?:def|function|class)\\s+${name}\\b|\\b${name}\\s*[=:(]`);
    const oldStart = oldLines.findIndex((line) => declaration.test(line) && !/^\s*(?:\/\/|#|\*)/.test(line));
    if (oldStart >= 0 && signatureOf(readHeader(oldLines, oldStart + 1)) !== signatureOf(readHeader(lines, fn.start_line))) {
      risks.push('signature-changed');
    }
  }
  return risks;
}

/** Pure: every function, method or class below `minCoverage`, with its risk factors. */
export function findTargets(input: TargetInput): Candidate[] {
  const changes = new Map(input.changes.map((change) => [change.path, change]));
  const measured = input.files.map((file) => ({ file, isMeasured: true }));
  const unmeasured = input.unmeasured.map((file) => ({ file, isMeasured: false }));
  const candidates: Candidate[] = [];
  for (const { file, isMeasured } of [...measured, ...unmeasured]) {
    const text = input.sources.get(file.file);
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (const { fn, uncovered } of testableFunctions(file)) {
      const linePct = percent(fn.lines);
      if (linePct >= input.minCoverage) continue;
      const header = readHeader(lines, fn.start_line);
      const body = lines.slice(fn.start_line - 1, fn.end_line).join('\n');
      const errorLines = findErrorLines(lines, fn.start_line, fn.end_line);
      const risks: RiskFactor[] = [...changeRisks(fn, lines, changes.get(file.file), input.oldSources.get(file.file))];
      if (isPublicApi(file.file, text, fn.name, fn.start_line)) risks.push('public-api');
      if (errorLines.some((line) => uncovered.includes(line))) risks.push('uncovered-error-handling');
      risks.push(...findSinks(body, fn.name, text));
      if (mentions(input.plan, file.file, fn.name)) risks.push('in-plan');
      candidates.push({
        path: file.file,
        symbol: fn.name,
        start: fn.start_line,
        end: fn.end_line,
        linePct,
        lineCount: fn.lines.total,
        uncovered,
        isMeasured,
        risks,
        parameters: readParameters(header),
        isAsync: isAsync(header, body),
        errorLines,
        lines,
      });
    }
  }
  return candidates;
}
