import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactFolder } from '../../../src/pipeline/build/redact-files.js';
import { ALNUM, pick } from '../../helpers/secret-samples.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('redactFolder: what heal keeps of a tool run', () => {
  it('redacts secrets a test printed into its reports and logs, and leaves coverage data alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heal-redact-'));
    dirs.push(dir);
    const token = `ghp_${pick(ALNUM, 36)}`;
    mkdirSync(join(dir, 'coverage'));
    writeFileSync(join(dir, 'node-test.jsonl'), `{"message":"expected token ${token} to be empty"}\n`);
    writeFileSync(join(dir, 'junit.xml'), `<failure>GITHUB_TOKEN=${token}</failure>\n`);
    const coverage = `{"src/a.js":{"path":"src/a.js","s":{"0":1},"note":"${token}"}}\n`;
    writeFileSync(join(dir, 'coverage', 'coverage-final.json'), coverage);
    await redactFolder(dir);
    for (const name of ['node-test.jsonl', 'junit.xml']) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text).not.toContain(token);
      expect(text).toContain('redacted');
    }
    expect(readFileSync(join(dir, 'coverage', 'coverage-final.json'), 'utf8')).toBe(coverage);
  });
});
