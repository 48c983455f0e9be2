import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitResult } from '../../src/artefacts/commit-result.js';
import type { FixtureRepo } from '../helpers/fixture-repo.js';
import { ADD_PERCENT } from '../helpers/fixture-patches.js';
import { runHeal, runHealAsync, type HealRun } from '../helpers/run-heal.js';
import type { ScriptStep } from '../helpers/scripted-model-server.js';
import { ALNUM, CONSONANTS, DIGITS, UPPER, distinct, pick } from '../helpers/secret-samples.js';
import { dirtyRepo, findLeaks, readCommitResult, serveScript, useCleanup } from './hostile-run.js';

// Secrets a patch or the repository holds must never be committed, sent to the model, printed, or
// written into heal's own files. Every value is generated here at run time (see secret-samples.ts).

const cleanup = useCleanup();

const BASE32 = `${UPPER}234567`;
const BASE64 = `${ALNUM}+/`;

/** A unified diff creating each file with the given lines. */
function newFilesDiff(files: Record<string, readonly string[]>): string {
  return Object.entries(files)
    .map(([path, lines]) => `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}\n`).join('')}`)
    .join('');
}

/** Writes `text` to a file in a fresh folder outside the repository. */
function writeOutside(name: string, text: string): string {
  const file = join(cleanup.scratch(), name);
  writeFileSync(file, text);
  return file;
}

function parseResult(stdout: string): CommitResult {
  return CommitResult.parse(JSON.parse(stdout));
}

/** A secret sample: the files a patch adds, the rule and line heal must name, and the values that must not leak. */
interface SecretCase {
  rule: string;
  files: Record<string, string[]>;
  path: string;
  line: number;
  values: string[];
}

function oneLine(rule: string, value: string, line: string): SecretCase {
  return { rule, files: { 'src/settings.js': ['// Settings for the shop.', line, ''] }, path: 'src/settings.js', line: 2, values: [value] };
}

function privateKeyCase(): SecretCase {
  const body = Array.from({ length: 4 }, () => pick(BASE64, 64));
  const lines = ['// Signing key for receipts.', 'export const SIGNING_KEY = `', '-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', '`;', ''];
  return { rule: 'private-key', files: { 'src/signing.js': lines }, path: 'src/signing.js', line: 3, values: body };
}

/** One sample per rule, built fresh each run. */
function secretCases(): Array<[string, SecretCase]> {
  const aws = `AKIA${pick(BASE32, 16)}`;
  const github = `ghp_${pick(ALNUM, 36)}`;
  // Split so no scanner sees OpenAI's marker in this file.
  const openai = `sk-proj-${pick(ALNUM, 58)}T3Blbk${'FJ'}${pick(ALNUM, 58)}`;
  const password = distinct(CONSONANTS, 21) + distinct(DIGITS, 3);
  return [
    ['an AWS access key id', oneLine('aws-access-key-id', aws, `export const AWS_ID = "${aws}";`)],
    ['a GitHub token', oneLine('github-token', github, `export const GH = "${github}";`)],
    ['a private key block', privateKeyCase()],
    ['an OpenAI key', oneLine('openai-key', openai, `export const client = { baseURL: "https://api.openai.com/v1", auth: "${openai}" };`)],
    ['a high-entropy password assignment', oneLine('generic-assignment', password, `export const password = "${password}";`)],
  ];
}

/** Runs `heal code --patch <outside file> --json`, and checks the refusal, the leaks and the user's state. */
function expectSecretRefused(fixture: FixtureRepo, diff: string, expected: Array<{ path: string; message: RegExp }>, values: readonly string[]): void {
  const patchFile = writeOutside('change.diff', diff);
  const oracle = cleanup.record(fixture);
  const run = runHeal(['code', '--patch', patchFile, '--json', 'Add the shop settings'], { cwd: fixture.dir, env: { ...oracle.env } });
  expect(run.code, run.stderr).toBe(1);
  const result = parseResult(run.stdout);
  expect(result).toMatchObject({ status: 'HARD_FAIL', stop_reason: 'invalid-patch', commit_sha: null, branch_name: null, baseline: null });
  expect(result.attempts).toHaveLength(1);
  expect(result.attempts[0]?.result).toBe('rejected');
  const rejections = result.attempts[0]?.rejections ?? [];
  for (const { path, message } of expected) expect(rejections).toContainEqual({ path, rule: 'secret', message: expect.stringMatching(message) });
  for (const value of values) expect.soft(findLeaks(value, run, fixture), `the secret ${value.slice(0, 4)}… leaked`).toEqual([]);
  expect(fixture.git('branch', '--list', 'agt/*').trim()).toBe('');
  oracle.assertNothingLost();
}

/** A patch adding a test that fails with whatever .env and the gitignored .env.local hold. */
const LEAK_TEST = newFilesDiff({
  'test/leak.test.js': [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { readFileSync } from "node:fs";',
    '',
    'const read = (path) => {',
    '  try {',
    '    return readFileSync(new URL(path, import.meta.url), "utf8");',
    '  } catch (error) {',
    '    return String(error);',
    '  }',
    '};',
    '',
    'test("settings are loaded", () => {',
    '  // The worktree is .heal/worktrees/<name>/: four levels up is the user\'s checkout.',
    '  assert.fail(`settings: ${read("../.env")} / ${read("../../../../.env.local")}`);',
    '});',
  ],
});

/** A patch adding a test that fails, printing it, when the model's API key is in its environment. */
const KEY_TEST = newFilesDiff({
  'test/env.test.js': [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    '',
    'test("the model key is out of reach", () => {',
    '  assert.equal(process.env.OPENAI_API_KEY, undefined, `the test sees OPENAI_API_KEY=${process.env.OPENAI_API_KEY}`);',
    '});',
  ],
});

function reply(diff: string): ScriptStep {
  return { reply: JSON.stringify({ reasoning: 'Loads the settings.', diff }), usage: { prompt_tokens: 900, completion_tokens: 120 } };
}

interface CanaryCase {
  /** The committed .env. */
  env: string;
  /** The gitignored .env.local. */
  local: string;
  flags: string[];
  /** What the retry prompt must show where the test printed a canary. */
  markers: string[];
  /** Values that must reach no request, no output, no file under .heal/. */
  canaries: string[];
}

/**
 * `heal code` whose first patch adds a test failing with the contents of .env and .env.local (the
 * values come from the repository, not the patch), and whose second patch is good.
 */
async function expectCanariesKept(sample: CanaryCase): Promise<HealRun> {
  const fixture = dirtyRepo(cleanup);
  writeFileSync(join(fixture.dir, '.env'), sample.env);
  writeFileSync(join(fixture.dir, '.gitignore'), `${readFileSync(join(fixture.dir, '.gitignore'), 'utf8')}.env.local\n`);
  fixture.git('add', '.env', '.gitignore');
  fixture.git('commit', '--quiet', '--no-verify', '-m', 'settings');
  writeFileSync(join(fixture.dir, '.env.local'), sample.local);
  const { server, env } = await serveScript(cleanup, [reply(LEAK_TEST), reply(ADD_PERCENT)]);
  const oracle = cleanup.record(fixture);
  const args = ['code', 'Load GITHUB_TOKEN from .env and .env.local in src/format.js', ...sample.flags];
  const run = await runHealAsync(args, { cwd: fixture.dir, env: { ...oracle.env, ...env } });
  expect(run.code, run.stderr).toBe(0);
  const result = readCommitResult(fixture);
  expect(result.attempts.map((attempt) => attempt.result)).toEqual(['check-failed', 'committed']);
  expect(result.attempts[0]?.new_failures.map((failure) => failure.id)).toContain('test/leak.test.js::settings are loaded');
  expect(server.requests).toHaveLength(2);
  // The failure went back to the model, each canary the test printed replaced by a marker naming its rule.
  const retryPrompt = JSON.stringify(server.requests[1]?.body);
  expect(retryPrompt).toContain('settings are loaded');
  for (const marker of sample.markers) expect(retryPrompt).toContain(marker);
  for (const canary of sample.canaries) {
    server.requests.forEach((request, index) => expect(JSON.stringify(request.body), `request ${index + 1} holds ${canary.slice(0, 4)}…`).not.toContain(canary));
    expect.soft(findLeaks(canary, run, fixture), `the canary ${canary.slice(0, 4)}… leaked`).toEqual([]);
  }
  expect(readFileSync(join(fixture.dir, '.env.local'), 'utf8')).toBe(sample.local);
  oracle.assertNothingLost();
  return run;
}

describe('heal code --patch refuses a patch that adds a secret', () => {
  it.each(secretCases())('%s: exit 1, rule secret naming the rule and place, the value nowhere', (_name, sample) => {
    const message = new RegExp(`^${sample.rule} at line ${sample.line} \\(.{0,4}…\\[redacted\\]\\): heal never commits secrets`);
    expectSecretRefused(dirtyRepo(cleanup), newFilesDiff(sample.files), [{ path: sample.path, message }], sample.values);
  });

  it('ignores a // gitleaks:allow marker the patch puts on the line', () => {
    const aws = `AKIA${pick(BASE32, 16)}`;
    const diff = newFilesDiff({ 'src/settings.js': ['// Settings for the shop.', `export const AWS_ID = "${aws}"; // gitleaks:allow`] });
    expectSecretRefused(dirtyRepo(cleanup), diff, [{ path: 'src/settings.js', message: /^aws-access-key-id at line 2 / }], [aws]);
  });

  it('ignores a # pragma: allowlist secret marker the patch puts on the line', () => {
    const password = distinct(CONSONANTS, 21) + distinct(DIGITS, 3);
    const diff = newFilesDiff({ 'scripts/settings.py': ['"""Settings for the shop."""', `password = "${password}"  # pragma: allowlist secret`] });
    expectSecretRefused(dirtyRepo(cleanup), diff, [{ path: 'scripts/settings.py', message: /^generic-assignment at line 2 / }], [password]);
  });

  it('refuses a patch that adds a .gitleaksignore along with the secret it would hide', () => {
    const github = `ghp_${pick(ALNUM, 36)}`;
    const diff = newFilesDiff({
      '.gitleaksignore': ['src/settings.js:github-token:2'],
      'src/settings.js': ['// Settings for the shop.', `export const GH = "${github}";`],
    });
    const expected = [
      { path: '.gitleaksignore', message: /^allowlist-tampering .*heal never commits secrets/ },
      { path: 'src/settings.js', message: /^github-token at line 2 / },
    ];
    expectSecretRefused(dirtyRepo(cleanup), diff, expected, [github]);
  });
});

