import { OpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classifyOpenAIError } from './classify-openai-error.js';
import { failModel, type ChatMessage, type ModelClient, type ModelOutcome, type ModelRequest, type TokenCounts } from './model-client.js';
import type { ModelSettings } from './model-config.js';
import { runWithRetry, type AttemptResult } from './retry.js';

export interface OpenAIClientOptions {
  settings: ModelSettings;
  /** undefined: no key for a server that needs one; every call then fails with kind `auth`. */
  apiKey: string | undefined;
  /** Aborting it cancels the request in flight and any retry wait. */
  signal?: AbortSignal;
  /** Absolute epoch ms: no request starts after it and none runs past it. */
  deadlineMs?: number;
  /** Back-off base between retries (tests pass a few ms). */
  retryBaseDelayMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Reply {
  text: string;
  usage: TokenCounts;
  model: string;
  /** The server stopped at its output limit (`finish_reason: length`). */
  truncated: boolean;
}

function toMessageParam(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      return { role: 'assistant', content: message.content };
  }
}

/** The request body heal sends; json mode needs both the stage's wish and `model.json_mode`. */
export function buildCompletionBody(settings: ModelSettings, request: ModelRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model: settings.model,
    messages: request.messages.map(toMessageParam),
    ...(settings.temperature === null ? {} : { temperature: settings.temperature }),
    ...(request.json === true && settings.jsonMode ? { response_format: { type: 'json_object' } } : {}),
  };
}

/**
 * The real client: any OpenAI-compatible `chat.completions` endpoint through the openai SDK, with
 * the SDK's retries off and heal's own (Retry-After aware, deadline bounded) in their place.
 */
export function createOpenAIClient(options: OpenAIClientOptions): ModelClient {
  const { settings, apiKey, signal, deadlineMs } = options;
  const now = options.now ?? Date.now;
  if (apiKey === undefined) {
    const message = `no API key for ${settings.baseUrl}: set ${settings.apiKeyEnv}, or point model.api_key_env at the variable that holds it`;
    return { complete: async () => failModel('auth', message) };
  }
  const isAzure = URL.canParse(settings.baseUrl) && new URL(settings.baseUrl).hostname.endsWith('.azure.com');
  const sdk = new OpenAI({
    apiKey,
    baseURL: settings.baseUrl,
    maxRetries: 0,
    timeout: settings.requestTimeoutMs,
    // Azure OpenAI's v1 endpoint takes its key in `api-key`; other servers ignore the header.
    ...(isAzure ? { defaultHeaders: { 'api-key': apiKey } } : {}),
  });

  async function attempt(request: ModelRequest): Promise<AttemptResult<Reply>> {
    const remaining = deadlineMs === undefined ? Number.POSITIVE_INFINITY : deadlineMs - now();
    const timeoutMs = Math.max(1, Math.min(settings.requestTimeoutMs, remaining));
    try {
      const completion = await sdk.chat.completions.create(buildCompletionBody(settings, request), {
        signal: signal ?? null,
        timeout: timeoutMs,
        maxRetries: 0,
      });
      const usage = completion.usage;
      return {
        ok: true,
        value: {
          text: completion.choices?.[0]?.message?.content ?? '',
          truncated: completion.choices?.[0]?.finish_reason === 'length',
          usage: { prompt_tokens: usage?.prompt_tokens ?? 0, completion_tokens: usage?.completion_tokens ?? 0 },
          model: typeof completion.model === 'string' && completion.model !== '' ? completion.model : settings.model,
        },
      };
    } catch (error) {
      const failure = classifyOpenAIError(error, { baseUrl: settings.baseUrl, apiKeyEnv: settings.apiKeyEnv, apiKey, timeoutMs, now: now() });
      if (!failure) throw error;
      if (failure.error.kind === 'timeout' && timeoutMs < settings.requestTimeoutMs) {
        return { ok: false, failure: { error: { kind: 'deadline', message: 'the run deadline passed while waiting for the model', retryable: false } } };
      }
      return { ok: false, failure };
    }
  }

  return {
    async complete(request): Promise<ModelOutcome> {
      const result = await runWithRetry(() => attempt(request), {
        maxRetries: settings.maxRetries,
        baseDelayMs: options.retryBaseDelayMs,
        deadlineMs,
        signal,
        now,
      });
      if (!result.ok) return result;
      const reply = result.value;
      if (reply.truncated) {
        const message = `${settings.model} at ${settings.baseUrl} stopped at its output limit (finish_reason: length): the cut-off reply is not used; ask for a smaller change or raise the server's max tokens`;
        return { ...failModel('truncated', message, { retryable: false }), usage: reply.usage };
      }
      if (reply.text.trim() === '') {
        return { ...failModel('empty', `${settings.model} at ${settings.baseUrl} sent an empty reply`, { retryable: true }), usage: reply.usage };
      }
      return { ok: true, text: reply.text, usage: reply.usage, model: reply.model };
    },
  };
}
