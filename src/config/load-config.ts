import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import type { HealConfig } from './schema.js';
import { validateConfig } from './validate-config.js';

export const CONFIG_FILES = ['.healrc.yaml', '.healrc.yml'] as const;

export interface LoadedConfig {
  config: HealConfig;
  /** The file it came from, or null when defaults were used. */
  file: string | null;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads `.healrc.yaml` from the repository root (or `explicitFile`) and validates it. */
export async function loadConfig(repoRoot: string, explicitFile?: string): Promise<LoadedConfig> {
  const candidates = explicitFile ? [explicitFile] : CONFIG_FILES.map((name) => join(repoRoot, name));
  for (const file of candidates) {
    const text = await readIfPresent(file);
    if (text === null) {
      if (explicitFile) throw new ConfigError(`config file not found: ${file}`);
      continue;
    }
    const doc = parseDocument(text);
    const yamlError = doc.errors[0];
    if (yamlError) {
      throw new ConfigError(`${file}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
    }
    const result = validateConfig(doc.toJS());
    if (!result.ok) {
      const detail = result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      throw new ConfigError(`${file}: ${detail} (see .healrc.example.yaml)`);
    }
    return { config: result.config, file };
  }
  const defaults = validateConfig({});
  if (!defaults.ok) throw new Error('default configuration does not validate');
  return { config: defaults.config, file: null };
}
