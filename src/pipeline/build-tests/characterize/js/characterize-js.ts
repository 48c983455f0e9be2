import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTypeScript } from '../../../../adapters/typescript.js';
import type { CharacterizeOutcome, CharacterizeTarget, GeneratedFile, TestStyle } from '../../types.js';
import { planCalls } from './plan-inputs.js';
import { readObservations, type TargetObservation } from './read-observations.js';
import { readSignatures, type SignatureResult } from './read-signatures.js';
import { probePathFor, renderProbe, type ProbeTarget } from './render-probe.js';
import { renderTests, type CharacterizedFunction } from './render-tests.js';

/** A probe test file to run once. */
export interface ProbeFile {
  /** Repository-relative path to write the probe to. */
  path: string;
  text: string;
  /** Absolute path the probe writes its JSON results to. */
  resultFile: string;
}

/** Writes the probe file, runs it once with the repository's own test runner, deletes it; the JSON text it wrote, or why not. */
export type RunProbe = (probe: ProbeFile) => Promise<{ json: string } | { error: string }>;

/** What the JavaScript characterization engine works on, and how the repository names and imports its tests. */
export interface CharacterizeJsInput {
  /** Absolute path of heal's worktree. */
  repoRoot: string;
  /** Project dir relative to repoRoot ("." usually). */
  project: string;
  /** Targets with repository-relative paths. */
  targets: readonly CharacterizeTarget[];
  style: TestStyle;
  /** Repository-relative path of the heal test file for a source. */
  testFileFor(sourcePath: string): string;
  /** How a test file imports a source file, both repository-relative. */
  importSpecifier(testFile: string, sourceFile: string): string;
  /** The import line(s) for the framework, or null for globals. */
  frameworkImport: string | null;
  /** Absolute folder for probe result files. */
  scratchDir: string;
}

type Skipped = CharacterizeOutcome['skipped'][number];

