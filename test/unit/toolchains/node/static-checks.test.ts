import { describe, expect, it } from 'vitest';
import { parseBiome, planBiome } from '../../../../src/toolchains/node/biome.js';
import { ESLINT_REPORT, parseEslint, planEslint } from '../../../../src/toolchains/node/eslint.js';
import { parsePrettier, planPrettier } from '../../../../src/toolchains/node/prettier.js';
import { parseTsc, planTsc } from '../../../../src/toolchains/node/tsc.js';
import { CONTEXT, captured, makeFacts, toolOutput } from './facts.js';

const TS_LINT = '/tmp/heal-capture-node/ts-lint';
const BIOME_PRETTIER = '/tmp/heal-capture-node/biome-prettier';

describe('tsc', () => {
  it('plans tsc --noEmit when tsconfig.json exists and TypeScript is declared', () => {
    const facts = makeFacts({ packageJson: { devDependencies: { typescript: '5.9.3' } }, rootEntries: ['tsconfig.json'], nodeBins: ['tsc'] });
    const step = planTsc(facts);
    expect(step?.main.command).toEqual({ argv: ['node_modules/.bin/tsc', '--noEmit', '--pretty', 'false'] });
    expect(step?.kind).toBe('typecheck');
    expect(step?.missing).toBeNull();
  });

  it('explains a missing TypeScript, and skips projects without tsconfig.json', () => {
    const declared = makeFacts({ packageJson: { devDependencies: { typescript: '5' } }, rootEntries: ['tsconfig.json'] });
    expect(planTsc(declared)?.missing).toBe('tsc is not installed: run `npm install` (or `npm i -D typescript`)');
    expect(planTsc(makeFacts({ packageJson: { devDependencies: { typescript: '5' } }, nodeBins: ['tsc'] }))).toBeNull();
    expect(planTsc(makeFacts({ packageJson: {}, rootEntries: ['tsconfig.json'] }))).toBeNull();
  });

  it('reads type errors with their multi-line elaborations', () => {
    const { diagnostics } = parseTsc(toolOutput({ projectDir: TS_LINT, stdout: captured('tsc/elaborations.txt'), exitCode: 2 }));
    expect(diagnostics?.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual([
      'src/bad.ts:2:9 TS2322',
      'src/bad.ts:3:3 TS2322',
      'src/bad.ts:11:47 TS2322',
      'src/bad.ts:14:15 TS2345',
      'src/bad.ts:21:45 TS2322',
      'src/bad.ts:27:9 TS2345',
      'src/words.ts:21:33 TS2345',
      'test/broken.test.ts:2:25 TS2307',
    ]);
    expect(diagnostics?.[5]).toEqual({
      tool: 'tsc',
      file: 'src/bad.ts',
      line: 27,
      column: 9,
      rule: 'TS2345',
      message: [
        "Argument of type '(value: { id: string; }) => void' is not assignable to parameter of type '(value: { id: number; }) => void'.",
        "  Types of parameters 'value' and 'value' are incompatible.",
        "    Type '{ id: number; }' is not assignable to type '{ id: string; }'.",
        "      Types of property 'id' are incompatible.",
        "        Type 'number' is not assignable to type 'string'.",
      ].join('\n'),
      severity: 'error',
    });
  });

  it('reads syntax errors and the capture script output', () => {
    const syntax = parseTsc(toolOutput({ projectDir: TS_LINT, stdout: captured('tsc/syntax-errors.txt'), exitCode: 2 }));
    expect(syntax.diagnostics?.map((d) => [d.line, d.column, d.rule])).toEqual([
      [2, 10, 'TS1005'],
      [2, 11, 'TS1005'],
      [4, 1, 'TS1005'],
    ]);
    const failing = parseTsc(toolOutput({ projectDir: '/x', stdout: captured('tsc/failing.txt'), exitCode: 2 }));
    expect(failing.diagnostics?.map((d) => [d.file, d.line, d.rule])).toEqual([['src/words.ts', 21, 'TS2345']]);
  });

  it('errors on configuration problems that name no file', () => {
    const findings = parseTsc(
      toolOutput({ projectDir: '/x', stdout: "error TS18003: No inputs were found in config file '/x/tsconfig.json'.\n", exitCode: 2 }),
    );
    expect(findings.error).toBe("tsc: TS18003: No inputs were found in config file '/x/tsconfig.json'.");
  });
});

describe('eslint', () => {
  it('plans eslint with JSON output to a file, ignoring .heal/', () => {
    const facts = makeFacts({ packageJson: { devDependencies: { eslint: '9' } }, rootEntries: ['eslint.config.js'], nodeBins: ['eslint'] });
    const step = planEslint(facts, CONTEXT);
    expect(step?.main.command).toEqual({
      argv: ['node_modules/.bin/eslint', '--format', 'json', '--output-file', '.heal/builds/b1/eslint.json', '--ignore-pattern', '.heal/', '.'],
    });
    expect(step?.main.outputs).toEqual({ report: '.heal/builds/b1/eslint.json' });
  });

  it('detects legacy and package.json configs', () => {
    const legacy = makeFacts({ packageJson: { devDependencies: { eslint: '8' } }, rootEntries: ['.eslintrc.cjs'], nodeBins: ['eslint'] });
    expect(planEslint(legacy, CONTEXT)).not.toBeNull();
    const inPackage = { devDependencies: { eslint: '8' }, eslintConfig: { extends: 'eslint:recommended' } };
    expect(planEslint(makeFacts({ packageJson: inPackage, nodeBins: ['eslint'] }), CONTEXT)).not.toBeNull();
    expect(planEslint(makeFacts({ packageJson: { devDependencies: { eslint: '9' } }, nodeBins: ['eslint'] }), CONTEXT)).toBeNull();
  });

  it('reads errors, warnings and parse errors from a real ESLint 9 report', () => {
    const findings = parseEslint(toolOutput({ projectDir: TS_LINT, files: { [ESLINT_REPORT]: captured('eslint/mixed-severities.json') } }));
    // Printed: "✖ 4 problems (3 errors, 1 warning)".
    expect(findings.diagnostics).toEqual([
      {
        tool: 'eslint',
        file: 'src/bad.ts',
        line: 29,
        column: 30,
        rule: '@typescript-eslint/no-explicit-any',
        message: 'Unexpected any. Specify a different type.',
        severity: 'error',
      },
      {
        tool: 'eslint',
        file: 'src/bad.ts',
        line: 30,
        column: 9,
        rule: '@typescript-eslint/no-unused-vars',
        message: "'unused' is assigned a value but never used.",
        severity: 'error',
      },
      { tool: 'eslint', file: 'src/syntax.ts', line: 2, column: 9, rule: 'parse-error', message: "Parsing error: ':' expected.", severity: 'error' },
      {
        tool: 'eslint',
        file: 'src/words.ts',
        line: 11,
        column: 7,
        rule: 'prefer-const',
        message: "'words' is never reassigned. Use 'const' instead.",
        severity: 'warning',
      },
    ]);
  });

  it('reads the capture script output and errors without a report', () => {
    const findings = parseEslint(
      toolOutput({ projectDir: '/tmp/heal-capture/ts-vitest-failing-test-type-lint', files: { [ESLINT_REPORT]: captured('eslint/failing.json') } }),
    );
    expect(findings.diagnostics?.map((d) => [d.file, d.line, d.rule, d.severity])).toContainEqual(['src/words.ts', 11, 'prefer-const', 'error']);
    expect(parseEslint(toolOutput({ projectDir: '/x', stderr: 'Oops! Something went wrong!' })).error).toBe(
      'eslint wrote no JSON report: Oops! Something went wrong!',
    );
  });
});

describe('biome', () => {
  it('plans biome lint with the JSON reporter when biome.json exists', () => {
    const facts = makeFacts({ packageJson: { devDependencies: { '@biomejs/biome': '2' } }, rootEntries: ['biome.json'], nodeBins: ['biome'] });
    expect(planBiome(facts)?.main.command).toEqual({
      argv: ['node_modules/.bin/biome', 'lint', '--reporter=json', '--max-diagnostics=none', '--colors=off'],
    });
    expect(planBiome(makeFacts({ packageJson: { devDependencies: { '@biomejs/biome': '2' } }, nodeBins: ['biome'] }))).toBeNull();
  });

  it('reads a real Biome 2.6.8 report, dropping findings in .heal/', () => {
    const findings = parseBiome(toolOutput({ projectDir: BIOME_PRETTIER, stdout: captured('biome/lint.json'), stderr: captured('biome/lint.stderr.txt') }));
    expect(findings.diagnostics?.map((d) => [d.file, d.line, d.column, d.rule, d.severity])).toEqual([
      ['src/a.js', 3, 22, 'noUnusedFunctionParameters', 'warning'],
      ['src/a.js', 2, 7, 'noDoubleEquals', 'error'],
      ['src/a.js', 2, 15, 'noDebugger', 'error'],
      ['src/broken.js', 2, 1, 'parse', 'error'],
      ['src/broken.js', 1, 20, 'noEmptyPattern', 'error'],
    ]);
  });
});

describe('prettier', () => {
  it('plans prettier --check when a config exists, excluding .heal/', () => {
    const facts = makeFacts({ packageJson: { devDependencies: { prettier: '3' } }, rootEntries: ['.prettierrc'], nodeBins: ['prettier'] });
    const step = planPrettier(facts);
    expect(step?.main.command).toEqual({ argv: ['node_modules/.bin/prettier', '--check', '.', '!**/.heal/**'] });
    expect(step?.kind).toBe('format');
    expect(planPrettier(makeFacts({ packageJson: { prettier: {}, devDependencies: { prettier: '3' } } }))?.missing).toBe(
      'prettier is not installed: run `npm install` (or `npm i -D prettier`)',
    );
    expect(planPrettier(makeFacts({ packageJson: { devDependencies: { prettier: '3' } }, nodeBins: ['prettier'] }))).toBeNull();
  });

  it('reads unformatted and unparsable files from a real Prettier 3.10 check', () => {
    const findings = parsePrettier(
      toolOutput({ projectDir: BIOME_PRETTIER, stdout: captured('prettier/check.stdout.txt'), stderr: captured('prettier/check.stderr.txt'), exitCode: 2 }),
    );
    expect(findings.diagnostics?.map((d) => [d.file, d.line, d.column, d.rule, d.message])).toEqual([
      ['biome.json', 1, 0, 'format', 'File is not formatted with Prettier'],
      ['package.json', 1, 0, 'format', 'File is not formatted with Prettier'],
      ['src/a.js', 1, 0, 'format', 'File is not formatted with Prettier'],
      ['src/broken.js', 2, 1, 'syntax-error', 'SyntaxError: Unexpected token'],
    ]);
    expect(findings.error).toBeUndefined();
  });

  it('ignores the summary line', () => {
    const text = '[warn] src/a.js\n[warn] Code style issues found in the above file. Run Prettier with --write to fix.\n';
    expect(parsePrettier(toolOutput({ projectDir: '/x', stderr: text })).diagnostics?.map((d) => d.file)).toEqual(['src/a.js']);
  });
});
