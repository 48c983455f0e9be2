import type { ChangePlan, CoverageTarget, RiskFactor } from '../../artefacts/testspec.js';

const RISK_TEXT: Record<RiskFactor, string> = {
  changed: 'changed by this change',
  'public-api': 'public API',
  'signature-changed': 'its signature changed',
  'new-error-path': 'the change adds an error path',
  'uncovered-error-handling': 'its error handling never runs',
  'shell-command': 'builds a shell command',
  sql: 'builds or runs SQL',
  'file-path': 'works with file paths',
  'untrusted-input': 'parses input',
  'in-plan': 'named in the plan',
};

export interface RationaleInput {
  targets: CoverageTarget[];
  skipped: number;
  minCoverage: number;
  linePct: number | null;
  changedFiles: number;
  plan: ChangePlan | null;
  cases: number;
}

function lineCount(target: CoverageTarget): string {
  const count = target.uncovered_lines.length;
  return `${count} uncovered line${count === 1 ? '' : 's'}`;
}

/** Pure: a short Markdown explanation a reviewer can read: why these targets, in this order. */
export function writeRationale(input: RationaleInput): string {
  const overall = input.linePct === null ? '' : ` Overall line coverage is ${input.linePct}%.`;
  const goal = input.plan ? `The change's goal: ${input.plan.goal.trim()}\n\n` : '';
  if (input.targets.length === 0) {
    return `${goal}Every function is at or above ${input.minCoverage}% line coverage, so no tests are planned.${overall}\n`;
  }
  const lines = input.targets.map((target, index) => {
    const why = target.risks.map((risk) => RISK_TEXT[risk]).join(', ');
    const measured = target.measured ? `${target.line_pct}% covered` : 'never loaded by any test';
    return `${index + 1}. \`${target.id}\` (${target.priority}): ${measured}, ${lineCount(target)}${why ? `; ${why}` : ''}.`;
  });
  const skipped = input.skipped > 0 ? `\n${input.skipped} more target${input.skipped === 1 ? ' is' : 's are'} below the threshold but beyond --max-targets.\n` : '';
  return [
    `${goal}${input.targets.length} target${input.targets.length === 1 ? '' : 's'} below ${input.minCoverage}% line coverage, ${input.cases} cases.${overall}`,
    `The diff touched ${input.changedFiles} file${input.changedFiles === 1 ? '' : 's'}. Ranked by priority (changed code, public API, new or untested error paths and sensitive sinks make a target high), then by risk, then by uncovered size:`,
    '',
    ...lines,
    skipped,
  ].join('\n');
}
