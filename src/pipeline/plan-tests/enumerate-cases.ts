import type { CaseKind, Priority, RiskFactor, TestCase } from '../../artefacts/testspec.js';
import type { Candidate } from './find-targets.js';
import type { Parameter } from './source-traits.js';
import { toRanges } from '../../toolchains/coverage-math.js';

const BRANCH_LINE = /\b(?:if|elif|else|switch|case|for|while|match)\b|\?\?|\|\||&&|\?[^.:]*:|\bor\b|\band\b/;

/** Boundary values a test writer should try for a parameter, from its annotated type. */
function boundaryValues(parameter: Parameter): string {
  const type = (parameter.type ?? '').toLowerCase();
  const values: string[] = [];
  if (/\[\]|array|list|tuple|sequence|iterable|set\b/.test(type)) values.push('an empty, a one-element and a many-element collection');
  else if (/string|\bstr\b/.test(type)) values.push('an empty string, whitespace and unicode text');
  else if (/number|\bint\b|\bfloat\b|decimal|bigint/.test(type)) values.push('0, -1, 1 and a very large number');
  else if (/bool/.test(type)) values.push('true and false');
  else if (/\bdate|datetime/.test(type)) values.push('the Unix epoch, a leap day, the last second of a year and an invalid date');
  else if (/dict|record|map|object/.test(type)) values.push('an empty and a minimal object');
  else if (/^[A-Z]\w*$/.test(parameter.type ?? '')) values.push(`a minimal ${parameter.type} and one that fails or returns nothing`);
  else values.push('empty, zero, negative and very large values');
  if (parameter.isOptional || /null|undefined|none|optional|\?/.test(type)) values.push(`an omitted ${parameter.name}`);
  return `${parameter.name} (${values.join('; ')})`;
}

function callOf(candidate: Candidate): string {
  const call = `${candidate.symbol}(${candidate.parameters.map((parameter) => parameter.name).join(', ')})`;
  const isReachableOnlyInside = !candidate.risks.includes('public-api') && !candidate.path.endsWith('.py');
  return isReachableOnlyInside ? `${call} (not exported: through the module's exported code that calls it)` : call;
}

function describeLines(lines: readonly number[]): string {
  if (lines.length === 0) return '';
  const ranges = toRanges(lines).map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`));
  return ` (line${lines.length > 1 ? 's' : ''} ${ranges.slice(0, 6).join(', ')}${ranges.length > 6 ? ', …' : ''})`;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const HOSTILE: Partial<Record<RiskFactor, string>> = {
  'shell-command': 'shell metacharacters such as `; rm -rf /` and `$(id)`',
  sql: "SQL such as `' OR 1=1 --`",
  'file-path': 'path traversal such as `../../etc/passwd` and absolute paths',
  'untrusted-input': 'malformed, truncated and oversized input',
};

/** Indentation of the function's top-level statements: the shallowest body line. */
function bodyIndentOf(candidate: Candidate): number {
  const indents: number[] = [];
  for (let line = candidate.start + 1; line <= candidate.end; line++) {
    const text = candidate.lines[line - 1] ?? '';
    if (text.trim() && !/^\s*[})\]]/.test(text)) indents.push(indentOf(text));
  }
  return indents.length > 0 ? Math.min(...indents) : Number.POSITIVE_INFINITY;
}

function snake(symbol: string): string {
  return symbol
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '');
}

/**
 * Pure: up to five cases for a target, only the kinds that apply: success when the target never ran
 * (a partly covered target has a passing path already); edge when it takes parameters or has
 * untested branches; failure when it has an error path; concurrency only for async code; security
 * only where input reaches a shell, a query, a path or a parser. Uncovered lines are shared out:
 * error paths to failure, nested or alternative paths to edge, the top-level path to success.
 */
export function enumerateCases(candidate: Candidate, priority: Priority): TestCase[] {
  const { uncovered, errorLines, lines } = candidate;
  const errorSet = new Set(errorLines.flatMap((line) => [line - 1, line]));
  const failureLines = uncovered.filter((line) => errorSet.has(line));
  const rest = uncovered.filter((line) => !failureLines.includes(line));
  const bodyIndent = bodyIndentOf(candidate);
  const isNested = (line: number) => indentOf(lines[line - 1] ?? '') > bodyIndent || BRANCH_LINE.test(lines[line - 1] ?? '');
  // Tools that count the declaration line (coverage.py, lcov) mark it run when the module loads.
  const coveredBody = candidate.lineCount - uncovered.length - (uncovered.includes(candidate.start) ? 0 : 1);
  const hasRun = candidate.isMeasured && candidate.linePct > 0 && coveredBody > 0;
  const branchLines = hasRun ? rest : rest.filter(isNested);
  const mainLines = hasRun ? [] : rest.filter((line) => !isNested(line));
  const sinks = candidate.risks.filter((risk) => risk in HOSTILE);
  const call = callOf(candidate);
  const firstError = errorLines[0];
  const errorText = firstError === undefined ? '' : (lines[firstError - 1] ?? '').trim().slice(0, 80);
  const make = (kind: CaseKind, goal: string, reach: number[], casePriority: Priority = priority): TestCase => ({
    name: `test_${snake(candidate.symbol)}_${kind}`,
    goal,
    kind,
    priority: casePriority,
    target_path: candidate.path,
    target_symbol: candidate.symbol,
    line_range: [candidate.start, candidate.end],
    uncovered_lines: reach,
  });
  const cases: TestCase[] = [];
  if (!hasRun || (branchLines.length === 0 && errorLines.length === 0)) {
    cases.push(make('success', `Call ${call} with typical valid arguments and assert its exact result${describeLines(mainLines)}.`, mainLines));
  }
  if (candidate.parameters.length > 0 || branchLines.length > 0) {
    const values = candidate.parameters.map(boundaryValues).join('; ');
    const goal = values
      ? `Call ${call} with boundary values for ${values}, and assert the result for each${describeLines(branchLines)}.`
      : `Drive ${call} down each branch and assert the result of each${describeLines(branchLines)}.`;
    cases.push(make('edge', goal, branchLines));
  }
  if (errorLines.length > 0) {
    cases.push(make('failure', `Give ${call} input that reaches \`${errorText}\` and assert the error type and message${describeLines(failureLines)}.`, failureLines));
  }
  if (candidate.isAsync) {
    cases.push(make('concurrency', `Run several ${call} calls concurrently and assert each settles with its own result, none lost or mixed up.`, rest));
  }
  if (sinks.length > 0) {
    const hostile = sinks.map((sink) => HOSTILE[sink]).join(', ');
    const reach = uncovered.length > 0 ? uncovered : [];
    cases.push(make('security', `Pass ${hostile} to ${call} and assert it is rejected or safely escaped, never executed or followed.`, reach, 'high'));
  }
  return cases.slice(0, 5);
}
