import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTypeScript } from '../../../../../../src/adapters/typescript.js';
import { readSignatures, type SignatureResult } from '../../../../../../src/pipeline/build-tests/characterize/js/read-signatures.js';

const FILES: Record<string, string> = {
  'src/shipping.ts': `import { readFileSync } from "node:fs";
const RATES = { standard: 500, express: 1500 } as const;
export type Speed = keyof typeof RATES;
export interface Parcel { weightGrams: number; fragile?: boolean; label: string | null }
export function quote(parcel: Parcel, speed: Speed, when: Date): number {
  if (parcel.weightGrams > 20000) throw new RangeError("too heavy");
  return RATES[speed];
}
export const isCode = (code: string): boolean => /^[A-Z]{2}\\d{3}$/.test(code);
export async function later(ms: number): Promise<number> { return ms; }
export function loadConfig(path: string): string { return readFileSync(path, "utf8"); }
function stamp(): number { return Date.now(); }
export function stamped(name: string): string { return name + stamp(); }
export function roll(): number { return Math.random(); }
export function each(items: number[], visit: (item: number) => void): void { items.forEach(visit); }
export class Cart { total(): number { return 0; } }
export function wait(): Promise<void> { return new Promise((resolve) => setTimeout(resolve, 1)); }
export function setMode(mode: string): void { process.env.MODE = mode; }
export function api(): object { return { fetch: 1, setTimeout: 2 }; }
export function today(): string { return new Date().toISOString(); }
`,
  'lib/legacy.js': `"use strict";
/** @param {number} count @param {string} [unit] */
function plural(count, unit = "item") { return count === 1 ? unit : unit + "s"; }
function pick(mode) { switch (mode) { case "fast": return 1; case "slow": return 2; default: return 0; } }
function runLater(done) { done(); }
module.exports = { plural, pick, runLater };
`,
};

let root = '';
let results = new Map<string, SignatureResult>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'heal-read-signatures-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const ts = await loadTypeScript();
  if (!ts) throw new Error('TypeScript did not load');
  const ids = [
    'src/shipping.ts::quote', 'src/shipping.ts::isCode', 'src/shipping.ts::later', 'src/shipping.ts::loadConfig', 'src/shipping.ts::stamped',
    'src/shipping.ts::roll', 'src/shipping.ts::each', 'src/shipping.ts::Cart.total', 'src/shipping.ts::wait', 'src/shipping.ts::missing',
    'src/shipping.ts::setMode', 'src/shipping.ts::api', 'src/shipping.ts::today',
    'lib/legacy.js::plural', 'lib/legacy.js::pick', 'lib/legacy.js::runLater',
  ];
  const targets = ids.map((id) => {
    const [path = '', symbol = ''] = id.split('::');
    return { id, path, symbol, lineRange: [1, 1] as [number, number], uncoveredLines: [] };
  });
  results = readSignatures(ts, root, root, targets);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function signatureOf(id: string) {
  const result = results.get(id);
  if (result?.kind !== 'signature') throw new Error(`${id} was skipped: ${result?.reason}`);
  return result.signature;
}

describe('readSignatures', () => {
  it('says in one line why a target cannot be characterized', () => {
    const reasons = Object.fromEntries([...results].flatMap(([id, result]) => (result.kind === 'skipped' ? [[id, result.reason]] : [])));
    expect(reasons).toEqual({
      'src/shipping.ts::loadConfig': 'reads the file system (fs.readFileSync)',
      'src/shipping.ts::stamped': 'reads the clock (Date.now)',
      'src/shipping.ts::roll': 'is random (Math.random)',
      'src/shipping.ts::each': 'takes a callback',
      'src/shipping.ts::Cart.total': 'class methods are not characterized',
      'src/shipping.ts::wait': 'uses timers (setTimeout)',
      'src/shipping.ts::missing': 'no export named missing',
      'src/shipping.ts::setMode': 'writes environment variables (process.env)',
      'src/shipping.ts::today': 'reads the clock (new Date())',
      'lib/legacy.js::runLater': 'takes a callback',
    });
  });

  it('reads interfaces, literal unions from a lookup table, Dates, and the literals compared against', () => {
    const quote = signatureOf('src/shipping.ts::quote');
    expect(quote.params.map((param) => [param.name, param.shape])).toEqual([
      [
        'parcel',
        {
          kind: 'object',
          properties: [
            { name: 'weightGrams', shape: { kind: 'number' }, isOptional: false },
            { name: 'fragile', shape: { kind: 'boolean' }, isOptional: true },
            { name: 'label', shape: { kind: 'union', members: [{ kind: 'null' }, { kind: 'string' }] }, isOptional: false },
          ],
        },
      ],
      ['speed', { kind: 'union', members: [{ kind: 'literal', value: { kind: 'string', value: 'standard' } }, { kind: 'literal', value: { kind: 'string', value: 'express' } }] }],
      ['when', { kind: 'date' }],
    ]);
    expect(quote.params[1]?.mined).toEqual({ strings: ['standard', 'express'], numbers: [500, 1500] });
    expect(quote.pool.numbers).toEqual([20000, 19999, 20001, 500, 1500]);
    expect(quote.isAsync).toBe(false);
  });

  it('mines a string the pattern a function tests its parameter with, and sees async functions', () => {
    expect(signatureOf('src/shipping.ts::isCode').params[0]?.mined).toEqual({ strings: ['AA111'], numbers: [] });
    expect(signatureOf('src/shipping.ts::later').isAsync).toBe(true);
  });

  it('reads CommonJS exports with JSDoc types, defaults as optional, and switch cases as literals', () => {
    const plural = signatureOf('lib/legacy.js::plural');
    expect(plural.params.map((param) => [param.name, param.shape.kind, param.isOptional])).toEqual([['count', 'number', false], ['unit', 'string', true]]);
    expect(plural.params[0]?.mined).toEqual({ strings: [], numbers: [1, 0, 2] });
    expect(signatureOf('lib/legacy.js::pick').params[0]).toEqual({
      name: 'mode',
      shape: { kind: 'unknown' },
      isOptional: false,
      mined: { strings: ['fast', 'slow'], numbers: [] },
      minedByProperty: {},
    });
  });
});
