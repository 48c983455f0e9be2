import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient, selectModelMode } from '../../../src/model/create-model-client.js';
import { computeRequestKey, identifyRequest, ModelRecording } from '../../../src/model/record-replay.js';
import { createUsageMeter } from '../../../src/model/usage.js';
import { ScriptedModelServer, scriptedSettings } from '../../helpers/scripted-model-server.js';

const request = { purpose: 'code', json: true, messages: [{ role: 'user' as const, content: 'fix it' }] };
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'heal-model-rec-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('record and replay', () => {
  it('records an exchange, then replays it with the server gone', async () => {
    const dir = tempDir();
    const server = new ScriptedModelServer([{ reply: '{"patch":"x"}', usage: { prompt_tokens: 7, completion_tokens: 3 } }]);
    const settings = scriptedSettings(await server.start());
    const recorder = createModelClient({ settings, env: { HEAL_RECORD: dir }, meter: createUsageMeter() });
    const recorded = await recorder.complete(request);
    await server.close();
    expect(recorded).toMatchObject({ ok: true, text: '{"patch":"x"}' });

    const files = readdirSync(dir);
    const key = computeRequestKey(identifyRequest(settings, request));
    expect(files).toEqual([`${key}.json`]);
    const saved = ModelRecording.parse(JSON.parse(readFileSync(join(dir, files[0] ?? ''), 'utf8')));
    expect(saved.request).toMatchObject({ model: 'scripted-model', json: true, temperature: 0, purpose: 'code' });

    const meter = createUsageMeter();
    const replayer = createModelClient({ settings, env: { HEAL_REPLAY: dir }, meter });
    expect(await replayer.complete(request)).toEqual(recorded);
    expect(meter.snapshot()).toMatchObject({ calls: 1, total_tokens: 10 });
  });

  it('fails a miss with the key, the folder and how to re-record', async () => {
    const dir = tempDir();
    const settings = scriptedSettings('http://127.0.0.1:9/v1');
    const client = createModelClient({ settings, env: { HEAL_REPLAY: dir }, meter: createUsageMeter() });
    const outcome = await client.complete(request);
    const key = computeRequestKey(identifyRequest(settings, request));
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'replay-miss', retryable: false } });
    expect(!outcome.ok && outcome.error.message).toBe(
      `no recorded reply for this 'code' request (key ${key}) in ${dir}; re-record with HEAL_RECORD=${dir}`,
    );
  });

  it('keys on model, messages, json flag and temperature, not on purpose', () => {
    const settings = scriptedSettings('http://x.test/v1');
    const key = (s = settings, r = request) => computeRequestKey(identifyRequest(s, r));
    expect(key()).toMatch(/^[0-9a-f]{16}$/);
    expect(key(settings, { ...request, purpose: 'fix' })).toBe(key());
    expect(key({ ...settings, model: 'other' })).not.toBe(key());
    expect(key({ ...settings, temperature: 0.2 })).not.toBe(key());
    expect(key(settings, { ...request, json: false })).not.toBe(key());
    expect(key(settings, { ...request, messages: [{ role: 'user', content: 'fix it!' }] })).not.toBe(key());
  });

  it('prefers replay when both variables are set and resolves relative folders', () => {
    expect(selectModelMode({ HEAL_RECORD: 'a', HEAL_REPLAY: 'b' }, '/repo')).toEqual({ mode: 'replay', dir: '/repo/b' });
    expect(selectModelMode({ HEAL_RECORD: 'a' }, '/repo')).toEqual({ mode: 'record', dir: '/repo/a' });
    expect(selectModelMode({ HEAL_RECORD: '' }, '/repo')).toEqual({ mode: 'real' });
  });
});
