import { posix } from 'node:path';
import type { TestStyle } from '../../types.js';
import type { JsValue } from './js-values.js';
import { CALL_TIMEOUT_MS, PROBE_RUNTIME } from './probe-runtime.js';
import { renderArgs } from './render-value.js';

/** The functions of one source file a probe calls, with their planned argument lists. */
export interface ProbeTarget {
  targetId: string;
  symbol: string;
  calls: JsValue[][];
}

/** What a probe calls, and how the repository's tests import and run. */
export interface RenderProbeInput {
  style: TestStyle;
  frameworkImport: string | null;
  /** How the probe imports the source file. */
  specifier: string;
  /** Absolute path the probe writes its JSON results to. */
  resultFile: string;
  targets: readonly ProbeTarget[];
}

/** Where the probe for a heal test file goes: beside it, ".heal" becoming ".heal-probe". */
export function probePathFor(testFile: string, suffix: string): string {
  const dir = posix.dirname(testFile);
  const base = posix.basename(testFile);
  let probe: string;
  if (/\.heal(?=[-.])/.test(base)) probe = base.replace(/\.heal(?=[-.])/, '.heal-probe');
  else if (suffix !== '' && base.endsWith(suffix)) probe = `${base.slice(0, -suffix.length)}.heal-probe${suffix}`;
  else probe = base.replace(/(\.[^.]+)?$/, '.heal-probe$1');
  return dir === '.' ? probe : `${dir}/${probe}`;
}

function renderHeader(input: RenderProbeInput, names: readonly string[]): { lines: string[]; testFunction: string } {
  const isCjs = input.style.moduleStyle === 'cjs';
  const spec = JSON.stringify(input.specifier);
  const lines: string[] = [];
  let testFunction = 'it';
  if (input.style.framework === 'node-test') {
    lines.push(isCjs ? 'const { test: healTest } = require("node:test");' : 'import { test as healTest } from "node:test";');
    testFunction = 'healTest';
  } else if (input.frameworkImport !== null) {
    lines.push(input.frameworkImport);
    if (!/\bit\b/.test(input.frameworkImport) && /\btest\b/.test(input.frameworkImport)) testFunction = 'test';
  }
  lines.push(isCjs ? 'const { writeFileSync: healWriteFileSync } = require("node:fs");' : 'import { writeFileSync as healWriteFileSync } from "node:fs";');
  lines.push(isCjs ? `const { ${names.join(', ')} } = require(${spec});` : `import { ${names.join(', ')} } from ${spec};`);
  return { lines, testFunction };
}

/**
 * A test file in the repository's framework with one test, "heal probe", that makes every planned
 * call and writes the encoded outcomes as JSON: `[[targetId, callIndex, outcome]…]`. It runs
 * through the repository's own runner, so its transform handles TypeScript, aliases and ESM.
 */
export function renderProbe(input: RenderProbeInput): string {
  const names = [...new Set(input.targets.map((target) => target.symbol))].sort();
  const header = renderHeader(input, names);
  const calls = input.targets.flatMap((target) =>
    target.calls.map((args, index) => `  [${JSON.stringify(target.targetId)}, ${index}, () => ${target.symbol}(${renderArgs(args, '"')})],`),
  );
  const timeout = (calls.length * CALL_TIMEOUT_MS + 10_000).toString();
  const timeoutArg = input.style.framework === 'node-test' ? '' : `, ${timeout}`;
  return [
    '// @ts-nocheck',
    '// heal build-tests probe: records what the functions below do; heal deletes this file.',
    ...header.lines,
    '',
    PROBE_RUNTIME,
    '',
    'const healCalls = [',
    ...calls,
    '];',
    '',
    `${header.testFunction}("heal probe", async () => {`,
    '  const healResults = [];',
    '  try {',
    '    for (const [target, index, run] of healCalls) healResults.push([target, index, await healSettle(run)]);',
    '  } finally {',
    `    healWriteFileSync(${JSON.stringify(input.resultFile)}, JSON.stringify(healResults));`,
    '  }',
    `}${timeoutArg});`,
    '',
  ].join('\n');
}
