import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
const CACHE_DIR = join(REPO_ROOT, 'test', '.cache', 'deps');

/** The lockfile without the project's own name, so fixtures that pin the same packages share one install. */
function dependencyKey(lockfile: string): string {
  const lock: { name?: string; packages?: Record<string, { name?: string }> } = JSON.parse(readFileSync(lockfile, 'utf8'));
  delete lock.name;
  delete lock.packages?.['']?.name;
  return createHash('sha256').update(JSON.stringify(lock)).digest('hex').slice(0, 12);
}

/** Where a fixture's installed node_modules are cached, keyed by its pinned packages; null without a lockfile. */
export function fixtureDepsDir(fixture: string): string | null {
  const lockfile = join(FIXTURES_DIR, fixture, 'package-lock.json');
  if (!existsSync(lockfile)) return null;
  return join(CACHE_DIR, `lock-${dependencyKey(lockfile)}`);
}
