import type { JsValue, Outcome, Thrown } from './js-values.js';

/**
 * Reads what the probe wrote (the encoding is described in probe-runtime.ts) and compares two
 * runs: a call is kept only when both runs saw exactly the same outcome. Pure.
 */

/** A call to keep, by its index in the planned calls. */
export interface KeptCall {
  index: number;
  outcome: Outcome;
}

/** Per target: the calls to turn into tests, or why there are none. */
export type TargetObservation = { kind: 'kept'; calls: KeptCall[] } | { kind: 'skipped'; reason: string };

function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** The value an encoded value stands for; null for `["x", why]` or anything malformed. */
export function decodeValue(encoded: unknown): JsValue | null {
  if (!isArray(encoded)) return null;
  const [tag, first, second] = encoded;
  const list = (items: unknown): JsValue[] | null => {
    if (!isArray(items)) return null;
    const decoded = items.map(decodeValue);
    return decoded.every((item): item is JsValue => item !== null) ? decoded : null;
  };
  const pairs = <K>(items: unknown, key: (raw: unknown) => K | null): Array<[K, JsValue]> | null => {
    if (!isArray(items)) return null;
    const out: Array<[K, JsValue]> = [];
    for (const item of items) {
      const k = isArray(item) ? key(item[0]) : null;
      const v = isArray(item) ? decodeValue(item[1]) : null;
      if (k === null || v === null) return null;
      out.push([k, v]);
    }
    return out;
  };
  switch (tag) {
    case 'u':
      return { kind: 'undefined' };
    case 'z':
      return { kind: 'null' };
    case 'n':
      if (typeof first === 'number') return { kind: 'number', value: first };
      return typeof first === 'string' && first in SPECIAL_NUMBERS ? { kind: 'number', value: SPECIAL_NUMBERS[first] ?? Number.NaN } : null;
    case 's':
      return typeof first === 'string' ? { kind: 'string', value: first } : null;
    case 'b':
      return typeof first === 'boolean' ? { kind: 'boolean', value: first } : null;
    case 'i':
      return typeof first === 'string' && /^-?\d+$/.test(first) ? { kind: 'bigint', digits: first } : null;
    case 'a': {
      const items = list(first);
      return items && { kind: 'array', items };
    }
    case 'S': {
      const items = list(first);
      return items && { kind: 'set', items };
    }
    case 'o': {
      const entries = pairs(first, (raw) => (typeof raw === 'string' ? raw : null));
      return entries && { kind: 'object', entries, isNullProto: second === true };
    }
    case 'm': {
      const entries = pairs(first, decodeValue);
      return entries && { kind: 'map', entries };
    }
    case 'd':
      return first === null || typeof first === 'string' ? { kind: 'date', iso: first } : null;
    case 'r':
      return typeof first === 'string' && typeof second === 'string' ? { kind: 'regexp', source: first, flags: second } : null;
    default:
      return null;
  }
}

function decodeThrown(encoded: unknown): Thrown | null {
  if (!isArray(encoded)) return null;
  const [tag, first, second] = encoded;
  if (tag === 'e' && typeof first === 'string' && typeof second === 'string') return { isError: true, name: first, message: second };
  const value = tag === 'v' ? decodeValue(first) : null;
  return value && { isError: false, value };
}

/** The outcome an encoded outcome stands for; null for timeouts, unsupported values and anything malformed. */
export function decodeOutcome(encoded: unknown): Outcome | null {
  if (!isArray(encoded)) return null;
  const [kind, payload] = encoded;
  if (kind === 'returned' || kind === 'resolved') {
    const value = decodeValue(payload);
    return value && { kind, value };
  }
  if (kind === 'threw' || kind === 'rejected') {
    const thrown = decodeThrown(payload);
    return thrown && { kind, thrown };
  }
  return null;
}

/** The encoded outcomes of one probe run by "targetId#index", or null when the text is not a probe's output. */
export function parseProbeRun(json: string): Map<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isArray(parsed)) return null;
  const run = new Map<string, unknown>();
  for (const record of parsed) {
    if (!isArray(record) || typeof record[0] !== 'string' || typeof record[1] !== 'number') return null;
    run.set(`${record[0]}#${record[1]}`, record[2]);
  }
  return run;
}

function isTimeout(encoded: unknown): boolean {
  return isArray(encoded) && encoded[0] === 'timeout';
}

/** Why an outcome could not be encoded ("a Decimal"), from its `["x", why]` part. */
function unsupportedWhy(encoded: unknown): string {
  const payload = isArray(encoded) ? encoded[1] : undefined;
  const inner = isArray(payload) && payload[0] === 'v' ? payload[1] : payload;
  return isArray(inner) && inner[0] === 'x' && typeof inner[1] === 'string' ? inner[1] : 'unreadable';
}

/** Compares two runs of the same probe: per target, the calls both saw identically, or why none. */
export function readObservations(targets: ReadonlyArray<{ targetId: string; callCount: number }>, first: string, second: string): Map<string, TargetObservation> {
  const runs = [parseProbeRun(first), parseProbeRun(second)];
  const result = new Map<string, TargetObservation>();
  for (const { targetId, callCount } of targets) {
    const [a, b] = runs;
    if (!a || !b) {
      result.set(targetId, { kind: 'skipped', reason: 'the probe wrote unreadable results' });
      continue;
    }
    const calls: KeptCall[] = [];
    let [timedOut, differing, missing] = [0, 0, 0];
    let unsupported: string | null = null;
    for (let index = 0; index < callCount; index += 1) {
      const key = `${targetId}#${index}`;
      if (!a.has(key) || !b.has(key)) missing += 1;
      else if (isTimeout(a.get(key)) || isTimeout(b.get(key))) timedOut += 1;
      else if (JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))) differing += 1;
      else {
        const outcome = decodeOutcome(a.get(key));
        if (outcome) calls.push({ index, outcome });
        else unsupported ??= unsupportedWhy(a.get(key));
      }
    }
    if (calls.length > 0) result.set(targetId, { kind: 'kept', calls });
    else if (missing === callCount) result.set(targetId, { kind: 'skipped', reason: 'the probe reported no calls' });
    else if (timedOut === callCount - missing) result.set(targetId, { kind: 'skipped', reason: 'every call timed out' });
    else if (differing > 0) result.set(targetId, { kind: 'skipped', reason: 'results differ between runs: not deterministic' });
    else result.set(targetId, { kind: 'skipped', reason: `returns values heal cannot compare (${unsupported ?? 'unreadable'})` });
  }
  return result;
}
