import { UsageError } from '../errors.js';
import { resolveModelSettings, type ModelConfig, type ModelSettings } from '../model/model-config.js';
import { createNoModelError } from '../model/no-model.js';

/** The flags of a stage that can think with the builtin engine or a model. */
export interface EngineFlags {
  engine?: string;
  model?: string;
  baseUrl?: string;
}

/** `--engine` must be builtin or model when given; checked before anything is read. */
export function checkEngineFlag(engine: string | undefined): void {
  if (engine !== undefined && engine !== 'builtin' && engine !== 'model') throw new UsageError(`--engine must be builtin or model, got '${engine}'`);
}

/**
 * The model a stage uses: none with `--engine builtin`; the configured one otherwise; and with
 * `--engine model` but no model configured, an E_NO_MODEL error naming the offline alternative.
 */
export function resolveEngineModel(flags: EngineFlags, config: ModelConfig | undefined, env: NodeJS.ProcessEnv, stage: string, offline: string): ModelSettings | null {
  if (flags.engine === 'builtin') return null;
  const resolved = resolveModelSettings(config, env, { model: flags.model, baseUrl: flags.baseUrl });
  if (resolved.configured) return resolved.settings;
  if (flags.engine === 'model') throw createNoModelError(`${stage} --engine model`, [offline]);
  return null;
}
