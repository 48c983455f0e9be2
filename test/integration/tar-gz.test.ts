import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTarGz } from '../../src/adapters/tar-gz.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeTarGz', () => {
  it('writes an archive that system tar lists and extracts byte-for-byte, long names included', async () => {
    dir = mkdtempSync(join(tmpdir(), 'heal-tar-'));
    const longName = `${'deep/'.repeat(30)}coverage-final.json`;
    writeFileSync(join(dir, 'a.json'), '{"a":1}\n');
    writeFileSync(join(dir, 'big.log'), 'x'.repeat(70_000));
    const archive = join(dir, 'out', 'build.tar.gz');
    await writeTarGz(archive, [
      { name: 'build_report.json', path: join(dir, 'a.json') },
      { name: 'logs/test.log', path: join(dir, 'big.log') },
      { name: longName, path: join(dir, 'a.json') },
    ]);
    const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['build_report.json', 'logs/test.log', longName]);
    const extracted = join(dir, 'x');
    execFileSync('mkdir', ['-p', extracted]);
    execFileSync('tar', ['-xzf', archive, '-C', extracted]);
    expect(readFileSync(join(extracted, 'logs/test.log'), 'utf8')).toHaveLength(70_000);
    expect(readFileSync(join(extracted, longName), 'utf8')).toBe('{"a":1}\n');
  });
});
