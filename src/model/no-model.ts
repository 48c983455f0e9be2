import { HealError } from '../errors.js';

/**
 * The one-line message for a stage that needs a model when none is configured: how to configure
 * one, and the built-in alternatives the caller offers (e.g. `--engine builtin`), if any.
 */
export function describeMissingModel(stage: string, alternatives: readonly string[] = []): string {
  const how =
    `heal ${stage} needs a model: set model.name and model.base_url in .healrc.yaml, or HEAL_MODEL and HEAL_BASE_URL ` +
    `(e.g. for Ollama: HEAL_BASE_URL=http://localhost:11434/v1 HEAL_MODEL=qwen2.5-coder; for OpenAI: HEAL_MODEL=gpt-4.1-mini and OPENAI_API_KEY)`;
  if (alternatives.length === 0) return how;
  return `${how}; or without a model: ${alternatives.join(', ')}`;
}

/** The HealError (code E_NO_MODEL, exit 2) a stage throws when it needs a model and has none. */
export function createNoModelError(stage: string, alternatives: readonly string[] = []): HealError {
  return new HealError('E_NO_MODEL', describeMissingModel(stage, alternatives));
}
