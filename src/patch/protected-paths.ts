import { matchesGlob } from './match-glob.js';

/** Why a path is protected: what a patch could subvert by changing it. */
export type ProtectedGroup = 'ci-config' | 'hooks' | 'lockfile' | 'heal-config' | 'secrets' | 'npm-scripts';

/** Paths a patch may not change unless the policy's `allow_protected` names them. */
export const PROTECTED_PATHS: readonly { group: ProtectedGroup; patterns: readonly string[] }[] = [
  {
    group: 'ci-config',
    patterns: ['.github/workflows/**', '.gitlab-ci.yml', '.circleci/**', 'azure-pipelines.yml', 'Jenkinsfile'],
  },
  { group: 'hooks', patterns: ['**/.husky/**', '**/.githooks/**', '**/.git/**'] },
  {
    group: 'lockfile',
    patterns: [
      'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'npm-shrinkwrap.json', 'bun.lockb', 'bun.lock',
      'poetry.lock', 'uv.lock', 'Pipfile.lock',
    ],
  },
  { group: 'heal-config', patterns: ['.healrc.yaml', '.healrc.yml', '.healrc.json', '**/.heal/**'] },
  { group: 'secrets', patterns: ['.env', '.env.*', '*.pem', '*.key', 'id_rsa*', '.npmrc', '.pypirc'] },
];

/** The protected pattern a path falls under, or null when it is not protected or the policy allows it. */
export function findProtection(path: string, allow: readonly string[]): { group: ProtectedGroup; pattern: string } | null {
  if (allow.some((pattern) => matchesGlob(path, pattern))) return null;
  for (const { group, patterns } of PROTECTED_PATHS) {
    const pattern = patterns.find((candidate) => matchesGlob(path, candidate));
    if (pattern) return { group, pattern };
  }
  return null;
}

/**
 * True when a package.json change alters its `scripts` (what `npm test` and install hooks run).
 * Content that does not parse counts as having no scripts, so breaking the file is caught too.
 */
export function changesNpmScripts(before: string | null, after: string | null): boolean {
  return canonicalScripts(before) !== canonicalScripts(after);
}

function canonicalScripts(content: string | null): string {
  if (content === null) return 'null';
  try {
    const parsed: unknown = JSON.parse(content);
    const scripts: unknown = typeof parsed === 'object' && parsed !== null && 'scripts' in parsed ? parsed.scripts : null;
    return JSON.stringify(sortKeys(scripts));
  } catch {
    return 'null';
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
}
