import type { HealConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { SandboxRequest, SandboxSetting } from '../pipeline/sandbox-choice.js';

const SETTINGS: readonly SandboxSetting[] = ['auto', 'bwrap', 'none'];

/** The sandbox the user asked for: `--no-sandbox`, else HEAL_SANDBOX, else the config's `sandbox:`. */
export function readSandboxRequest(flag: boolean | undefined, env: NodeJS.ProcessEnv, config: HealConfig): SandboxRequest {
  const fromEnv = env.HEAL_SANDBOX;
  if (fromEnv !== undefined && fromEnv !== '' && !SETTINGS.includes(fromEnv as SandboxSetting)) {
    throw new ConfigError(`HEAL_SANDBOX must be one of auto, bwrap, none (got "${fromEnv}")`);
  }
  const setting = fromEnv ? (fromEnv as SandboxSetting) : config.sandbox;
  return { setting, noSandboxFlag: flag === false };
}
