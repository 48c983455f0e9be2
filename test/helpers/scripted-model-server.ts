import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ModelSettings } from '../../src/model/model-config.js';

/** One scripted answer, consumed in order, one per request. */
export type ScriptStep =
  /** A chat.completion whose first choice says `reply`. */
  | { reply: string; usage?: { prompt_tokens: number; completion_tokens: number }; model?: string }
  /** An error status, e.g. 500, 401, or 429 with `{ 'Retry-After': '1' }`. */
  | { status: number; body?: object; headers?: Record<string, string> }
  /** Never answers (for timeout tests); close() frees it. */
  | { hang: true };

/** A request as the server saw it. */
export interface SeenRequest {
  /** Date.now() when the request arrived. */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, parsed (undefined if it was not JSON). */
  body: unknown;
}

/** Settings pointing at a scripted server: no retries wait long, nothing is priced unless given. */
export function scriptedSettings(baseUrl: string, overrides: Partial<ModelSettings> = {}): ModelSettings {
  return {
    baseUrl,
    model: 'scripted-model',
    apiKeyEnv: 'HEAL_TEST_API_KEY',
    editFormat: 'diff',
    jsonMode: true,
    temperature: 0,
    requestTimeoutMs: 10_000,
    maxRetries: 2,
    prices: {},
    ...overrides,
  };
}

const COMPLETIONS_PATHS = new Set(['/v1/chat/completions', '/chat/completions']);

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function requestedModel(body: unknown): string {
  return typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string' ? body.model : 'scripted';
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script, so tests drive the
 * real openai SDK without a provider.
 */
export class ScriptedModelServer {
  readonly requests: SeenRequest[] = [];
  private readonly steps: ScriptStep[];
  private readonly server: Server;

  constructor(steps: ScriptStep[] = []) {
    this.steps = [...steps];
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Appends steps to the script. */
  push(...steps: ScriptStep[]): void {
    this.steps.push(...steps);
  }

  /** Listens on a free port; resolves to the base URL, `http://127.0.0.1:PORT/v1`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('scripted server has no TCP address');
    return `http://127.0.0.1:${address.port}/v1`;
  }

  /** Stops listening and destroys open sockets, hanging requests included. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.requests.push({ at, method: req.method ?? 'GET', path, headers: req.headers, body });
    if (req.method !== 'POST' || !COMPLETIONS_PATHS.has(path)) {
      send(res, 404, { error: { message: `scripted server: no route ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    const step = this.steps.shift();
    if (!step) {
      send(res, 500, { error: { message: 'scripted server: script exhausted (no step left for this request)', type: 'server_error' } });
    } else if ('hang' in step) {
      return;
    } else if ('status' in step) {
      send(res, step.status, step.body ?? { error: { message: `scripted status ${step.status}`, type: 'scripted' } }, step.headers);
    } else {
      const usage = step.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
      send(res, 200, {
        id: `chatcmpl-scripted-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(at / 1000),
        model: step.model ?? requestedModel(body),
        choices: [{ index: 0, message: { role: 'assistant', content: step.reply }, finish_reason: 'stop', logprobs: null }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }
  }
}
