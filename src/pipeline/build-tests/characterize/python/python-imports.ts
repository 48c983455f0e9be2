import type { PythonImport } from './observations.js';

const LINE_LENGTH = 88;
/** Names the test file binds itself. */
const RESERVED = new Set(['pytest', 'math', 'asyncio']);

/** The imports of a generated test file, and which local name each module's name is bound to. */
export interface ImportPlan {
  /** `import <module>` lines (stdlib only: asyncio, math). */
  modules: Set<string>;
  /** module -> name -> local name ("test_x" is imported as "_test_x" so pytest does not collect it). */
  names: Map<string, Map<string, string>>;
  stdlib: Set<string>;
  usesPytest: boolean;
}

export function createImportPlan(): ImportPlan {
  return { modules: new Set(), names: new Map(), stdlib: new Set(), usesPytest: false };
}

function findBinding(plan: ImportPlan, local: string): string | undefined {
  for (const [module, names] of plan.names) {
    for (const bound of names.values()) if (bound === local) return module;
  }
  return undefined;
}

/** Imports the function under test; returns the local name tests call it by. */
export function addSymbolImport(plan: ImportPlan, module: string, symbol: string): string {
  const local = /^test/i.test(symbol) ? `_${symbol}` : symbol;
  const names = plan.names.get(module) ?? new Map<string, string>();
  names.set(symbol, local);
  plan.names.set(module, names);
  return local;
}

/**
 * Adds the names a call needs; false (adding nothing) when one would clash with a name already bound
 * to another module, or would be collected by pytest as a test ("test_*", "Test*").
 */
export function addCallImports(plan: ImportPlan, needed: readonly PythonImport[]): boolean {
  for (const entry of needed) {
    if (RESERVED.has(entry.name) || /^test/i.test(entry.name)) return false;
    const bound = findBinding(plan, entry.name);
    if (bound !== undefined && bound !== entry.module) return false;
  }
  for (const entry of needed) {
    const names = plan.names.get(entry.module) ?? new Map<string, string>();
    names.set(entry.name, entry.name);
    plan.names.set(entry.module, names);
    if (entry.isStdlib) plan.stdlib.add(entry.module);
  }
  return true;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function renderFromImport(module: string, names: Map<string, string>): string {
  const entries = [...names].map(([name, local]) => (name === local ? name : `${name} as ${local}`)).sort(compareText);
  const line = `from ${module} import ${entries.join(', ')}`;
  if (line.length <= LINE_LENGTH) return line;
  return [`from ${module} import (`, ...entries.map((entry) => `    ${entry},`), ')'].join('\n');
}

/** The import block, in isort's groups (standard library, pytest, the project), blank-line separated. */
export function renderImports(plan: ImportPlan): string {
  const modules = [...plan.names.keys()].sort(compareText);
  const stdlib = [
    ...[...plan.modules].sort(compareText).map((module) => `import ${module}`),
    ...modules.filter((module) => plan.stdlib.has(module)).map((module) => renderFromImport(module, plan.names.get(module) ?? new Map())),
  ];
  const project = modules
    .filter((module) => !plan.stdlib.has(module))
    .map((module) => renderFromImport(module, plan.names.get(module) ?? new Map()));
  const groups = [stdlib, plan.usesPytest ? ['import pytest'] : [], project].filter((group) => group.length > 0);
  return groups.map((group) => group.join('\n')).join('\n\n');
}
