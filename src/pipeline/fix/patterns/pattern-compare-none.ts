import { makePatternCandidate, replaceLine, toLines } from './pattern-edit.js';
import { maskPython } from './pattern-py-text.js';
import type { RepoView } from './pattern-repo.js';
import type { FailureAnalysis, FixCandidate } from '../types.js';

/** The pycodestyle rules this pattern fixes: comparison to None (E711), to True/False (E712). */
const RULES: Record<'E711' | 'E712', RegExp> = {
  E711: /(==|!=)\s*(None)\b|\b(None)\s*(==|!=)/g,
  E712: /(==|!=)\s*(True|False)\b|\b(True|False)\s*(==|!=)/g,
};

/** The flagged rule, from the error type (`E711`) or the failure id (`src/a.py:E711`). */
function readRule(analysis: FailureAnalysis): 'E711' | 'E712' | null {
  const text = `${analysis.errorType ?? ''} ${analysis.failureId}`;
  const match = /\bE71([12])\b/.exec(text);
  return match ? (match[1] === '1' ? 'E711' : 'E712') : null;
}

/** Rewrites every `== None`-style comparison in the code parts of one line into `is`/`is not`. */
export function rewriteComparisons(line: string, code: string, pattern: RegExp): string {
  let result = '';
  let last = 0;
  for (const match of code.matchAll(pattern)) {
    const operator = match[1] ?? match[4] ?? '==';
    const keyword = operator === '!=' ? 'is not' : 'is';
    const end = match.index + match[0].length;
    const before = line.slice(last, match.index);
    // `x == None` → `x is None`; `None == x` → `None is x` (what the linters' own fixes write).
    const replaced =
      match[2] !== undefined
        ? `${/\s$/.test(before) ? '' : ' '}${keyword} ${match[2]}`
        : `${match[3] ?? ''} ${keyword}${/^\s/.test(line.slice(end)) ? '' : ' '}`;
    result += before + replaced;
    last = end;
  }
  return result + line.slice(last);
}

/**
 * Pattern 4: a comparison to None/True/False flagged by flake8 or ruff (E711/E712) becomes an
 * identity test, on exactly the flagged line and nowhere else.
 */
export async function proposeNoneComparison(analysis: FailureAnalysis, repo: RepoView): Promise<FixCandidate[]> {
  const rule = readRule(analysis);
  const location = analysis.location;
  if (analysis.category !== 'lint' || rule === null || location === null || !location.file.endsWith('.py')) return [];
  const text = await repo.read(location.file);
  if (text === null) return [];
  const lines = toLines(text);
  const line = lines[location.line - 1];
  const code = maskPython(lines)[location.line - 1]?.code;
  if (line === undefined || code === undefined) return [];
  const fixed = rewriteComparisons(line, code, RULES[rule]);
  const after = replaceLine(text, location.line, fixed);
  const description = `${rule}: \`${line.trim()}\` → \`${fixed.trim()}\` at ${location.file}:${location.line}`;
  const candidate = makePatternCandidate(analysis, 'none-comparison', description, location.file, text, after);
  return candidate ? [candidate] : [];
}
