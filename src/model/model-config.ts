import { z } from 'zod';
import { ConfigError, UsageError } from '../errors.js';
import { DEFAULT_PRICES, PriceTable } from './prices.js';

/** Where the OpenAI SDK points when nothing else is configured. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Sent as the key to servers that need none (Ollama, vLLM, llama.cpp, LM Studio). */
export const PLACEHOLDER_API_KEY = 'not-needed';

/** How a stage asks the model to express edits. */
export const EditFormat = z.enum(['diff', 'search-replace']);
export type EditFormat = z.infer<typeof EditFormat>;

/** `model:` in `.healrc.yaml`: any OpenAI-compatible chat-completions endpoint. */
export const ModelConfig = z
  .object({
    /** API root, e.g. `http://localhost:11434/v1` for Ollama (HEAL_BASE_URL, --base-url). Default: OpenAI. */
    base_url: z.url().optional(),
    /** Model name sent in each request, e.g. `gpt-4.1-mini`, `qwen2.5-coder` (HEAL_MODEL, --model). */
    name: z.string().min(1).optional(),
    /** Environment variable holding the API key; when unset, servers other than OpenAI get a placeholder. */
    api_key_env: z.string().min(1).default('OPENAI_API_KEY'),
    /** How the model writes edits: unified `diff`, or `search-replace` blocks (easier for small models). */
    edit_format: EditFormat.default('diff'),
    /** Send `response_format: {type: json_object}` when a stage wants JSON; turn off for servers that reject it. */
    json_mode: z.boolean().default(true),
    /** Sampling temperature; null leaves it out (for models that accept only their default). */
    temperature: z.number().min(0).max(2).nullable().default(0),
    /** Give up on one request after this many seconds (it may be retried). */
    request_timeout_sec: z.number().positive().default(120),
    /** Retries after a transient failure (429, 5xx, timeout, connection error). */
    max_retries: z.number().int().nonnegative().default(2),
    /** USD per 1M input/output tokens, keyed by model name; merged over heal's small built-in table. */
    prices: PriceTable.default({}),
  })
  .strict();
export type ModelConfig = z.infer<typeof ModelConfig>;

/** Everything a model client needs, merged from config, environment and flags. Holds no secret. */
export interface ModelSettings {
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key. */
  apiKeyEnv: string;
  editFormat: EditFormat;
  jsonMode: boolean;
  temperature: number | null;
  requestTimeoutMs: number;
  maxRetries: number;
  /** Built-in prices overlaid with `model.prices`. */
  prices: PriceTable;
}

/** Model overrides from the command line. */
export interface ModelFlags {
  baseUrl?: string;
  model?: string;
}

export type ModelSettingsResolution = { configured: true; settings: ModelSettings } | { configured: false };

function firstSet(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')?.trim();
}

function checkUrl(url: string, onError: (message: string) => Error, what: string): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw onError(`${what} must be an http(s) URL, e.g. http://localhost:11434/v1, got '${url}'`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * Merges `model:` config, HEAL_BASE_URL / HEAL_MODEL and flags (flags win, then environment).
 * A model is configured once it has a name. A malformed URL from the environment or a flag throws.
 */
export function resolveModelSettings(
  config: ModelConfig | undefined,
  env: Record<string, string | undefined>,
  flags: ModelFlags,
): ModelSettingsResolution {
  const base = config ?? ModelConfig.parse({});
  const model = firstSet(flags.model, env.HEAL_MODEL, base.name);
  if (model === undefined) return { configured: false };
  const flagUrl = firstSet(flags.baseUrl);
  const envUrl = firstSet(env.HEAL_BASE_URL);
  const baseUrl =
    flagUrl !== undefined
      ? checkUrl(flagUrl, (message) => new UsageError(message), '--base-url')
      : envUrl !== undefined
        ? checkUrl(envUrl, (message) => new ConfigError(message), 'HEAL_BASE_URL')
        : (base.base_url?.replace(/\/+$/, '') ?? OPENAI_BASE_URL);
  return {
    configured: true,
    settings: {
      baseUrl,
      model,
      apiKeyEnv: base.api_key_env,
      editFormat: base.edit_format,
      jsonMode: base.json_mode,
      temperature: base.temperature,
      requestTimeoutMs: Math.round(base.request_timeout_sec * 1000),
      maxRetries: base.max_retries,
      prices: { ...DEFAULT_PRICES, ...base.prices },
    },
  };
}

/** Whether `baseUrl` is OpenAI's own API (the only place a missing key is certainly an error). */
export function isOpenAIHost(baseUrl: string): boolean {
  return URL.canParse(baseUrl) && new URL(baseUrl).hostname === 'api.openai.com';
}

/**
 * The key to send: the variable named by `apiKeyEnv`; else a placeholder for local servers, which
 * need none. undefined means OpenAI with no key (the client then fails with kind `auth`).
 */
export function resolveApiKey(settings: ModelSettings, env: Record<string, string | undefined>): string | undefined {
  const key = firstSet(env[settings.apiKeyEnv]);
  if (key !== undefined) return key;
  return isOpenAIHost(settings.baseUrl) ? undefined : PLACEHOLDER_API_KEY;
}
