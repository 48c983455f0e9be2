// The offline demo: copies the bundled demo repo into a temporary git repository and runs
// `heal build` there, then `heal plan-tests` on the green build (the builtin engine, no model). Pass another fixture name to try it instead, e.g. `npm run demo -- py-pytest-failing-test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const fixture = process.argv[2] ?? 'js-node-test-zero-deps';
const dir = mkdtempSync(join(tmpdir(), `heal-demo-${fixture}-`));
cpSync(join(root, 'fixtures', fixture), dir, { recursive: true });
const env = { ...process.env, GIT_AUTHOR_NAME: 'heal demo', GIT_AUTHOR_EMAIL: 'demo@heal.invalid', GIT_COMMITTER_NAME: 'heal demo', GIT_COMMITTER_EMAIL: 'demo@heal.invalid' };
for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-qm', 'demo']]) execFileSync('git', args, { cwd: dir, env });
// No model in the demo, whatever the caller's environment says.
const demoEnv = { ...process.env, HEAL_MODEL: '' };
const heal = (args) => {
  process.stdout.write(`\n$ heal ${args.join(' ')}\n`);
  return spawnSync(process.execPath, [join(root, 'bin', 'heal'), ...args], { cwd: dir, stdio: 'inherit', env: demoEnv }).status ?? 1;
};
process.stdout.write(`demo repo: ${dir}\n`);
const built = heal(['build']);
const planned = built === 0 ? heal(['plan-tests']) : 0;
process.stdout.write(`\nThe reports and artefact are under ${join(dir, '.heal')}\n`);
process.exitCode = built === 0 ? planned : built;
