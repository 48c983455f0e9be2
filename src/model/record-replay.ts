import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues, writeArtefact } from '../artefacts/artefact-io.js';
import { failModel, type ModelClient, type ModelOutcome, type ModelRequest } from './model-client.js';
import type { ModelSettings } from './model-config.js';

/** The parts of a request that decide the reply, hashed into the recording's file name. */
export interface RequestIdentity {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  json: boolean;
  temperature: number | null;
}

/** One recorded exchange: `<key>.json` in the HEAL_RECORD / HEAL_REPLAY folder. */
export const ModelRecording = z
  .object({
    version: z.literal(1),
    /** First 16 hex digits of the SHA-256 of the canonical request. */
    key: z.string().regex(/^[0-9a-f]{16}$/),
    /** The request that was hashed, plus the stage that made it (not hashed). */
    request: z
      .object({
        model: z.string(),
        messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }).strict()),
        json: z.boolean(),
        temperature: z.number().nullable(),
        purpose: z.string(),
      })
      .strict(),
    /** What the model answered. */
    response: z
      .object({
        text: z.string(),
        model: z.string(),
        usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).strict(),
      })
      .strict(),
  })
  .strict();
export type ModelRecording = z.infer<typeof ModelRecording>;

/** What the model will actually be sent for `request` under `settings`. */
export function identifyRequest(settings: ModelSettings, request: ModelRequest): RequestIdentity {
  return {
    model: settings.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    json: request.json === true && settings.jsonMode,
    temperature: settings.temperature,
  };
}

/** The recording key: sha256 of the identity in a fixed key order, first 16 hex digits. */
export function computeRequestKey(identity: RequestIdentity): string {
  const canonical = JSON.stringify([identity.model, identity.messages.map((m) => [m.role, m.content]), identity.json, identity.temperature]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** Passes calls to `inner` and saves every successful exchange under `dir`. */
export function createRecordingClient(inner: ModelClient, settings: ModelSettings, dir: string): ModelClient {
  return {
    async complete(request): Promise<ModelOutcome> {
      const outcome = await inner.complete(request);
      if (!outcome.ok) return outcome;
      const identity = identifyRequest(settings, request);
      const key = computeRequestKey(identity);
      const recording: ModelRecording = {
        version: 1,
        key,
        request: { ...identity, purpose: request.purpose },
        response: { text: outcome.text, model: outcome.model, usage: outcome.usage },
      };
      await writeArtefact(join(dir, `${key}.json`), ModelRecording, recording);
      return outcome;
    },
  };
}

/** Serves recorded replies from `dir` without touching the network. */
export function createReplayClient(settings: ModelSettings, dir: string): ModelClient {
  return {
    async complete(request): Promise<ModelOutcome> {
      const key = computeRequestKey(identifyRequest(settings, request));
      const file = join(dir, `${key}.json`);
      const rerecord = `re-record with HEAL_RECORD=${dir}`;
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return failModel('replay-miss', `no recorded reply for this '${request.purpose}' request (key ${key}) in ${dir}; ${rerecord}`);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return failModel('replay-miss', `recording ${file} is not valid JSON; ${rerecord}`);
      }
      const parsed = ModelRecording.safeParse(data);
      if (!parsed.success) {
        return failModel('replay-miss', `recording ${file} does not match its schema: ${describeIssues(parsed.error)}; ${rerecord}`);
      }
      const { response } = parsed.data;
      return { ok: true, text: response.text, usage: response.usage, model: response.model };
    },
  };
}
