import { isSecretPath } from '../context/secret-rules.js';
import { matchesGlob } from './match-glob.js';

/** Why a path is protected: what a patch could subvert by changing it. */
export type ProtectedGroup = 'ci-config' | 'hooks' | 'lockfile' | 'manifest' | 'heal-config' | 'secrets';

/** Paths a patch may not change unless the policy's `allow_protected` names them (and secret-bearing files: `isSecretPath`). */
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
  {
    group: 'manifest',
    patterns: [
      'requirements*.txt', 'requirements/*.txt', 'constraints*.txt', 'Pipfile', 'setup.py',
      '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'pnpm-workspace.yaml',
    ],
  },
  { group: 'heal-config', patterns: ['.healrc.yaml', '.healrc.yml', '.healrc.json', '**/.heal/**'] },
];

/** The protected pattern a path falls under, or null when it is not protected or the policy allows it. */
export function findProtection(path: string, allow: readonly string[]): { group: ProtectedGroup; pattern: string } | null {
  if (allow.some((pattern) => matchesGlob(path, pattern))) return null;
  for (const { group, patterns } of PROTECTED_PATHS) {
    const pattern = patterns.find((candidate) => matchesGlob(path, candidate));
    if (pattern) return { group, pattern };
  }
  // One list of secret-bearing names for the whole of heal: what is never read into a prompt is never patched either.
  return isSecretPath(path) ? { group: 'secrets', pattern: 'a secret-bearing file name (.env*, keys, .npmrc, credentials…)' } : null;
}
