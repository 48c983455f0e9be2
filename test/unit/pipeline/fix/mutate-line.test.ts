import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mutateLine, type MutationLanguage } from '../../../../src/pipeline/fix/localise/mutate-line.js';
import { rankSuspiciousLines } from '../../../../src/pipeline/fix/localise/ochiai.js';
import { readCoverageContexts } from '../../../../src/pipeline/fix/localise/read-spectra.js';

/** Each candidate as [rule, the mutated line]; fails when a candidate touches another line. */
function mutants(text: string, line: number, language: MutationLanguage): Array<[string, string]> {
  const before = text.split('\n');
  return mutateLine({ text, line, language }).map((mutation) => {
    const after = mutation.after.split('\n');
    expect(after.filter((row, index) => index !== line - 1 && row !== before[index])).toEqual([]);
    expect(mutation.line).toBe(line);
    return [mutation.rule, after[line - 1] ?? ''];
  });
}

describe('mutateLine (JavaScript / TypeScript)', () => {
  it('proposes bound fixes for an off-by-one loop, the intended one among them', () => {
    const text = [
      'function sumPairs(items) {',
      '  let sum = 0;',
      '  for (let i = 0; i < items.length - 1; i++) {',
      '    sum += items[i] * items[i + 1];',
      '  }',
      '  return sum;',
      '}',
    ].join('\n');
    expect(mutants(text, 3, 'js')).toEqual([
      ['relational-swap', '  for (let i = 0; i <= items.length - 1; i++) {'],
      ['relational-swap', '  for (let i = 0; i > items.length - 1; i++) {'],
      ['off-by-one', '  for (let i = 0; i < items.length; i++) {'],
      ['off-by-one', '  for (let i = 1; i < items.length - 1; i++) {'],
      ['off-by-one', '  for (let i = 0; i < items.length - 2; i++) {'],
      ['arithmetic-swap', '  for (let i = 0; i < items.length + 1; i++) {'],
      ['wrong-variable', '  for (let i = 0; sum < items.length - 1; i++) {'],
      ['wrong-variable', '  for (let i = 0; i < sum.length - 1; i++) {'],
      ['wrong-variable', '  for (let i = 0; i < items.length - 1; sum++) {'],
      ['wrong-variable', '  for (let i = 0; items < items.length - 1; i++) {'],
      ['wrong-variable', '  for (let i = 0; i < items.length - 1; items++) {'],
    ]);
    const [first] = mutateLine({ text, line: 3, language: 'js' });
    expect(first?.description).toBe('`<` → `<=` at line 3');
  });

  it('swaps, shifts, negates and shortens a compound condition', () => {
    const text = 'export function price(age: number, member: boolean): number {\n  if (age > 18 && member) {\n    return 5;\n  }\n  return 10;\n}\n';
    expect(mutants(text, 2, 'js')).toEqual([
      ['relational-swap', '  if (age >= 18 && member) {'],
      ['relational-swap', '  if (age < 18 && member) {'],
      ['logical-swap', '  if (age > 18 || member) {'],
      ['off-by-one', '  if (age > 19 && member) {'],
      ['off-by-one', '  if (age > 17 && member) {'],
      ['negate-condition', '  if (!(age > 18 && member)) {'],
      ['drop-condition', '  if (member) {'],
      ['drop-condition', '  if (age > 18) {'],
    ]);
    expect(mutateLine({ text, line: 2, language: 'js' }).map((mutation) => mutation.description).slice(5)).toEqual([
      '`age > 18 && member` → `!(age > 18 && member)` at line 2',
      '`age > 18 && member` → `member` at line 2',
      '`age > 18 && member` → `age > 18` at line 2',
    ]);
  });

  it('swaps arithmetic and same-typed parameters in `return a - b`', () => {
    const text = 'function sub(a: number, b: number): number {\n  return a - b;\n}\n';
    expect(mutants(text, 2, 'js')).toEqual([
      ['arithmetic-swap', '  return a + b;'],
      ['wrong-variable', '  return b - b;'],
      ['wrong-variable', '  return a - a;'],
    ]);
  });

  it('keeps wrong-variable candidates to six, spread over the uses, reads first', () => {
    const text = [
      'function total(items, price, qty) {',
      '  let total = 0;',
      '  const fee = 2;',
      '  for (const item of items) {',
      '    total = total + price * qty;',
      '  }',
      '  return total + fee;',
      '}',
    ].join('\n');
    expect(mutants(text, 5, 'js')).toEqual([
      ['arithmetic-swap', '    total = total - price * qty;'],
      ['arithmetic-swap', '    total = total + price / qty;'],
      ['wrong-variable', '    total = item + price * qty;'],
      ['wrong-variable', '    total = total + item * qty;'],
      ['wrong-variable', '    total = total + price * item;'],
      ['wrong-variable', '    item = total + price * qty;'],
      ['wrong-variable', '    total = fee + price * qty;'],
      ['wrong-variable', '    total = total + fee * qty;'],
    ]);
  });

  it('does not touch strings, template literals, comments or regex literals', () => {
    expect(mutants('const label = n < 10 ? "a < b && c" : `${a && b}`; // a && b\n', 1, 'js')).toEqual([
      ['relational-swap', 'const label = n <= 10 ? "a < b && c" : `${a && b}`; // a && b'],
      ['relational-swap', 'const label = n > 10 ? "a < b && c" : `${a && b}`; // a && b'],
      ['off-by-one', 'const label = n < 11 ? "a < b && c" : `${a && b}`; // a && b'],
      ['off-by-one', 'const label = n < 9 ? "a < b && c" : `${a && b}`; // a && b'],
      ['negate-condition', 'const label = !(n < 10) ? "a < b && c" : `${a && b}`; // a && b'],
    ]);
    expect(mutants('const ok = /a<b/.test(s) && x.length > 2;\n', 1, 'js')).toEqual([
      ['relational-swap', 'const ok = /a<b/.test(s) && x.length >= 2;'],
      ['relational-swap', 'const ok = /a<b/.test(s) && x.length < 2;'],
      ['logical-swap', 'const ok = /a<b/.test(s) || x.length > 2;'],
      ['off-by-one', 'const ok = /a<b/.test(s) && x.length - 1 > 2;'],
      ['off-by-one', 'const ok = /a<b/.test(s) && x.length > 3;'],
      ['off-by-one', 'const ok = /a<b/.test(s) && x.length > 1;'],
      ['drop-condition', 'const ok = x.length > 2;'],
      ['drop-condition', 'const ok = /a<b/.test(s);'],
    ]);
  });

  it('leaves generics, arrows and JSX tags alone', () => {
    expect(mutants('const names: Array<string> = list.map((item) => item.name);\n', 1, 'js')).toEqual([]);
    const generic = 'function first<T>(xs: Map<string, Array<T>>): T | undefined {\n  return xs.size > 0 ? undefined : undefined;\n}\n';
    expect(mutants(generic, 1, 'js')).toEqual([]);
    expect(mutants('const isAdult = (age) => age >= 18;\n', 1, 'js')).toEqual([
      ['relational-swap', 'const isAdult = (age) => age > 18;'],
      ['relational-swap', 'const isAdult = (age) => age <= 18;'],
      ['off-by-one', 'const isAdult = (age) => age >= 19;'],
      ['off-by-one', 'const isAdult = (age) => age >= 17;'],
    ]);
    expect(mutants('return <div className="x">{a > b}</div>;\n', 1, 'js')).toEqual([
      ['relational-swap', 'return <div className="x">{a >= b}</div>;'],
      ['relational-swap', 'return <div className="x">{a < b}</div>;'],
    ]);
    expect(mutants('const bits = (a << 2) >> 1 >>> 0;\n', 1, 'js').map(([rule]) => rule)).not.toContain('relational-swap');
  });

  it('adds the forgotten return of a function that returns nothing', () => {
    expect(mutants('function add(a, b) {\n  a + b;\n}\n', 2, 'js')).toEqual([
      ['arithmetic-swap', '  a - b;'],
      ['wrong-variable', '  b + b;'],
      ['wrong-variable', '  a + a;'],
      ['missing-return', '  return a + b;'],
    ]);
    const rules = (text: string) => mutateLine({ text, line: 2, language: 'js' }).map((mutation) => mutation.rule);
    expect(rules('function add(a, b) {\n  a + b;\n  log(a);\n}\n')).not.toContain('missing-return');
    expect(rules('function add(a, b) {\n  a + b;\n  if (a) return 1;\n}\n')).not.toContain('missing-return');
    expect(rules('function add(a, b): void {\n  a + b;\n}\n')).not.toContain('missing-return');
    expect(rules('const add = (a, b) => {\n  a + b\n}\n')).toContain('missing-return');
  });

  it('un-negates a negated condition and wraps conditions that span lines', () => {
    expect(mutants('function run(done) {\n  while (!done) step();\n}\n', 2, 'js')).toEqual([['negate-condition', '  while (done) step();']]);
    const [negated] = mutateLine({ text: 'if (ready &&\n    armed) {\n  fire();\n}\n', line: 1, language: 'js' }).filter(
      (mutation) => mutation.rule === 'negate-condition',
    );
    expect(negated?.after).toBe('if (!(ready &&\n    armed)) {\n  fire();\n}\n');
  });

  it('preserves CRLF line endings', () => {
    const text = 'function f(n) {\r\n  if (n > 1) {\r\n    return n;\r\n  }\r\n}\r\n';
    const [first] = mutateLine({ text, line: 2, language: 'js' });
    expect(first?.after).toBe('function f(n) {\r\n  if (n >= 1) {\r\n    return n;\r\n  }\r\n}\r\n');
  });
});

