import type { z } from 'zod';
import type { ToolOutput } from '../types.js';
import { firstLines, stripAnsi } from './test-failures.js';

/** A tool's JSON output, validated: the value, or why it could not be read (for `Findings.error`). */
export type JsonResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses and validates a tool's JSON output without throwing. */
export function readJson<T>(schema: z.ZodType<T>, text: string, what: string): JsonResult<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: `${what} has an unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}` };
}

/** What to say when a runner left no report: the first lines of what it printed. */
export function noReportError(tool: string, output: ToolOutput): string {
  const printed = stripAnsi(`${output.stderr}\n${output.stdout}`).trim();
  return `${tool} wrote no JSON report${printed ? `: ${firstLines(printed).split('\n').slice(0, 5).join(' | ')}` : ''}`;
}
