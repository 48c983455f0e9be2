import { isTestFile } from '../test-files.js';
import type { RepoView } from './pattern-repo.js';

/** A module outside the repository that provides an identifier, and how it is imported. */
export interface KnownSource {
  /** The specifier without a `node:` prefix (added per the file's style). */
  module: string;
  isBuiltin: boolean;
  /** `import name from …` rather than `import { name } from …`. */
  isDefault: boolean;
}

const DEFAULTS = new Map(Object.entries({
  path: 'path', fs: 'fs', os: 'os', crypto: 'crypto', util: 'util', assert: 'assert',
  readline: 'readline', http: 'http', https: 'https', zlib: 'zlib', url: 'url',
}));

const NAMED = new Map(Object.entries({
  readFileSync: 'fs', writeFileSync: 'fs', existsSync: 'fs', mkdirSync: 'fs', readdirSync: 'fs', statSync: 'fs',
  rmSync: 'fs', unlinkSync: 'fs', copyFileSync: 'fs', appendFileSync: 'fs', mkdtempSync: 'fs', lstatSync: 'fs',
  createReadStream: 'fs', createWriteStream: 'fs',
  readFile: 'fs/promises', writeFile: 'fs/promises', mkdir: 'fs/promises', readdir: 'fs/promises', rm: 'fs/promises',
  mkdtemp: 'fs/promises', copyFile: 'fs/promises', access: 'fs/promises', unlink: 'fs/promises',
  join: 'path', resolve: 'path', dirname: 'path', basename: 'path', extname: 'path', relative: 'path', isAbsolute: 'path',
  fileURLToPath: 'url', pathToFileURL: 'url',
  createHash: 'crypto', randomUUID: 'crypto', randomBytes: 'crypto', createHmac: 'crypto',
  promisify: 'util', inspect: 'util', isDeepStrictEqual: 'util',
  execSync: 'child_process', execFileSync: 'child_process', spawn: 'child_process', spawnSync: 'child_process',
  execFile: 'child_process', fork: 'child_process',
  EventEmitter: 'events', tmpdir: 'os', homedir: 'os', EOL: 'os',
}));

const TEST_GLOBALS = new Set(['describe', 'it', 'test', 'expect', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'vi', 'suite']);
const NODE_TEST_GLOBALS = new Set(['describe', 'it', 'test', 'beforeEach', 'afterEach', 'before', 'after', 'mock', 'suite']);

/** The test framework whose globals a test file may be missing: vitest, or node:test when other tests import it. */
async function detectTestFramework(repo: RepoView, path: string): Promise<'vitest' | 'node:test' | null> {
  const manifest = (await repo.read('package.json')) ?? '';
  if (/"vitest"\s*:/.test(manifest)) return 'vitest';
  for (const file of (await repo.files()).filter((other) => other !== path && isTestFile(other)).slice(0, 20)) {
    const text = (await repo.read(file)) ?? '';
    if (/from\s*['"]vitest['"]/.test(text)) return 'vitest';
    if (/from\s*['"](node:)?test['"]/.test(text)) return 'node:test';
  }
  return null;
}

/** Where a well-known identifier comes from: a test framework's global, or a Node built-in. */
export async function findKnownSource(repo: RepoView, path: string, name: string): Promise<KnownSource | null> {
  // ESM jest has no `jest` global: it comes from @jest/globals.
  if (name === 'jest' && isTestFile(path) && /"jest"\s*:/.test((await repo.read('package.json')) ?? '')) {
    return { module: '@jest/globals', isBuiltin: false, isDefault: false };
  }
  if (isTestFile(path) && (TEST_GLOBALS.has(name) || NODE_TEST_GLOBALS.has(name))) {
    const framework = await detectTestFramework(repo, path);
    if (framework === 'vitest' && TEST_GLOBALS.has(name)) return { module: 'vitest', isBuiltin: false, isDefault: false };
    // `node:test` has no unprefixed form, so it is not subject to the file's prefix habit.
    if (framework === 'node:test' && NODE_TEST_GLOBALS.has(name)) return { module: 'node:test', isBuiltin: false, isDefault: false };
  }
  const defaultModule = DEFAULTS.get(name);
  if (defaultModule !== undefined) return { module: defaultModule, isBuiltin: true, isDefault: true };
  const namedModule = NAMED.get(name);
  if (namedModule !== undefined) return { module: namedModule, isBuiltin: true, isDefault: false };
  return null;
}