describe('mutateLine (Python)', () => {
  it('drops the `- 1` of an off-by-one range, among other bound edits', () => {
    const text = 'def pairs(items):\n    for i in range(0, len(items) - 1):\n        yield items[i], items[i + 1]\n';
    expect(mutants(text, 2, 'python')).toEqual([
      ['off-by-one', '    for i in range(0, len(items)):'],
      ['off-by-one', '    for i in range(1, len(items) - 1):'],
      ['off-by-one', '    for i in range(0, len(items) - 2):'],
      ['arithmetic-swap', '    for i in range(0, len(items) + 1):'],
      ['wrong-variable', '    for items in range(0, len(items) - 1):'],
    ]);
    expect(mutants('def f(n):\n    return [i for i in range(1, n)]\n', 2, 'python').slice(0, 2)).toEqual([
      ['off-by-one', '    return [i for i in range(1, n + 1)]'],
      ['off-by-one', '    return [i for i in range(1, n - 1)]'],
    ]);
  });

  it('swaps, negates and shortens `if age > 18 and member:`', () => {
    const text = 'def price(age, member):\n    if age > 18 and member:\n        return 5\n    return 10\n';
    expect(mutants(text, 2, 'python')).toEqual([
      ['relational-swap', '    if age >= 18 and member:'],
      ['relational-swap', '    if age < 18 and member:'],
      ['logical-swap', '    if age > 18 or member:'],
      ['off-by-one', '    if age > 19 and member:'],
      ['off-by-one', '    if age > 17 and member:'],
      ['negate-condition', '    if not (age > 18 and member):'],
      ['drop-condition', '    if member:'],
      ['drop-condition', '    if age > 18:'],
      ['wrong-variable', '    if member > 18 and member:'],
      ['wrong-variable', '    if age > 18 and age:'],
    ]);
  });

  it('respects annotations, strings, f-strings and comments', () => {
    expect(mutants('def sub(a: int, b: int) -> int:\n    return a - b\n', 2, 'python')).toEqual([
      ['arithmetic-swap', '    return a + b'],
      ['wrong-variable', '    return b - b'],
      ['wrong-variable', '    return a - a'],
    ]);
    expect(mutants('def sub(a: int, b: str) -> int:\n    return a - b\n', 2, 'python')).toEqual([['arithmetic-swap', '    return a + b']]);
    const text = 'def label(n):\n    s = "a < b and c" if n < 10 else f"{n // 2}"  # x or y\n    return s\n';
    expect(mutants(text, 2, 'python')).toEqual([
      ['relational-swap', '    s = "a < b and c" if n <= 10 else f"{n // 2}"  # x or y'],
      ['relational-swap', '    s = "a < b and c" if n > 10 else f"{n // 2}"  # x or y'],
      ['off-by-one', '    s = "a < b and c" if n < 11 else f"{n // 2}"  # x or y'],
      ['off-by-one', '    s = "a < b and c" if n < 9 else f"{n // 2}"  # x or y'],
      ['negate-condition', '    s = "a < b and c" if not (n < 10) else f"{n // 2}"  # x or y'],
      ['wrong-variable', '    n = "a < b and c" if n < 10 else f"{n // 2}"  # x or y'],
    ]);
  });

  it('swaps `total = total + price * qty` and offers locals assigned above', () => {
    const text = 'def total(items, price, qty):\n    total = 0\n    fee = 2\n    for item in items:\n        total = total + price * qty\n    return total + fee\n';
    expect(mutants(text, 5, 'python').map(([rule, line]) => `${rule}: ${line.trim()}`)).toEqual([
      'arithmetic-swap: total = total - price * qty',
      'arithmetic-swap: total = total + price / qty',
      'wrong-variable: total = item + price * qty',
      'wrong-variable: total = total + item * qty',
      'wrong-variable: total = total + price * item',
      'wrong-variable: item = total + price * qty',
      'wrong-variable: total = fee + price * qty',
      'wrong-variable: total = total + fee * qty',
    ]);
  });

  it('adds a missing return, swaps `/` with `//`, and un-negates `while not done:`', () => {
    expect(mutants('def add(a, b):\n    a + b\n', 2, 'python')).toEqual([
      ['arithmetic-swap', '    a - b'],
      ['wrong-variable', '    b + b'],
      ['wrong-variable', '    a + a'],
      ['missing-return', '    return a + b'],
    ]);
    expect(mutants('def avg(xs):\n    return sum(xs) / len(xs)\n', 2, 'python')).toEqual([
      ['arithmetic-swap', '    return sum(xs) * len(xs)'],
      ['arithmetic-swap', '    return sum(xs) // len(xs)'],
    ]);
    expect(mutants('def run(done):\n    while not done:\n        done = step()\n', 2, 'python')).toEqual([['negate-condition', '    while done:']]);
    const rules = (text: string) => mutateLine({ text, line: 2, language: 'python' }).map((mutation) => mutation.rule);
    expect(rules('def add(a, b):\n    a + b\n    print(a)\n')).not.toContain('missing-return');
    expect(rules('class A:\n    def __init__(self, a):\n        self.set(a)\n')).not.toContain('missing-return');
  });

  it('keeps a line continuation when dropping a condition', () => {
    const text = 'def ok(a, b):\n    if a \\\n            or b:\n        return 1\n';
    const dropped = mutateLine({ text, line: 3, language: 'python' }).filter((mutation) => mutation.rule === 'drop-condition');
    expect(dropped.map((mutation) => mutation.after.split('\n')[1])).toEqual(['    if b:', '    if a:']);
  });
});

