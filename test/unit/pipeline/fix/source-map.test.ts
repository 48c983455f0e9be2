import { transformSync } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createSourceMapper } from '../../../../src/pipeline/fix/analyse/source-map-locate.js';
import { decodeMappings, decodeVlq, findMapping, readDataUrl, readSourceMappingUrl } from '../../../../src/pipeline/fix/analyse/source-map.js';
import type { ReadFile } from '../../../../src/pipeline/fix/types.js';

const ROOT = '/home/ci/repo';
const toRepoPath = (path: string): string | null => (path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : null);

function memoryFiles(files: Record<string, string>): ReadFile {
  return async (path) => files[path] ?? null;
}

/** 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(needle));
  return { line: line + 1, column: (lines[line] ?? '').indexOf(needle) + 1 };
}

// Type-only lines vanish from the output and the indentation changes, so lines and columns both move.
const CLAMP_TS = [
  'export interface Options {',
  '  limit: number;',
  '}',
  '',
  'export function clamp(value: number, options: Options): number {',
  '  if (value > options.limit) {',
  '    throw new RangeError(`over ${options.limit}`);',
  '  }',
  '  return value;',
  '}',
  '',
].join('\n');

describe('decodeVlq', () => {
  // Base64 digits: A=0 … Z=25, a=26 … z=51, 0=52 … 9=61; bit 32 continues, bit 1 of the value is the sign.
  it.each([
    ['A', [0]],
    ['C', [1]],
    ['D', [-1]],
    ['B', [0]],
    ['E', [2]],
    ['F', [-2]],
    ['gB', [16]], // g = 32 (continue, 0), B = 1 → 1 << 5 = 32 → +16
    ['2H', [123]], // 2 = 54 (continue, 22), H = 7 → 22 + 7·32 = 246 → +123
    ['AAgBC', [0, 0, 16, 1]],
  ])('decodes %s', (segment, values) => {
    expect(decodeVlq(segment)).toEqual(values);
  });

  it('rejects a character outside base64 and a cut-off value', () => {
    expect(() => decodeVlq('A!')).toThrow('invalid VLQ character "!"');
    expect(() => decodeVlq('g')).toThrow('VLQ value cut off');
  });
});

describe('decodeMappings and findMapping', () => {
  // Line 1: AAAA = col 0 → source 0, line 0, col 0; IAAI = col +4 → col +4.  Line 2: none.
  // Line 3: ECCF = col 2 (restarted) → source +1, line +1, col −2 (from 4, so 2); C alone has no source and is dropped.
  const lines = decodeMappings('AAAA,IAAI;;ECCF,C');
  it('carries source, line and column deltas across lines and restarts the generated column', () => {
    expect(lines).toEqual([
      [
        { generatedColumn: 0, source: 0, originalLine: 0, originalColumn: 0 },
        { generatedColumn: 4, source: 0, originalLine: 0, originalColumn: 4 },
      ],
      [],
      [{ generatedColumn: 2, source: 1, originalLine: 1, originalColumn: 2 }],
    ]);
  });

  it('finds the last segment at or before a column, else the first of the line, else null', () => {
    expect(findMapping(lines, 0, 6)?.originalColumn).toBe(4);
    expect(findMapping(lines, 0, 3)?.originalColumn).toBe(0);
    expect(findMapping(lines, 2, 0)?.originalLine).toBe(1);
    expect(findMapping(lines, 1, 0)).toBeNull();
    expect(findMapping(lines, 9, 0)).toBeNull();
  });
});

describe('readSourceMappingUrl and readDataUrl', () => {
  it('reads the last sourceMappingURL comment, old //@ style too', () => {
    expect(readSourceMappingUrl('x();\n//# sourceMappingURL=a.js.map\n')).toBe('a.js.map');
    expect(readSourceMappingUrl('x();\n//@ sourceMappingURL=b.js.map')).toBe('b.js.map');
    expect(readSourceMappingUrl('const s = "//# sourceMappingURL=x.map";\nx();\n')).toBeNull();
  });

  it('decodes base64 and percent-encoded data URLs', () => {
    expect(readDataUrl('data:application/json;charset=utf-8;base64,eyJhIjoxfQ==')).toBe('{"a":1}');
    expect(readDataUrl('data:application/json,%7B%22a%22%3A1%7D')).toBe('{"a":1}');
    expect(readDataUrl('a.js.map')).toBeNull();
  });
});

describe('createSourceMapper on maps the real compilers wrote', () => {
  it('maps a frame in tsc output (map file, sourceRoot) back to the TypeScript line', async () => {
    const { outputText, sourceMapText } = ts.transpileModule(CLAMP_TS, {
      fileName: 'clamp.ts',
      compilerOptions: { sourceMap: true, sourceRoot: '../src', module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(outputText).toContain('//# sourceMappingURL=clamp.js.map');
    const readFile = memoryFiles({ 'dist/clamp.js': outputText, 'dist/clamp.js.map': sourceMapText ?? '', 'src/clamp.ts': CLAMP_TS });
    const generated = positionOf(outputText, 'new RangeError');
    expect(generated).toEqual({ line: 3, column: 15 });
    const mapped = await createSourceMapper(readFile, toRepoPath).mapLocation({ file: 'dist/clamp.js', ...generated });
    expect(mapped).toEqual({ file: 'src/clamp.ts', ...positionOf(CLAMP_TS, 'new RangeError') });
    expect(mapped).toEqual({ file: 'src/clamp.ts', line: 7, column: 11 });
  });

  it('maps through an inline base64 map that esbuild wrote', async () => {
    const { code } = transformSync(CLAMP_TS, { loader: 'ts', sourcemap: 'inline', sourcefile: 'clamp.ts', format: 'esm' });
    expect(code).toContain('//# sourceMappingURL=data:application/json;base64,');
    const readFile = memoryFiles({ 'lib/clamp.mjs': code, 'lib/clamp.ts': CLAMP_TS });
    const generated = positionOf(code, 'new RangeError');
    const mapped = await createSourceMapper(readFile, toRepoPath).mapLocation({ file: 'lib/clamp.mjs', ...generated });
    expect(mapped).toEqual({ file: 'lib/clamp.ts', line: 7, column: 11 });
  });

  it('resolves an absolute sourceRoot inside the repository', async () => {
    const map = JSON.stringify({ version: 3, sourceRoot: `${ROOT}/src/`, sources: ['a.ts'], mappings: ';;IAEE' });
    const readFile = memoryFiles({ 'out/a.js': 'x\n//# sourceMappingURL=a.js.map', 'out/a.js.map': map, 'src/a.ts': '' });
    // Line 3, column 4 (0-based) → source line 2, column 2 (0-based).
    expect(await createSourceMapper(readFile, toRepoPath).mapLocation({ file: 'out/a.js', line: 3, column: 5 })).toEqual({ file: 'src/a.ts', line: 3, column: 3 });
  });

  it('leaves a location alone when there is no map, the map is broken, or the source is not in the repository', async () => {
    const location = { file: 'out/a.js', line: 3, column: 5 };
    const mapOf = (sources: string[]) => JSON.stringify({ version: 3, sources, mappings: ';;IAEE' });
    const cases: Array<Record<string, string>> = [
      { 'out/a.js': 'x\n' },
      { 'out/a.js': 'x\n//# sourceMappingURL=a.js.map' },
      { 'out/a.js': 'x\n//# sourceMappingURL=a.js.map', 'out/a.js.map': '{ not json' },
      { 'out/a.js': 'x\n//# sourceMappingURL=a.js.map', 'out/a.js.map': mapOf(['../src/a.ts']) },
      { 'out/a.js': 'x\n//# sourceMappingURL=a.js.map', 'out/a.js.map': mapOf(['../../elsewhere/a.ts']), '../elsewhere/a.ts': '' },
      { 'out/a.js': 'x\n//# sourceMappingURL=a.js.map', 'out/a.js.map': mapOf(['webpack://app/./src/a.ts']), 'src/a.ts': '' },
    ];
    for (const files of cases) expect(await createSourceMapper(memoryFiles(files), toRepoPath).mapLocation(location)).toEqual(location);
    expect(await createSourceMapper(memoryFiles({}), toRepoPath).mapLocation({ file: 'src/a.ts', line: 1, column: 1 })).toEqual({ file: 'src/a.ts', line: 1, column: 1 });
  });
});
