import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactSecretsInText } from '../patch/secret-scan.js';
import type { ModelErrorKind } from './model-client.js';
import { parseRetryAfter, type AttemptFailure } from './retry.js';

/** What the classifier needs to write a useful message. */
export interface ErrorContext {
  baseUrl: string;
  apiKeyEnv: string;
  /** The key sent: a server (or proxy) that echoes it back must not get it printed. */
  apiKey?: string;
  timeoutMs: number;
  now: number;
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; depth < 3 && cause instanceof Error; depth += 1) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    parts.push(code ?? cause.message);
    cause = cause.cause;
  }
  return parts.length > 0 ? ` (${parts.join(': ')})` : '';
}

function clip(text: string, limit = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

function isQuotaError(error: APIError): boolean {
  return error.code === 'insufficient_quota' || error.type === 'insufficient_quota';
}

function classifyStatus(error: APIError, status: number, context: ErrorContext): AttemptFailure {
  const detail = clip(redactSecretsInText(context.apiKey ? error.message.replaceAll(context.apiKey, '[redacted:api-key]') : error.message));
  const fail = (kind: ModelErrorKind, message: string, retryable: boolean): AttemptFailure => {
    const retryAfterMs = retryable ? parseRetryAfter(error.headers, context.now) : undefined;
    return { error: { kind, message, status, retryable }, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  };
  if (status === 429 && isQuotaError(error)) {
    return fail('quota', `${context.baseUrl} refused the call: out of quota (${detail}); check the account's plan and billing`, false);
  }
  if (status === 401 || status === 403) {
    return fail('auth', `${context.baseUrl} refused the API key: ${detail}; check ${context.apiKeyEnv} (model.api_key_env)`, false);
  }
  if (status === 404) {
    return fail('http', `${context.baseUrl} answered ${detail}; check model.base_url (usually ending in /v1) and model.name`, false);
  }
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  const hint = /response_format|json_object/i.test(detail) ? '; if the server rejects JSON mode, set model.json_mode: false' : '';
  return fail('http', `${context.baseUrl} answered ${detail}${hint}`, retryable);
}

/**
 * Turns whatever the OpenAI SDK threw into an attempt failure, or undefined for anything that is
 * not a request failure (a bug, to be re-thrown).
 */
export function classifyOpenAIError(error: unknown, context: ErrorContext): AttemptFailure | undefined {
  if (error instanceof APIUserAbortError) {
    return { error: { kind: 'cancelled', message: 'model call cancelled', retryable: false } };
  }
  if (error instanceof APIConnectionTimeoutError) {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    const message = `no reply from ${context.baseUrl} within ${seconds}s (model.request_timeout_sec)`;
    return { error: { kind: 'timeout', message, retryable: true } };
  }
  if (error instanceof APIConnectionError) {
    return { error: { kind: 'network', message: `cannot reach ${context.baseUrl}: ${error.message}${describeCause(error)}`, retryable: true } };
  }
  if (error instanceof APIError && error.status !== undefined) return classifyStatus(error, error.status, context);
  if (error instanceof SyntaxError) {
    return { error: { kind: 'http', message: `${context.baseUrl} sent a reply that is not JSON: ${clip(error.message)}`, retryable: true } };
  }
  return undefined;
}
