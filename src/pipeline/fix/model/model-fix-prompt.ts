import { redactSecretsInText } from '../../../patch/secret-scan.js';
import type { ChatMessage } from '../../../model/model-client.js';
import type { EditFormat } from '../../../model/model-config.js';
import { writeSystemPrompt } from '../../code/code-prompt.js';
import type { FailureAnalysis } from '../types.js';

/** A failure the model is asked to fix, with the source around where it happened. */
export interface FixPromptFailure {
  analysis: FailureAnalysis;
  /** The failing output (message and stack), already cut to size. */
  output: string;
  /** ±10 lines around the location, numbered; null when the location is unknown. */
  excerpt: { file: string; text: string } | null;
}

/** An earlier model fix that did not work, and what happened to it. */
export interface EarlierAttempt {
  diff: string;
  outcome: string;
}

const MAX_FAILURES = 4;
const MAX_OUTPUT = 1500;

/** Pure: ±`radius` lines around `line`, each prefixed with its number. */
export function excerptAround(text: string, line: number, radius = 10): string {
  const lines = text.split('\n');
  const start = Math.max(1, line - radius);
  const end = Math.min(lines.length, line + radius);
  const width = String(end).length;
  return lines.slice(start - 1, end).map((content, index) => `${String(start + index).padStart(width)}${start + index === line ? '>' : ' '} ${content}`).join('\n');
}

function describe(failure: FixPromptFailure): string {
  const { analysis } = failure;
  const where = analysis.location ? `${analysis.location.file}:${analysis.location.line}` : 'unknown location';
  const parts = [
    `Failure ${analysis.failureId} (${analysis.category}, at ${where}): ${analysis.message}`,
    `Likely cause: ${analysis.rootCause}`,
    `Suggested fix: ${analysis.suggestedFix}`,
    `Output:\n${redactSecretsInText(failure.output.slice(0, MAX_OUTPUT))}`,
  ];
  if (failure.excerpt) parts.push(`<repository-file path="${failure.excerpt.file}">\n${failure.excerpt.text}\n</repository-file>`);
  return parts.join('\n');
}

/** Pure: the messages for one model fix attempt, temperature 0 being the client's default. */
export function writeFixPrompt(input: { failures: readonly FixPromptFailure[]; format: EditFormat; context: string; earlier: readonly EarlierAttempt[] }): ChatMessage[] {
  const rules = [
    'The build is failing. Make the smallest change to the source code that makes the failures below pass, without breaking anything else.',
    'Never edit a test to make it pass: do not change or delete assertions, and do not skip tests. Edit a test file only when its own code is broken (e.g. a wrong import).',
  ].join('\n');
  const parts = [rules, ...input.failures.slice(0, MAX_FAILURES).map(describe)];
  if (input.context) parts.push(`Related repository code:\n${input.context}`);
  for (const [index, attempt] of input.earlier.entries()) {
    parts.push(`Earlier attempt ${index + 1} did not work (${attempt.outcome}):\n${attempt.diff.slice(0, 4000)}`);
  }
  if (input.earlier.length > 0) parts.push('Send a different fix, as a complete patch against the current files.');
  return [
    { role: 'system', content: writeSystemPrompt(input.format) },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
