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
  const dotted = (path: readonly PropertyKey[]) => (path.length > 0 ? path.map(String).join('.') : '(root)');
  const issues = parsed.error.issues.flatMap((issue): ConfigIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: dotted([...issue.path, key]), message: 'unknown key' }))
      : [{ path: dotted(issue.path), message: issue.message }],
  );
  return { ok: false, issues };
}
