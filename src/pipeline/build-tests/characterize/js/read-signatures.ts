import { join } from 'node:path';
import type TS from 'typescript';
import type { CharacterizeTarget } from '../../types.js';
import { guessShape, isCallbackName } from './guess-shape.js';
import { inferUsage } from './infer-usage.js';
import type { FunctionSignature, MinedConstants, ParamSignature, ValueShape } from './js-values.js';
import { mineConstants, type MinedFunction } from './mine-constants.js';
import { createTargetProgram, resolveExport, type FunctionNode } from './read-program.js';
import { readShape, withoutUndefined, type ShapeContext } from './read-shapes.js';
import { screenEffects } from './screen-effects.js';

type Ts = typeof TS;

/** A target's signature, or why it cannot be characterized. */
export type SignatureResult = { kind: 'signature'; signature: FunctionSignature } | { kind: 'skipped'; reason: string };

const NONE: MinedConstants = { strings: [], numbers: [] };

function skip(reason: string): SignatureResult {
  return { kind: 'skipped', reason };
}

/** An untyped parameter's shape from its uses, preferring the name's guess when both agree on the kind. */
function refineUnknown(ts: Ts, checker: TS.TypeChecker, fn: FunctionNode, name: TS.Identifier): ValueShape | 'callback' {
  const symbol = checker.getSymbolAtLocation(name);
  const used = symbol && fn.body ? inferUsage(ts, checker, fn.body, symbol) : null;
  if (used === 'callback' || (used === null && isCallbackName(name.text))) return 'callback';
  const guessed = guessShape(name.text);
  if (used === null) return { kind: 'unknown' };
  return guessed && guessed.kind === used.kind ? guessed : used;
}

function readParam(context: ShapeContext, fn: FunctionNode, param: TS.ParameterDeclaration, mined: MinedFunction): ParamSignature | string {
  const { ts, checker } = context;
  const isRest = param.dotDotDotToken !== undefined;
  let type = checker.getTypeAtLocation(param);
  if (isRest) type = checker.getIndexTypeOfType(type, ts.IndexKind.Number) ?? type;
  const read = readShape(context, type);
  if (read.kind === 'unsupported') return read.reason;
  const isOptional = isRest || checker.isOptionalParameter(param) || param.initializer !== undefined;
  let shape: ValueShape = isOptional ? withoutUndefined(read) : read;
  if (ts.isIdentifier(param.name)) {
    if (shape.kind === 'unknown') {
      const refined = refineUnknown(ts, checker, fn, param.name);
      if (refined === 'callback') return 'takes a callback';
      shape = refined;
    }
    const symbol = checker.getSymbolAtLocation(param.name);
    return { name: param.name.text, shape, isOptional, mined: (symbol && mined.bySymbol.get(symbol)) ?? NONE, minedByProperty: {} };
  }
  const minedByProperty: Record<string, MinedConstants> = {};
  if (ts.isObjectBindingPattern(param.name) && shape.kind === 'object') {
    const refinedProperties = new Map<string, ValueShape>();
    for (const element of param.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
      const symbol = checker.getSymbolAtLocation(element.name);
      const found = symbol ? mined.bySymbol.get(symbol) : undefined;
      if (found) minedByProperty[property] = found;
      const refined = refineUnknown(ts, checker, fn, element.name);
      if (refined === 'callback') return 'takes a callback';
      refinedProperties.set(property, refined);
    }
    const properties = shape.properties.map((p) => ({ ...p, shape: p.shape.kind === 'unknown' ? (refinedProperties.get(p.name) ?? p.shape) : p.shape }));
    shape = { kind: 'object', properties };
  }
  return { name: '', shape, isOptional, mined: NONE, minedByProperty };
}

function memberReason(source: TS.SourceFile, ts: Ts, symbol: string): string {
  const owner = symbol.split('.')[0];
  const isClass = source.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === owner);
  return isClass ? 'class methods are not characterized' : 'object members are not characterized';
}

function isPromiseReturning(ts: Ts, checker: TS.TypeChecker, fn: FunctionNode): boolean {
  if ((ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0) return true;
  const signature = checker.getSignatureFromDeclaration(fn);
  const returned = signature ? checker.getReturnTypeOfSignature(signature) : undefined;
  return returned?.getSymbol()?.getName() === 'Promise';
}

function readTarget(ts: Ts, program: TS.Program, checker: TS.TypeChecker, repoRoot: string, target: CharacterizeTarget): SignatureResult {
  const source = program.getSourceFile(join(repoRoot, target.path));
  if (!source) return skip(`cannot read ${target.path}`);
  if (target.symbol.includes('.')) return skip(memberReason(source, ts, target.symbol));
  const resolved = resolveExport(ts, checker, source, target.symbol);
  if (resolved.kind === 'skipped') return skip(resolved.reason);
  const fn = resolved.node;
  const effect = screenEffects(ts, checker, fn);
  if (effect !== null) return skip(effect);
  const mined = mineConstants(ts, checker, fn);
  const params: ParamSignature[] = [];
  for (const param of fn.parameters) {
    if (ts.isIdentifier(param.name) && param.name.text === 'this') continue;
    const read = readParam({ ts, checker, isLibFile: (file) => program.isSourceFileDefaultLibrary(file) }, fn, param, mined);
    if (typeof read === 'string') return skip(read);
    params.push(read);
  }
  const fnSource = fn.getSourceFile();
  const line = fnSource.getLineAndCharacterOfPosition(fn.getStart(fnSource)).line + 1;
  return {
    kind: 'signature',
    signature: { targetId: target.id, symbol: target.symbol, line, isAsync: isPromiseReturning(ts, checker, fn), params, pool: mined.pool },
  };
}

/**
 * Reads every target's exported function with the TypeScript compiler API (JSDoc types for
 * JavaScript): parameter shapes, async-ness and mined literals, after screening for side effects.
 */
export function readSignatures(ts: Ts, repoRoot: string, projectDir: string, targets: readonly CharacterizeTarget[]): Map<string, SignatureResult> {
  const files = [...new Set(targets.map((target) => join(repoRoot, target.path)))].sort();
  const program = createTargetProgram(ts, projectDir, files);
  const checker = program.getTypeChecker();
  const results = new Map<string, SignatureResult>();
  for (const target of targets) results.set(target.id, readTarget(ts, program, checker, repoRoot, target));
  return results;
}
