// The offline demo: copies the bundled demo repo (a real bug, and functions no test covers) into a
// temporary git repository and runs `heal loop` there with the builtin engine: build 1 fails, the
// bug is fixed, the missing tests are written and proven, build 2 is green. Pass another fixture
// name to try it instead, e.g. `npm run demo -- py-pytest-bug-wrong-comparison`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const fixture = process.argv[2] ?? 'js-node-test-bug-and-missing-tests';
const dir = mkdtempSync(join(tmpdir(), `heal-demo-${fixture}-`));
cpSync(join(root, 'fixtures', fixture), dir, { recursive: true });
const env = { ...process.env, GIT_AUTHOR_NAME: 'heal demo', GIT_AUTHOR_EMAIL: 'demo@heal.invalid', GIT_COMMITTER_NAME: 'heal demo', GIT_COMMITTER_EMAIL: 'demo@heal.invalid' };
for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-qm', 'demo']]) execFileSync('git', args, { cwd: dir, env });
// No model and no merge prompt in the demo, whatever the caller's environment says.
const demoEnv = { ...process.env, HEAL_MODEL: '', CI: 'true' };
const args = ['loop', '--engine', 'builtin', '--no-wait'];
process.stdout.write(`demo repo: ${dir}\n\n$ heal ${args.join(' ')}\n`);
const status = spawnSync(process.execPath, [join(root, 'bin', 'heal'), ...args], { cwd: dir, stdio: 'inherit', env: demoEnv }).status ?? 1;
process.stdout.write(`\nThe run's reports, artefacts and state are under ${join(dir, '.heal', 'runs')}; open report.html in a browser.\n`);
process.exitCode = status;
