import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../../../src/model/create-model-client.js';
import type { ModelRequest } from '../../../src/model/model-client.js';
import type { ModelSettings } from '../../../src/model/model-config.js';
import { createUsageMeter, type Budget } from '../../../src/model/usage.js';
import { ScriptedModelServer, scriptedSettings, type ScriptStep } from '../../helpers/scripted-model-server.js';

const request: ModelRequest = { purpose: 'code', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }] };
let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(
  steps: ScriptStep[],
  overrides: Partial<ModelSettings> = {},
  extra: { deadlineMs?: number; budget?: Budget; signal?: AbortSignal } = {},
) {
  server = new ScriptedModelServer(steps);
  const settings = scriptedSettings(await server.start(), overrides);
  const meter = createUsageMeter();
  const client = createModelClient({ settings, env: {}, meter, retryBaseDelayMs: 5, ...extra });
  return { server, client, meter };
}

describe('the OpenAI-compatible client over HTTP', () => {
  it('returns the reply and counts its tokens and cost', async () => {
    const prices = { 'scripted-model': { input: 1, output: 2 } };
    const { client, meter, server } = await setUp([{ reply: 'hello', usage: { prompt_tokens: 1000, completion_tokens: 500 } }], { prices });
    const outcome = await client.complete(request);
    expect(outcome).toEqual({ ok: true, text: 'hello', usage: { prompt_tokens: 1000, completion_tokens: 500 }, model: 'scripted-model' });
    expect(meter.snapshot()).toEqual({ calls: 1, prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, cost_usd: 0.002, cost_known: true });
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer not-needed');
    expect(server.requests[0]?.body).toEqual({ model: 'scripted-model', messages: request.messages, temperature: 0 });
  });

  it('marks the cost unknown for a model with no price', async () => {
    const { client, meter } = await setUp([{ reply: 'x' }]);
    await client.complete(request);
    expect(meter.snapshot()).toMatchObject({ cost_usd: 0, cost_known: false });
  });

  it('sends response_format only when the stage asks for JSON and json_mode is on', async () => {
    const { client, server } = await setUp([{ reply: '{}' }, { reply: '{}' }]);
    await client.complete({ ...request, json: true });
    await client.complete(request);
    expect(server.requests[0]?.body).toMatchObject({ response_format: { type: 'json_object' } });
    expect(server.requests[1]?.body).not.toHaveProperty('response_format');
    const off = await setUp([{ reply: '{}' }], { jsonMode: false, temperature: null });
    await off.client.complete({ ...request, json: true });
    expect(off.server.requests[0]?.body).toEqual({ model: 'scripted-model', messages: request.messages });
  });

  it('retries a 500 and succeeds', async () => {
    const { client, server } = await setUp([{ status: 500 }, { reply: 'ok' }]);
    expect(await client.complete(request)).toMatchObject({ ok: true, text: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with kind http after max_retries + 1 requests when the server keeps failing', async () => {
    const { client, server } = await setUp([{ status: 500 }, { status: 502 }, { status: 503 }, { reply: 'never' }]);
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'http', status: 503, retryable: true } });
    expect(!outcome.ok && outcome.error.message).toContain('after 3 attempts');
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    const { client, server } = await setUp([{ status: 429, headers: { 'Retry-After': '1' } }, { reply: 'ok' }]);
    expect(await client.complete(request)).toMatchObject({ ok: true });
    const [first, second] = server.requests;
    expect(second && first && second.at - first.at).toBeGreaterThanOrEqual(900);
  });

  it('fails fast on insufficient_quota', async () => {
    const body = { error: { code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota' } };
    const { client, server } = await setUp([{ status: 429, body }, { reply: 'never' }]);
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'quota', status: 429, retryable: false } });
    expect(server.requests).toHaveLength(1);
  });

  it('fails fast on 401 and names the key variable', async () => {
    const { client, server } = await setUp([{ status: 401, body: { error: { message: 'bad key' } } }, { reply: 'never' }]);
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'auth', status: 401, retryable: false } });
    expect(!outcome.ok && outcome.error.message).toContain('HEAL_TEST_API_KEY');
    expect(server.requests).toHaveLength(1);
  });

  it('fails fast on 404 with a base_url hint', async () => {
    const { client, server } = await setUp([{ status: 404 }, { reply: 'never' }]);
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'http', status: 404, retryable: false } });
    expect(!outcome.ok && outcome.error.message).toContain('model.base_url');
    expect(server.requests).toHaveLength(1);
  });

  it('times out a hanging server', async () => {
    const { client, server } = await setUp([{ hang: true }, { hang: true }], { requestTimeoutMs: 300, maxRetries: 1 });
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout', retryable: true } });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with kind network when nothing listens', async () => {
    const { client, server } = await setUp([], { maxRetries: 0 });
    await server.close();
    expect(await client.complete(request)).toMatchObject({ ok: false, error: { kind: 'network', retryable: true } });
  });

  it('reports an empty reply with its tokens counted', async () => {
    const { client, meter } = await setUp([{ reply: '' }]);
    expect(await client.complete(request)).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(meter.snapshot().calls).toBe(1);
  });

  it('refuses a call after the deadline without a request', async () => {
    const { client, server } = await setUp([{ reply: 'never' }], {}, { deadlineMs: Date.now() - 1 });
    expect(await client.complete(request)).toMatchObject({ ok: false, error: { kind: 'deadline', retryable: false } });
    expect(server.requests).toHaveLength(0);
  });

  it('cuts a request short at the deadline', async () => {
    const { client } = await setUp([{ hang: true }], {}, { deadlineMs: Date.now() + 300 });
    expect(await client.complete(request)).toMatchObject({ ok: false, error: { kind: 'deadline' } });
  });

  it('refuses calls once the token budget is spent', async () => {
    const usage = { prompt_tokens: 80, completion_tokens: 30 };
    const { client, server } = await setUp([{ reply: 'a', usage }, { reply: 'never' }], {}, { budget: { maxTokensTotal: 100 } });
    expect(await client.complete(request)).toMatchObject({ ok: true });
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'budget', retryable: false } });
    expect(!outcome.ok && outcome.error.message).toContain('110 of 100 tokens');
    expect(server.requests).toHaveLength(1);
  });

  it('is cancelled by its signal while waiting', async () => {
    const controller = new AbortController();
    const { client } = await setUp([{ hang: true }], {}, { signal: controller.signal });
    const pending = client.complete(request);
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });

  it('fails with kind auth and no request when OpenAI has no key', async () => {
    const settings = scriptedSettings('https://api.openai.com/v1');
    const client = createModelClient({ settings, env: {}, meter: createUsageMeter() });
    const outcome = await client.complete(request);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(!outcome.ok && outcome.error.message).toContain('HEAL_TEST_API_KEY');
  });
});