const JS_SOURCE = /\.[cm]?[jt]sx?$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names the probe and the tests declare themselves, and words that cannot be imported by name. */
const TAKEN_NAMES = new Set(['describe', 'it', 'test', 'expect', 'assert', 'default', 'await', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? 'the probe failed';
}

/** Why the engine will not try a target before reading its source, or null. */
function screenTarget(target: CharacterizeTarget, style: TestStyle): string | null {
  if (style.framework === 'mocha') return 'mocha is not supported by the builtin engine';
  if (style.framework === 'pytest' || style.language === 'py') return 'Python targets are not handled by the JavaScript engine';
  if (!JS_SOURCE.test(target.path) || target.path.endsWith('.d.ts')) return `${target.path} is not a JavaScript or TypeScript source`;
  if (target.symbol === 'default') return 'default exports are not characterized';
  if (!target.symbol.includes('.') && (!IDENTIFIER.test(target.symbol) || TAKEN_NAMES.has(target.symbol) || target.symbol.startsWith('heal'))) {
    return `its name clashes with the test file's own names (${target.symbol})`;
  }
  return null;
}

/**
 * Builtin characterization tests for exported JS/TS functions: read each function's signature,
 * plan calls, run them twice in a probe test through the repository's own runner, and write a
 * test per distinct, repeatable outcome. One file per source file; targets that cannot be
 * characterized are returned with a one-line reason.
 */
export async function characterizeJs(input: CharacterizeJsInput, deps: { runProbe: RunProbe }): Promise<CharacterizeOutcome> {
  const skipped: Skipped[] = [];
  const candidates: CharacterizeTarget[] = [];
  const unique = [...new Map(input.targets.map((target) => [target.id, target])).values()];
  for (const target of unique) {
    const reason = screenTarget(target, input.style);
    if (reason === null) candidates.push(target);
    else skipped.push({ targetId: target.id, reason });
  }
  const ts = candidates.length > 0 ? await loadTypeScript() : null;
  if (!ts) {
    skipped.push(...candidates.map((target) => ({ targetId: target.id, reason: 'the TypeScript compiler API did not load' })));
    return { files: [], skipped };
  }
  let signatures: Map<string, SignatureResult>;
  try {
    signatures = readSignatures(ts, input.repoRoot, join(input.repoRoot, input.project), candidates);
  } catch (error) {
    // A compiler crash on one repository's sources is a reason to skip, not to stop the stage.
    const reason = `the TypeScript compiler failed: ${firstLine(error instanceof Error ? error.message : String(error))}`;
    skipped.push(...candidates.map((target) => ({ targetId: target.id, reason })));
    return { files: [], skipped };
  }
  const groups = new Map<string, Array<ProbeTarget & { line: number }>>();
  for (const target of candidates) {
    const read = signatures.get(target.id);
    if (!read || read.kind === 'skipped') {
      skipped.push({ targetId: target.id, reason: read?.reason ?? 'not read' });
      continue;
    }
    const group = groups.get(target.path) ?? [];
    groups.set(target.path, group);
    group.push({ targetId: target.id, symbol: target.symbol, line: read.signature.line, calls: planCalls(read.signature) });
  }
  await mkdir(input.scratchDir, { recursive: true });
  const files: GeneratedFile[] = [];
  let probeCount = 0;
  const probeTwice = async (source: string, targets: readonly ProbeTarget[]): Promise<Map<string, TargetObservation> | { error: string }> => {
    probeCount += 1;
    const testFile = input.testFileFor(source);
    const path = probePathFor(testFile, input.style.suffix);
    const specifier = input.importSpecifier(path, source);
    const jsons: string[] = [];
    for (const run of [1, 2]) {
      const resultFile = join(input.scratchDir, `probe-${probeCount}-run-${run}.json`);
      await rm(resultFile, { force: true });
      const text = renderProbe({ style: input.style, frameworkImport: input.frameworkImport, specifier, resultFile, targets });
      const result = await deps.runProbe({ path, text, resultFile });
      if ('error' in result) return { error: firstLine(result.error) };
      jsons.push(result.json);
    }
    const counts = targets.map((target) => ({ targetId: target.targetId, callCount: target.calls.length }));
    return readObservations(counts, jsons[0] ?? '', jsons[1] ?? '');
  };
  for (const [source, targets] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    let observed = await probeTwice(source, targets);
    if ('error' in observed && targets.length > 1) {
      // Isolate the culprit: each target in a probe of its own.
      const isolated = new Map<string, TargetObservation>();
      for (const target of targets) {
        const alone = await probeTwice(source, [target]);
        const result = 'error' in alone ? { kind: 'skipped' as const, reason: alone.error } : alone.get(target.targetId);
        if (result) isolated.set(target.targetId, result);
      }
      observed = isolated;
    }
    const functions: CharacterizedFunction[] = [];
    for (const target of targets) {
      const result: TargetObservation | undefined = 'error' in observed ? { kind: 'skipped', reason: observed.error } : observed.get(target.targetId);
      if (!result || result.kind === 'skipped') {
        skipped.push({ targetId: target.targetId, reason: result?.reason ?? 'the probe reported nothing' });
        continue;
      }
      const calls = result.calls.flatMap(({ index, outcome }) => {
        const args = target.calls[index];
        return args ? [{ args, outcome }] : [];
      });
      functions.push({ targetId: target.targetId, symbol: target.symbol, line: target.line, calls });
    }
    if (functions.length === 0) continue;
    const path = input.testFileFor(source);
    const rendered = renderTests({ style: input.style, frameworkImport: input.frameworkImport, specifier: input.importSpecifier(path, source), functions });
    files.push({ path, text: rendered.text, tests: rendered.tests });
  }
  const order = new Map(input.targets.map((target, index) => [target.id, index]));
  skipped.sort((a, b) => (order.get(a.targetId) ?? 0) - (order.get(b.targetId) ?? 0));
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), skipped };
}