describe('mutateLine on a localised fault', () => {
  it('finds the fix of the captured pytest project at the line Ochiai ranks first', () => {
    const root = new URL('../../../captured/pytest/', import.meta.url);
    const byTest = readCoverageContexts(readFileSync(new URL('contexts.coverage.json', root), 'utf8'), '/p', '/p');
    const failing = new Set(['tests/test_rates.py::test_free_shipping']);
    const tests = [...byTest].map(([id, lines]) => ({ id, failed: failing.has(id), lines }));
    const [top] = rankSuspiciousLines({ tests });
    expect(top).toEqual({ file: 'shop/rates.py', line: 5, score: 1 / Math.sqrt(3), failedCovering: 1, passedCovering: 2 });
    const text = readFileSync(new URL('contexts.project/shop/rates.py', root), 'utf8');
    const fixes = mutateLine({ text, line: top?.line ?? 0, language: 'python' });
    expect(fixes[0]?.after.split('\n')[4]).toBe('    if total >= FREE_SHIPPING_MIN and member:');
    expect(fixes[0]?.description).toBe('`>` → `>=` at line 5');
  });

  it('returns nothing for a blank or comment line, and the same list every time', () => {
    const text = 'const a = 1;\n\n// a < b\nconst b = a < 2;\n';
    expect(mutateLine({ text, line: 2, language: 'js' })).toEqual([]);
    expect(mutateLine({ text, line: 3, language: 'js' })).toEqual([]);
    expect(mutateLine({ text, line: 99, language: 'js' })).toEqual([]);
    expect(mutateLine({ text, line: 4, language: 'js' })).toEqual(mutateLine({ text, line: 4, language: 'js' }));
    const afters = mutateLine({ text, line: 4, language: 'js' }).map((mutation) => mutation.after);
    expect(new Set(afters).size).toBe(afters.length);
  });
});
