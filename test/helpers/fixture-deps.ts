import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
const CACHE_DIR = join(REPO_ROOT, 'test', '.cache', 'deps');

/** Where a fixture's installed node_modules are cached, keyed by its lockfile; null without one. */
export function fixtureDepsDir(fixture: string): string | null {
  const lockfile = join(FIXTURES_DIR, fixture, 'package-lock.json');
  if (!existsSync(lockfile)) return null;
  const hash = createHash('sha256').update(readFileSync(lockfile)).digest('hex').slice(0, 12);
  return join(CACHE_DIR, `${fixture}-${hash}`);
}