describe('secrets of the repository and the environment stay out of prompts, output and .heal/', () => {
  it('canaries in a committed .env and a gitignored .env.local, printed by a failing sandboxed test, never reach the model or the output', async () => {
    const github = `ghp_${pick(ALNUM, 36)}`;
    const aws = `AKIA${pick(BASE32, 16)}`;
    const local = `sk-proj-${pick(ALNUM, 40)}T3Blbk${'FJ'}${pick(ALNUM, 40)}`;
    await expectCanariesKept({
      env: `GITHUB_TOKEN=${github}\nAWS_ACCESS_KEY_ID=${aws}\n`,
      local: `OPENAI_API_KEY=${local}\n`,
      flags: [],
      markers: ['[redacted:github-token]', '[redacted:aws-access-key-id]'],
      canaries: [github, aws, local],
    });
  });

  it('with --no-sandbox the test reads the gitignored .env.local too: its canary still reaches the model redacted, and no output', async () => {
    const github = `ghp_${pick(ALNUM, 36)}`;
    const aws = `AKIA${pick(BASE32, 16)}`;
    const run = await expectCanariesKept({
      env: `GITHUB_TOKEN=${github}\n`,
      local: `AWS_ACCESS_KEY_ID=${aws}\n`,
      flags: ['--no-sandbox'],
      markers: ['[redacted:github-token]', '[redacted:aws-access-key-id]'],
      canaries: [github, aws],
    });
    expect(run.stderr).toContain('heal: warning: model-written code runs unsandboxed (turned off by --no-sandbox)');
  });

  it('the API key is never printed nor written, and the test a patch adds cannot read it', async () => {
    const fixture = dirtyRepo(cleanup);
    const key = `sk-proj-${pick(ALNUM, 40)}T3Blbk${'FJ'}${pick(ALNUM, 40)}`;
    const { server, env } = await serveScript(cleanup, [reply(KEY_TEST)]);
    const oracle = cleanup.record(fixture);
    const run = await runHealAsync(['code', 'Check the model key is not visible to tests', '--max-attempts', '1'], {
      cwd: fixture.dir,
      env: { ...oracle.env, ...env, OPENAI_API_KEY: key, HEAL_TEST_API_KEY: key },
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    const result = readCommitResult(fixture);
    expect.soft(result.attempts[0]?.new_failures.map((failure) => failure.id), "the patch's test saw OPENAI_API_KEY").toEqual([]);
    expect.soft(run.code, run.stderr).toBe(0);
    expect.soft(result).toMatchObject({ status: 'SUCCESS', stop_reason: 'committed' });
    expect.soft(findLeaks(key, run, fixture), 'the API key leaked').toEqual([]);
    oracle.assertNothingLost();
  });
});
