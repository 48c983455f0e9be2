import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { ModelConfig, PLACEHOLDER_API_KEY, resolveApiKey, resolveModelSettings } from '../../../src/model/model-config.js';
import { describeMissingModel } from '../../../src/model/no-model.js';

describe('ModelConfig', () => {
  it('fills defaults and rejects unknown keys', () => {
    expect(ModelConfig.parse({})).toEqual({
      api_key_env: 'OPENAI_API_KEY',
      edit_format: 'diff',
      json_mode: true,
      temperature: 0,
      request_timeout_sec: 120,
      max_retries: 2,
      prices: {},
    });
    expect(ModelConfig.safeParse({ nmae: 'x' }).success).toBe(false);
    expect(ModelConfig.safeParse({ base_url: 'not a url' }).success).toBe(false);
  });
});

describe('resolveModelSettings', () => {
  const config = ModelConfig.parse({ name: 'from-config', base_url: 'http://config.test/v1', prices: { 'from-config': { input: 1, output: 2 } } });

  it('is not configured without a model name anywhere', () => {
    expect(resolveModelSettings(undefined, {}, {})).toEqual({ configured: false });
    expect(resolveModelSettings(ModelConfig.parse({ base_url: 'http://x.test/v1' }), { HEAL_MODEL: ' ' }, {})).toEqual({ configured: false });
  });

  it('takes flags over environment over config', () => {
    const fromConfig = resolveModelSettings(config, {}, {});
    expect(fromConfig.configured && [fromConfig.settings.model, fromConfig.settings.baseUrl]).toEqual(['from-config', 'http://config.test/v1']);
    const env = { HEAL_MODEL: 'from-env', HEAL_BASE_URL: 'http://env.test/v1/' };
    const fromEnv = resolveModelSettings(config, env, {});
    expect(fromEnv.configured && [fromEnv.settings.model, fromEnv.settings.baseUrl]).toEqual(['from-env', 'http://env.test/v1']);
    const fromFlags = resolveModelSettings(config, env, { model: 'from-flag', baseUrl: 'http://flag.test/v1' });
    expect(fromFlags.configured && [fromFlags.settings.model, fromFlags.settings.baseUrl]).toEqual(['from-flag', 'http://flag.test/v1']);
  });

  it('defaults to OpenAI, converts seconds, and merges prices over the built-in table', () => {
    const result = resolveModelSettings(undefined, { HEAL_MODEL: 'gpt-4o' }, {});
    expect(result.configured).toBe(true);
    if (!result.configured) return;
    expect(result.settings.baseUrl).toBe('https://api.openai.com/v1');
    expect(result.settings.requestTimeoutMs).toBe(120_000);
    expect(result.settings.prices['gpt-4o']).toBeDefined();
    const custom = resolveModelSettings(config, {}, {});
    expect(custom.configured && custom.settings.prices['from-config']).toEqual({ input: 1, output: 2 });
  });

  it('rejects a malformed URL from a flag or the environment', () => {
    expect(() => resolveModelSettings(config, {}, { baseUrl: 'localhost:11434' })).toThrow(UsageError);
    expect(() => resolveModelSettings(config, { HEAL_BASE_URL: 'ftp://x' }, {})).toThrow(ConfigError);
  });
});

describe('resolveApiKey', () => {
  const settingsFor = (baseUrl: string) => {
    const result = resolveModelSettings(ModelConfig.parse({ name: 'm', base_url: baseUrl }), {}, {});
    if (!result.configured) throw new Error('expected a configured model');
    return result.settings;
  };

  it('reads the named variable, uses a placeholder for local servers, and nothing for OpenAI', () => {
    expect(resolveApiKey(settingsFor('https://api.openai.com/v1'), { OPENAI_API_KEY: 'sk-1' })).toBe('sk-1');
    expect(resolveApiKey(settingsFor('http://localhost:11434/v1'), {})).toBe(PLACEHOLDER_API_KEY);
    expect(resolveApiKey(settingsFor('https://api.openai.com/v1'), {})).toBeUndefined();
  });
});

describe('describeMissingModel', () => {
  it('says how to configure a model and offers the alternatives', () => {
    const message = describeMissingModel('fix', ['--engine builtin']);
    expect(message).toContain('model.name');
    expect(message).toContain('HEAL_BASE_URL=http://localhost:11434/v1 HEAL_MODEL=qwen2.5-coder');
    expect(message).toContain('--engine builtin');
    expect(message).not.toContain('\n');
  });
});
