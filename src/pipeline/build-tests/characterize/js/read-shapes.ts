import type TS from 'typescript';
import type { JsValue, PropertyShape, ValueShape } from './js-values.js';

type Ts = typeof TS;

/** A parameter type heal will not build values for, and why ("takes a callback"). */
export interface Unsupported {
  kind: 'unsupported';
  reason: string;
}

const MAX_DEPTH = 4;
const MAX_PROPERTIES = 20;
const UNKNOWN: ValueShape = { kind: 'unknown' };

function isTypeReference(type: TS.Type): type is TS.TypeReference {
  return 'target' in type;
}

/** The compiler API and how to tell TypeScript's own lib files (Date, Map, Promise) from the project's. */
export interface ShapeContext {
  ts: Ts;
  checker: TS.TypeChecker;
  isLibFile(file: TS.SourceFile): boolean;
}

function isLibType(context: ShapeContext, symbol: TS.Symbol | undefined): boolean {
  return (symbol?.declarations ?? []).some((declaration) => context.isLibFile(declaration.getSourceFile()));
}

function literalOf(ts: Ts, checker: TS.TypeChecker, type: TS.Type): JsValue | null {
  if (type.isStringLiteral()) return { kind: 'string', value: type.value };
  if (type.isNumberLiteral()) return { kind: 'number', value: type.value };
  if (type.flags & ts.TypeFlags.BooleanLiteral) return { kind: 'boolean', value: checker.typeToString(type) === 'true' };
  if (type.flags & ts.TypeFlags.BigIntLiteral) {
    const text = checker.typeToString(type).replace(/n$/, '');
    return /^-?\d+$/.test(text) ? { kind: 'bigint', digits: text } : null;
  }
  return null;
}

/** An optional value's shape without its `undefined` (leaving the value out covers that). */
export function withoutUndefined(shape: ValueShape): ValueShape {
  if (shape.kind !== 'union') return shape;
  const members = shape.members.filter((member) => member.kind !== 'undefined');
  return members.length === 1 && members[0] ? members[0] : { kind: 'union', members };
}

function readUnion(context: ShapeContext, types: readonly TS.Type[], depth: number): ValueShape | Unsupported {
  const read = types.map((member) => readShape(context, member, depth));
  const members = read.filter((shape): shape is ValueShape => shape.kind !== 'unsupported');
  const firstUnsupported = read.find((shape): shape is Unsupported => shape.kind === 'unsupported');
  if (members.length === 0 && firstUnsupported) return firstUnsupported;
  // `boolean` arrives as `false | true`: keep it one shape, true first.
  const hasTrue = members.some((m) => m.kind === 'literal' && m.value.kind === 'boolean' && m.value.value);
  const hasFalse = members.some((m) => m.kind === 'literal' && m.value.kind === 'boolean' && !m.value.value);
  const merged: ValueShape[] = hasTrue && hasFalse ? [{ kind: 'boolean' }] : [];
  for (const member of members) if (!(hasTrue && hasFalse && member.kind === 'literal' && member.value.kind === 'boolean')) merged.push(member);
  return merged.length === 1 && merged[0] ? merged[0] : { kind: 'union', members: merged };
}

function readObject(context: ShapeContext, type: TS.Type, depth: number): ValueShape | Unsupported {
  const { ts, checker } = context;
  const name = type.getSymbol()?.getName() ?? '';
  const typeArgs = isTypeReference(type) ? checker.getTypeArguments(type) : [];
  const argShape = (index: number): ValueShape => {
    const arg = typeArgs[index];
    const shape = arg ? readShape(context, arg, depth + 1) : UNKNOWN;
    return shape.kind === 'unsupported' ? UNKNOWN : shape;
  };
  if (checker.isTupleType(type)) {
    const elements = typeArgs.map((arg) => readShape(context, arg, depth + 1));
    const bad = elements.find((shape): shape is Unsupported => shape.kind === 'unsupported');
    return bad ?? { kind: 'tuple', elements: elements.filter((shape): shape is ValueShape => shape.kind !== 'unsupported') };
  }
  if (checker.isArrayType(type)) {
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    const shape = element ? readShape(context, element, depth + 1) : UNKNOWN;
    return shape.kind === 'unsupported' ? shape : { kind: 'array', element: shape };
  }
  if (type.getCallSignatures().length > 0) return { kind: 'unsupported', reason: 'takes a callback' };
  if (type.getConstructSignatures().length > 0) return { kind: 'unsupported', reason: 'takes a class' };
  if (isLibType(context, type.getSymbol())) {
    if (name === 'Date') return { kind: 'date' };
    if (name === 'Map' || name === 'ReadonlyMap') return { kind: 'map', key: argShape(0), value: argShape(1) };
    if (name === 'Set' || name === 'ReadonlySet') return { kind: 'set', element: argShape(0) };
    if (name !== 'Object' && name !== '__type' && name !== '__object') {
      const shown = name || checker.typeToString(type);
      return { kind: 'unsupported', reason: `takes ${/^[AEIOU]/.test(shown) ? 'an' : 'a'} ${shown}` };
    }
  }
  if ((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class) return { kind: 'unsupported', reason: `takes a class instance (${name})` };
  const properties: PropertyShape[] = [];
  for (const property of checker.getPropertiesOfType(type).slice(0, MAX_PROPERTIES)) {
    const isOptional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const shape = readShape(context, checker.getTypeOfSymbol(property), depth + 1);
    if (shape.kind === 'unsupported') {
      if (isOptional) continue;
      return shape.reason === 'takes a callback' ? { kind: 'unsupported', reason: 'takes an object with methods' } : shape;
    }
    properties.push({ name: property.getName(), shape: isOptional ? withoutUndefined(shape) : shape, isOptional });
  }
  return { kind: 'object', properties };
}

/** The shape of a parameter type, or why heal will not call with it. */
export function readShape(context: ShapeContext, type: TS.Type, depth = 0): ValueShape | Unsupported {
  const { ts, checker } = context;
  const flags = type.flags;
  if (depth > MAX_DEPTH || flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return UNKNOWN;
  if (flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type && !(constraint.flags & ts.TypeFlags.Unknown) ? readShape(context, constraint, depth + 1) : UNKNOWN;
  }
  if (flags & ts.TypeFlags.Boolean) return { kind: 'boolean' };
  if (type.isUnion()) return readUnion(context, type.types, depth);
  const literal = literalOf(ts, checker, type);
  if (literal) return { kind: 'literal', value: literal };
  if (flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
  if (flags & ts.TypeFlags.StringLike) return { kind: 'string' };
  if (flags & ts.TypeFlags.BigIntLike) return { kind: 'bigint' };
  if (flags & ts.TypeFlags.Null) return { kind: 'null' };
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { kind: 'undefined' };
  if (flags & ts.TypeFlags.ESSymbolLike) return { kind: 'unsupported', reason: 'takes a symbol' };
  if (flags & ts.TypeFlags.Never) return { kind: 'unsupported', reason: 'takes never' };
  if (flags & ts.TypeFlags.NonPrimitive) return { kind: 'object', properties: [] };
  if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return readObject(context, type, depth);
  return UNKNOWN;
}
