import { redactSecretsInText } from '../../patch/secret-scan.js';
import type { CheckFailure } from '../../artefacts/commit-result.js';

/** Roughly four characters a token. */
const CHARS_PER_TOKEN = 4;

function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.6);
  const tail = maxChars - head;
  return `${text.slice(0, head)}\n… [${text.length - maxChars} characters cut] …\n${text.slice(-tail)}`;
}

/** What went wrong in an attempt, as the model will read it. */
export type AttemptProblem =
  | { kind: 'malformed'; problems: string[] }
  | { kind: 'not-applied'; failures: string[] }
  | { kind: 'rejected'; rejections: Array<{ path: string | null; rule: string; message: string }> }
  | { kind: 'check-failed'; failures: CheckFailure[] };

/**
 * Pure: a digest of the previous attempt's problem for the next prompt: parsed failures first, each
 * message cut to its head and tail, the whole capped at `maxTokens`.
 */
export function writeFailureDigest(problem: AttemptProblem, maxTokens = 1500): string {
  const budget = maxTokens * CHARS_PER_TOKEN;
  let lines: string[];
  if (problem.kind === 'malformed') {
    lines = ['Your previous reply did not contain a usable patch:', ...problem.problems.map((p) => `- ${p}`)];
  } else if (problem.kind === 'not-applied') {
    lines = ['Your previous patch did not apply. Each failing hunk, with the nearest real lines in the file:', ...problem.failures];
  } else if (problem.kind === 'rejected') {
    lines = ['Your previous patch was refused; do not touch these paths:', ...problem.rejections.map((r) => `- ${r.path ?? '(whole patch)'}: ${r.rule}: ${r.message}`)];
  } else {
    lines = [
      'Your previous patch applied, but the self-check found new failures (the base commit does not have them). Fix them:',
      ...problem.failures.map((f) => `- [${f.kind}] ${f.id}\n${clip(f.message, 600).replace(/^/gm, '    ')}`),
    ];
  }
  // Test output can echo secrets (a failing assertion on a config value): redacted before any prompt.
  return redactSecretsInText(clip(lines.join('\n'), budget));
}
