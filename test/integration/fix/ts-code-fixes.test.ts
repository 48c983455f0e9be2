import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTypeScript } from '../../../src/adapters/typescript.js';
import type { Diagnostic } from '../../../src/artefacts/build-report.js';
import { proposeTsCodeFixes } from '../../../src/pipeline/fix/ts-fixes/ts-code-fixes.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A temporary repository holding `files` (paths relative to its root). */
function writeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'heal-ts-fix-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function tsconfig(compilerOptions: Record<string, unknown>, include = ['src']): string {
  return JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [], ...compilerOptions }, include });
}
const NODENEXT = { module: 'NodeNext', moduleResolution: 'NodeNext' };
const BUNDLER = { module: 'ESNext', moduleResolution: 'Bundler' };
const SLUG = "export function slugify(text: string): string {\n  return text.toLowerCase().replace(/\\s+/g, '-');\n}\n";
const POST = "export function postPath(title: string): string {\n  return '/posts/' + slugify(title);\n}\n";

/** What `tsc -p projectDir` reports, as heal's build report holds it: paths relative to `root`. */
async function typeCheck(root: string, projectDir = root): Promise<Diagnostic[]> {
  const ts = await loadTypeScript();
  if (!ts) throw new Error('TypeScript did not load');
  const config = ts.readConfigFile(join(projectDir, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, projectDir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    if (!d.file || d.start === undefined) return [];
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const file = relative(root, d.file.fileName);
    return [{ tool: 'tsc', file, line: line + 1, column: character + 1, rule: `TS${d.code}`, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), severity: 'error' as const }];
  });
}

describe('proposeTsCodeFixes on tsc diagnostics', () => {
  it('imports a missing function from its sibling module with the .js extension NodeNext needs', async () => {
    const root = writeRepo({ 'package.json': '{"type":"module"}', 'tsconfig.json': tsconfig(NODENEXT), 'src/slug.ts': SLUG, 'src/post.ts': POST });
    const diagnostics = await typeCheck(root);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual(['src/post.ts:2:22 TS2304']);
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics });
    expect(candidates).toEqual([
      {
        strategy: 'ts-code-fix',
        rule: 'import',
        description: 'Add import from "./slug.js" at src/post.ts:2:22',
        files: [{ path: 'src/post.ts', kind: 'modify', before: POST, after: `import { slugify } from './slug.js';\n\n${POST}` }],
        targets: ['src/post.ts:TS2304'],
      },
    ]);
  });

  it('imports without an extension under bundler resolution, and prefers the shortest relative path', async () => {
    const root = writeRepo({ 'tsconfig.json': tsconfig(BUNDLER), 'src/slug.ts': SLUG, 'src/lib/strings/slug.ts': SLUG, 'src/post.ts': POST });
    const [candidate] = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics: await typeCheck(root) });
    expect(candidate?.files[0]?.after).toBe(`import { slugify } from './slug';\n\n${POST}`);
  });

  it('respells a misspelled identifier as the checker suggests', async () => {
    const text = 'const taxRate = 0.2;\nexport function withTax(net: number): number {\n  return net * (1 + taxRat);\n}\n';
    const root = writeRepo({ 'tsconfig.json': tsconfig(BUNDLER), 'src/invoice.ts': text });
    const diagnostics = await typeCheck(root);
    expect(diagnostics.map((d) => d.rule)).toEqual(['TS2552']);
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics });
    expect(candidates.map((c) => [c.rule, c.description, c.files[0]?.after])).toEqual([
      ['spelling', "Change spelling to 'taxRate' at src/invoice.ts:3:21", text.replace('taxRat)', 'taxRate)')],
    ]);
  });

  it('awaits a promise where it is created when its value is used', async () => {
    const text = [
      'interface User { name: string }',
      "async function getUser(): Promise<User> { return { name: 'ada' }; }",
      'export async function greet(): Promise<string> {',
      '  const user = getUser();',
      '  return user.name;',
      '}',
      '',
    ].join('\n');
    const root = writeRepo({ 'tsconfig.json': tsconfig(BUNDLER), 'src/greet.ts': text });
    const diagnostics = await typeCheck(root);
    expect(diagnostics.map((d) => d.rule)).toEqual(['TS2339']);
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics });
    expect(candidates.map((c) => [c.rule, c.files[0]?.after])).toEqual([['addMissingAwaitToInitializer', text.replace('= getUser()', '= await getUser()')]]);
  });

  it('offers nothing when the only fixes silence the check or stub the code', async () => {
    const text = 'export class Box {\n  size: number;\n}\nexport const n: number = frobnicate(1);\n';
    const root = writeRepo({ 'tsconfig.json': tsconfig(BUNDLER), 'src/box.ts': text });
    const diagnostics = await typeCheck(root);
    // TS2564 is offered `!`, `| undefined` and an initialiser; TS2304 a function stub that throws.
    expect(diagnostics.map((d) => d.rule)).toEqual(['TS2564', 'TS2304']);
    expect(await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics })).toEqual([]);
  });

  it('prefixes an unused parameter and deletes an unused constant, but never a call', async () => {
    const text = 'export function f(a: number, unused: number): number {\n  const spare = 1;\n  const log = console.log(a);\n  return a;\n}\n';
    const root = writeRepo({ 'tsconfig.json': tsconfig({ ...BUNDLER, noUnusedLocals: true, noUnusedParameters: true, types: ['*'] }), 'src/f.ts': text });
    const diagnostics = await typeCheck(root);
    expect(diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(['1 TS6133', '2 TS6133', '3 TS6133']);
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics });
    expect(candidates.map((c) => [c.rule, c.files[0]?.after])).toEqual([
      ['unusedIdentifier', text.replace('unused:', '_unused:')],
      ['unusedIdentifier', text.replace('  const spare = 1;\n', '')],
    ]);
  });

  it('merges identical fixes of several failures, and skips diagnostics of other tools', async () => {
    const post = "export const a = slugify('A');\nexport const b = slugify('B');\n";
    const root = writeRepo({ 'tsconfig.json': tsconfig(BUNDLER), 'src/slug.ts': SLUG, 'src/post.ts': post });
    const [first, second] = await typeCheck(root);
    if (!first || !second) throw new Error('expected two diagnostics');
    const lint: Diagnostic = { ...first, tool: 'eslint', rule: 'no-undef' };
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, diagnostics: [{ ...first, failureId: 'one' }, { ...second, failureId: 'two' }, lint] });
    expect(candidates.map((c) => [c.targets, c.files[0]?.after])).toEqual([[['one', 'two'], `import { slugify } from './slug';\n\n${post}`]]);
  });

  const FORMAT = 'function format(): string { return "f"; }\nexport const version = 1;\n';
  it('keeps repository-relative paths in a sub-project and refuses a fix that edits a file outside it', async () => {
    const consumer = "import { helper } from '../../../lib/helper';\nimport { format } from './format';\nexport const x = helper() + format();\n";
    const root = writeRepo({
      'lib/helper.ts': 'function helper(): string { return "h"; }\nexport const version = 1;\n',
      'packages/app/tsconfig.json': tsconfig(BUNDLER, ['src', '../../lib']),
      'packages/app/src/format.ts': FORMAT,
      'packages/app/src/use.ts': consumer,
    });
    const projectDir = join(root, 'packages', 'app');
    const diagnostics = await typeCheck(root, projectDir);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual(['packages/app/src/use.ts:1 TS2459', 'packages/app/src/use.ts:2 TS2459']);
    const candidates = await proposeTsCodeFixes({ projectDir, repoRoot: root, diagnostics });
    expect(candidates.map((c) => [c.rule, c.files.map((f) => [f.path, f.after])])).toEqual([
      ['fixImportNonExportedMember', [['packages/app/src/format.ts', `export ${FORMAT}`]]],
    ]);
  });
});

