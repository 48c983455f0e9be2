import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readNodeTestEvents } from '../../../../src/toolchains/node/node-test-events.js';
import { NODE_TEST_REPORTER_SOURCE } from '../../../../src/toolchains/node/node-test-reporter.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const TEST_FILE = `import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('outer', () => {
  describe('inner', () => {
    it('fails', () => {
      assert.equal(1 + 1, 3);
    });
  });
  it('passes', () => {});
});
`;

describe('the node:test reporter under the Node running these tests', () => {
  it('loads as a --test-reporter module and reports suite paths and failure locations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heal-node-test-'));
    dirs.push(dir);
    await mkdir(join(dir, 'test'));
    await writeFile(join(dir, 'test', 'sum.test.mjs'), TEST_FILE);
    await writeFile(join(dir, 'reporter.mjs'), NODE_TEST_REPORTER_SOURCE);
    const args = ['--test', '--test-reporter=./reporter.mjs', '--test-reporter-destination=events.jsonl', 'test/sum.test.mjs'];
    const exit = await run(process.execPath, args, { cwd: dir }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
    expect(exit).toBe(1);
    const { tests, failedTests } = readNodeTestEvents(await readFile(join(dir, 'events.jsonl'), 'utf8'), dir);
    expect(tests).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(failedTests.map(({ id, location }) => ({ id, location }))).toEqual([
      { id: 'test/sum.test.mjs::outer > inner > fails', location: { file: 'test/sum.test.mjs', line: 7, column: 14 } },
    ]);
    expect(failedTests[0]?.message).toContain('Expected values to be strictly equal');
  });
});
