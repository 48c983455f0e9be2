import { SandboxMode, type HealConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { SandboxRequest } from '../pipeline/sandbox-choice.js';

/** The sandbox the user asked for: `--no-sandbox`, else HEAL_SANDBOX, else the config's `sandbox:`. */
export function readSandboxRequest(flag: boolean | undefined, env: NodeJS.ProcessEnv, config: HealConfig): SandboxRequest {
  const fromEnv = env.HEAL_SANDBOX;
  if (fromEnv === undefined || fromEnv === '') return { setting: config.sandbox, noSandboxFlag: flag === false };
  const parsed = SandboxMode.safeParse(fromEnv);
  if (!parsed.success) throw new ConfigError(`HEAL_SANDBOX must be one of ${SandboxMode.options.join(', ')} (got "${fromEnv}")`);
  return { setting: parsed.data, noSandboxFlag: flag === false };
}