describe('proposeTsCodeFixes on files a test runner named', () => {
  it("finds the failure's own diagnostic in a test file the tsconfig leaves out", async () => {
    const test = "import { it } from './harness';\nit('slugs', () => slugify('A B'));\n";
    const root = writeRepo({
      'tsconfig.json': tsconfig(BUNDLER),
      'src/slug.ts': SLUG,
      'test/harness.ts': 'export function it(name: string, body: () => unknown): void { body(); }\n',
      'test/slug.test.ts': test,
    });
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, files: [{ file: 'test/slug.test.ts', failureId: 'test/slug.test.ts::slugs', symbol: 'slugify' }] });
    expect(candidates.map((c) => [c.rule, c.targets, c.files[0]?.after])).toEqual([
      ['import', ['test/slug.test.ts::slugs'], "import { slugify } from '../src/slug';\nimport { it } from './harness';\nit('slugs', () => slugify('A B'));\n"],
    ]);
  });

  it('imports in plain JavaScript without any config, as an ES module', async () => {
    const post = "export function postPath(title) {\n  return '/posts/' + slugify(title);\n}\n";
    const root = writeRepo({ 'package.json': '{"type":"module"}', 'src/slug.js': 'export function slugify(text) {\n  return text.toLowerCase();\n}\n', 'src/post.js': post });
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, files: [{ file: 'src/post.js', failureId: 'post', symbol: 'slugify' }] });
    expect(candidates.map((c) => [c.rule, c.files[0]?.path, c.files[0]?.after])).toEqual([['import', 'src/post.js', `import { slugify } from './slug.js';\n\n${post}`]]);
  });

  it('requires in CommonJS JavaScript, looking only at the line the runner named', async () => {
    const post = "const { join } = require('./paths');\nconst unused = missing;\nfunction postPath(title) {\n  return join('/posts', slugify(title));\n}\nmodule.exports = { postPath };\n";
    const root = writeRepo({
      'package.json': '{"name":"blog"}',
      'src/paths.js': 'exports.join = (...parts) => parts.join("/");\n',
      'src/slug.js': 'function slugify(text) {\n  return text.toLowerCase();\n}\nmodule.exports = { slugify };\n',
      'src/post.js': post,
    });
    const candidates = await proposeTsCodeFixes({ projectDir: root, repoRoot: root, files: [{ file: 'src/post.js', failureId: 'post', line: 4 }] });
    expect(candidates.map((c) => [c.rule, c.description, c.files[0]?.after])).toEqual([
      ['import', 'Add import from "./slug" at src/post.js:4:25', post.replace('\nconst unused', "\nconst { slugify } = require('./slug');\nconst unused")],
    ]);
  });

  it('returns nothing for TypeScript without a tsconfig.json', async () => {
    const root = writeRepo({ 'src/slug.ts': SLUG, 'src/post.ts': POST });
    expect(await proposeTsCodeFixes({ projectDir: root, repoRoot: root, files: [{ file: 'src/post.ts', failureId: 'post', symbol: 'slugify' }] })).toEqual([]);
  });
});
