/**
 * The one seam between heal and a language model (STYLE practice 9). Stages depend on
 * `ModelClient` only; the real OpenAI-compatible client, the replayer and the recorder implement it.
 */

/** Who wrote a chat message. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One chat message, as sent to `chat.completions`. */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** One model call. */
export interface ModelRequest {
  messages: readonly ChatMessage[];
  /** Which stage asked, e.g. `code`, `plan-tests`; kept in recordings and logs. */
  purpose: string;
  /** Ask for a JSON object reply (sent as `response_format` when `model.json_mode` is on). */
  json?: boolean;
}

/** Tokens one call consumed, as the server reported them (0 when it reported none). */
export interface TokenCounts {
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * Why a call failed. http: an error status; network: no connection; timeout: one request took
 * longer than `model.request_timeout_sec`; deadline: the run's deadline passed; budget: the token or
 * cost budget is spent; quota: the account is out of credit; auth: the key was refused or is missing;
 * replay-miss: no recording for this request; cancelled: aborted (SIGINT); empty: a reply with no text;
 * truncated: the reply was cut off at the output limit (`finish_reason: length`), so it is never used.
 */
export type ModelErrorKind =
  | 'http'
  | 'network'
  | 'timeout'
  | 'deadline'
  | 'budget'
  | 'quota'
  | 'auth'
  | 'replay-miss'
  | 'cancelled'
  | 'empty'
  | 'truncated';

/** A failed call, user-facing: `message` is one readable line. */
export interface ModelError {
  kind: ModelErrorKind;
  message: string;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** Whether trying again later could succeed (heal has already retried what it could). */
  retryable: boolean;
}

/** What a call returns; expected failures are data, never exceptions. */
export type ModelOutcome =
  | { ok: true; text: string; usage: TokenCounts; model: string }
  /** `usage` is set when the server billed tokens despite the failure (an empty reply). */
  | { ok: false; error: ModelError; usage?: TokenCounts };

/** A language model behind chat completions. */
export interface ModelClient {
  complete(request: ModelRequest): Promise<ModelOutcome>;
}

/** Builds a failed outcome (shorthand used by every client). */
export function failModel(
  kind: ModelErrorKind,
  message: string,
  extra: { status?: number; retryable?: boolean } = {},
): { ok: false; error: ModelError } {
  const error: ModelError = { kind, message, retryable: extra.retryable ?? false };
  if (extra.status !== undefined) error.status = extra.status;
  return { ok: false, error };
}
