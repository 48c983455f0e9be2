import type { GeneratedTest } from '../../types.js';
import type { ObservedCall, ObservedOutcome } from './observations.js';
import { addCallImports, addSymbolImport, createImportPlan, renderImports, type ImportPlan } from './python-imports.js';
import { readClassName, renderMatchPattern, toSnakeCase } from './pytest-literals.js';

/** The docstring every characterization test file starts with. */
export const PYTEST_HEADER = '"""Characterization tests written by heal build-tests: they pin down what the code does today."""';
const MAX_TESTS_PER_FUNCTION = 6;
const LINE_LENGTH = 88;

/** A function of one module and the stable calls the script observed. */
export interface PytestTarget {
  targetId: string;
  symbol: string;
  isAsync: boolean;
  calls: readonly ObservedCall[];
}

/** The functions of one source file, imported from `module`. */
export interface PytestFileSpec {
  module: string;
  targets: readonly PytestTarget[];
}

/** A rendered test file: its text and its tests, in order. */
export interface RenderedPytestFile {
  text: string;
  tests: GeneratedTest[];
}

function describeOutcome(outcome: ObservedOutcome): string {
  return outcome.kind === 'returns' ? `returns ${outcome.valueSrc}` : `raises ${outcome.type}: ${outcome.message}`;
}

/** The `with pytest.raises(...)` line of a test body, wrapped the way black wraps it past 88 columns. */
function renderRaisesLine(type: string, pattern: string): string[] {
  const args = `${type}, match=${pattern}`;
  if ([...`    with pytest.raises(${args}):`].length <= LINE_LENGTH) return [`with pytest.raises(${args}):`];
  if ([...`        ${args}`].length <= LINE_LENGTH) return ['with pytest.raises(', `    ${args}`, '):'];
  return ['with pytest.raises(', `    ${type},`, `    match=${pattern},`, '):'];
}

function renderBody(call: string, outcome: ObservedOutcome, plan: ImportPlan): string[] {
  if (outcome.kind === 'raises') {
    plan.usesPytest = true;
    return [...renderRaisesLine(readClassName(outcome.type), renderMatchPattern(outcome.message)), `    ${call}`];
  }
  switch (outcome.valueKind) {
    case 'none':
      return [`assert ${call} is None`];
    case 'bool':
      return [`assert ${call} is ${outcome.valueSrc}`];
    case 'float':
      plan.usesPytest = true;
      return [`assert ${call} == pytest.approx(${outcome.valueSrc})`];
    case 'nan':
      plan.modules.add('math');
      return [`assert math.isnan(${call})`];
    case 'inf':
      plan.modules.add('math');
      return [`assert ${call} == ${outcome.valueSrc}`];
    case 'value':
      return [`assert ${call} == ${outcome.valueSrc}`];
  }
}

function labelOf(outcome: ObservedOutcome): string {
  return outcome.kind === 'returns' ? 'returns' : `raises_${toSnakeCase(readClassName(outcome.type))}`;
}

/**
 * Renders one pytest file for the functions of a source file: one test per distinct outcome (at most
 * 6 per function), named `test_<function>_<returns|raises_<error>>_<n>`. Null when no call could be
 * written (every call needed a name that clashes with another import).
 */
export function renderPytestFile(spec: PytestFileSpec): RenderedPytestFile | null {
  const plan = createImportPlan();
  const locals = spec.targets.map((target) => addSymbolImport(plan, spec.module, target.symbol));
  const counters = new Map<string, number>();
  const blocks: string[] = [];
  const tests: GeneratedTest[] = [];
  spec.targets.forEach((target, index) => {
    const local = locals[index] ?? target.symbol;
    const seen = new Set<string>();
    for (const call of target.calls) {
      const key = describeOutcome(call.outcome);
      if (seen.size >= MAX_TESTS_PER_FUNCTION || seen.has(key) || !addCallImports(plan, call.imports)) continue;
      seen.add(key);
      if (target.isAsync) plan.modules.add('asyncio');
      const invocation = target.isAsync ? `asyncio.run(${local}(${call.argsSrc}))` : `${local}(${call.argsSrc})`;
      const base = `test_${toSnakeCase(target.symbol)}_${labelOf(call.outcome)}`;
      const count = (counters.get(base) ?? 0) + 1;
      counters.set(base, count);
      const name = `${base}_${count}`;
      const body = renderBody(invocation, call.outcome, plan).map((line) => `    ${line}`);
      blocks.push([`def ${name}():`, ...body].join('\n'));
      tests.push({ name, targetId: target.targetId, caseName: null });
    }
  });
  if (blocks.length === 0) return null;
  const used = new Set(tests.map((test) => test.targetId));
  const names = plan.names.get(spec.module);
  for (const target of spec.targets) if (!used.has(target.targetId)) names?.delete(target.symbol);
  if (names?.size === 0) plan.names.delete(spec.module);
  const text = `${PYTEST_HEADER}\n\n${renderImports(plan)}\n\n\n${blocks.join('\n\n\n')}\n`;
  return { text, tests };
}
