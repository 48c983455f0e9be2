import { HealConfig } from './schema.js';

/** One bad field: its dotted path in the file and what is wrong with it. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export type ConfigValidation = { ok: true; config: HealConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates parsed YAML (pure). Issues come back as data, each with the path of the bad field. */
export function validateConfig(raw: unknown): ConfigValidation {
  const parsed = HealConfig.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join('.') : '(root)',
    message: issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message,
  }));
  return { ok: false, issues };
}
