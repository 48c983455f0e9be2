import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModelClient } from '../../../src/model/create-model-client.js';
import { completeStructured, extractJson } from '../../../src/model/structured-reply.js';
import { createUsageMeter } from '../../../src/model/usage.js';
import { ScriptedModelServer, scriptedSettings, type ScriptStep } from '../../helpers/scripted-model-server.js';

const Plan = z.object({ tests: z.array(z.object({ name: z.string() })) });
const request = { purpose: 'plan-tests', messages: [{ role: 'user' as const, content: 'plan' }] };
let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(steps: ScriptStep[]) {
  server = new ScriptedModelServer(steps);
  const settings = scriptedSettings(await server.start());
  return createModelClient({ settings, env: {}, meter: createUsageMeter(), retryBaseDelayMs: 5 });
}

describe('extractJson', () => {
  it('reads plain JSON, fenced JSON and an object inside prose', () => {
    expect(extractJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('Here you go:\n```json\n{"a":2}\n```\nDone.')).toEqual({ ok: true, value: { a: 2 } });
    expect(extractJson('Sure! {"a":{"b":3}} Hope that helps.')).toEqual({ ok: true, value: { a: { b: 3 } } });
  });

  it('explains what it got when there is no JSON', () => {
    expect(extractJson('I cannot do that')).toEqual({ ok: false, reason: 'the reply is not JSON (it starts "I cannot do that")' });
    expect(extractJson('  ')).toEqual({ ok: false, reason: 'the reply is empty' });
  });
});

describe('completeStructured', () => {
  it('returns the parsed value and asks for JSON mode', async () => {
    const client = await clientFor([{ reply: '```json\n{"tests":[{"name":"adds"}]}\n```' }]);
    const outcome = await completeStructured(client, request, Plan);
    expect(outcome).toMatchObject({ ok: true, value: { tests: [{ name: 'adds' }] } });
    expect(server?.requests[0]?.body).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('turns a reply that is not JSON into invalid-reply', async () => {
    const client = await clientFor([{ reply: 'Sorry, no.' }]);
    const outcome = await completeStructured(client, request, Plan);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'invalid-reply', text: 'Sorry, no.' } });
    expect(!outcome.ok && outcome.error.message).toBe('plan-tests: the reply is not JSON (it starts "Sorry, no.")');
  });

  it('names the first schema issues', async () => {
    const client = await clientFor([{ reply: '{"tests":[{"title":"x"}]}' }]);
    const outcome = await completeStructured(client, request, Plan);
    expect(!outcome.ok && outcome.error.message).toContain('tests.0.name');
  });

  it('asks again with the reason when given more attempts', async () => {
    const client = await clientFor([{ reply: '{"tests":"none"}' }, { reply: '{"tests":[]}' }]);
    const outcome = await completeStructured(client, request, Plan, { attempts: 2 });
    expect(outcome).toMatchObject({ ok: true, value: { tests: [] } });
    const retry = server?.requests[1]?.body;
    expect(retry).toMatchObject({ messages: [{ role: 'user' }, { role: 'assistant', content: '{"tests":"none"}' }, { role: 'user' }] });
  });

  it('passes model failures through', async () => {
    const client = await clientFor([{ status: 401 }]);
    expect(await completeStructured(client, request, Plan)).toMatchObject({ ok: false, error: { kind: 'auth' } });
  });
});
