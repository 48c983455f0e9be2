import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, fixtureDepsDir } from './helpers/fixture-deps.js';

/**
 * Installs each Node fixture's dependencies once (npm ci, from the npm cache when it can) so that
 * tests link them instead of installing per test. heal's own install step is tested separately.
 */
export default function setup(): void {
  for (const fixture of readdirSync(FIXTURES_DIR)) {
    const target = fixtureDepsDir(fixture);
    if (!target || existsSync(join(target, 'node_modules'))) continue;
    mkdirSync(target, { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(FIXTURES_DIR, fixture, file), join(target, file));
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: target,
      stdio: 'ignore',
    });
  }
}
