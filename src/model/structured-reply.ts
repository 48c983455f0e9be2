import type { z } from 'zod';
import { describeIssues } from '../artefacts/artefact-io.js';
import type { ModelClient, ModelError, ModelRequest } from './model-client.js';

/** The model answered, but not with JSON of the expected shape. */
export interface InvalidReplyError {
  kind: 'invalid-reply';
  /** User-facing: what was wrong, with the first schema issues. */
  message: string;
  retryable: true;
  /** The reply as received. */
  text: string;
}

export type StructuredError = ModelError | InvalidReplyError;

export type StructuredOutcome<T> = { ok: true; value: T; text: string } | { ok: false; error: StructuredError };

export interface StructuredOptions {
  /** Tries in all; after an invalid reply the model is shown what was wrong and asked again. Default 1. */
  attempts?: number;
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/**
 * Finds the JSON in a reply: the whole text, else a ```json fenced block, else the span from the
 * first `{` to the last `}` (prose before or after an object is common with small models).
 */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const fenced = [...text.matchAll(/```[\w-]*\s*\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  const braced = start >= 0 && end > start ? [text.slice(start, end + 1)] : [];
  for (const candidate of [text.trim(), ...fenced, ...braced]) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // Try the next candidate.
    }
  }
  return { ok: false, reason: text.trim() === '' ? 'the reply is empty' : `the reply is not JSON (it starts "${preview(text)}")` };
}

/** Checks a reply against `schema`; the failure reason names the first issues. */
export function parseStructuredReply<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; reason: string } {
  const json = extractJson(text);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: `the reply does not match the expected shape: ${describeIssues(parsed.error)}` };
}

/**
 * One model call whose reply must be JSON matching `schema` (json mode is requested). A reply that
 * is not is a failed attempt with kind `invalid-reply`, never an exception.
 */
export async function completeStructured<T>(
  client: ModelClient,
  request: ModelRequest,
  schema: z.ZodType<T>,
  options: StructuredOptions = {},
): Promise<StructuredOutcome<T>> {
  const attempts = Math.max(1, options.attempts ?? 1);
  let messages = [...request.messages];
  let invalid: InvalidReplyError | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const outcome = await client.complete({ ...request, messages, json: request.json ?? true });
    if (!outcome.ok) return outcome;
    const parsed = parseStructuredReply(outcome.text, schema);
    if (parsed.ok) return { ok: true, value: parsed.value, text: outcome.text };
    invalid = { kind: 'invalid-reply', message: `${request.purpose}: ${parsed.reason}`, retryable: true, text: outcome.text };
    messages = [
      ...messages,
      { role: 'assistant', content: outcome.text },
      { role: 'user', content: `Your reply could not be used: ${parsed.reason}. Reply again with only the JSON object.` },
    ];
  }
  if (!invalid) throw new Error('completeStructured made no attempt');
  return { ok: false, error: invalid };
}
