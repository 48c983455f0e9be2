import type { ValueShape } from './js-values.js';

/**
 * Shapes for untyped parameters, guessed from their names: `count` is a number, `label` a string,
 * `items` an array, `isDone` a boolean. Pure.
 */

const NUMBER_WORDS = new Set(
  ('count n i j k index idx size amount cents num number qty quantity total price cost length len width height limit max min ' +
    'offset age year month day days hours minutes seconds secs ms millis percent pct rate ratio score level depth x y z ' +
    'threshold step port timeout delay retries attempts page sum weight factor scale radius degrees angle lat lng lon ' +
    'bytes position pos balance tax discount fee digits precision decimals steps times')
    .split(' '),
);
const FLOAT_WORDS = new Set('rate ratio factor scale weight percent pct fraction tax discount price amount value x y z lat lng lon angle degrees'.split(' '));
const STRING_WORDS = new Set(
  ('name text str s label key id slug path title sku url uri email message msg prefix suffix word category code kind ' +
    'format query char locale lang language currency host domain tag color colour status mode unit separator sep ' +
    'delimiter html markdown source line content body description username filename dir ext extension greeting phrase ' +
    'sentence string input template country city street address zip postcode').split(' '),
);
const ARRAY_WORDS = new Set('items list values arr array xs elements entries rows records nums numbers'.split(' '));
const OBJECT_WORDS = new Set('options opts config cfg settings props params context ctx meta attrs attributes'.split(' '));
const BOOLEAN_WORDS = new Set('flag enabled disabled verbose strict force recursive debug silent quiet dry loose'.split(' '));
const BOOLEAN_PREFIXES = new Set('is has should can allow enable use include skip'.split(' '));
const CALLBACK_WORDS = new Set('callback cb fn func handler listener predicate iteratee comparator compare reducer mapper visitor done next resolve reject'.split(' '));

/** The lower-case words of an identifier: `totalInCents` -> ["total", "in", "cents"]. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z\d]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** True when the name reads like a callback (`onChange`, `callback`, `compareFn`). */
export function isCallbackName(name: string): boolean {
  const words = splitWords(name);
  const last = words.at(-1);
  return last !== undefined && (CALLBACK_WORDS.has(last) || (words[0] === 'on' && words.length > 1 && /^on[A-Z]/.test(name)));
}

/** True when a number named like this may well be fractional (rates, prices, coordinates). */
export function isFloatName(name: string): boolean {
  const last = splitWords(name).at(-1);
  return last !== undefined && FLOAT_WORDS.has(last);
}

function guessWord(word: string, first: string): ValueShape | null {
  if (BOOLEAN_WORDS.has(word) || BOOLEAN_PREFIXES.has(first)) return { kind: 'boolean' };
  if (NUMBER_WORDS.has(word)) return { kind: 'number' };
  if (STRING_WORDS.has(word)) return { kind: 'string' };
  if (ARRAY_WORDS.has(word)) return { kind: 'array', element: { kind: 'number' } };
  if (OBJECT_WORDS.has(word)) return { kind: 'object', properties: [] };
  return null;
}

/** The shape a parameter named `name` most likely has, or null when the name says nothing. */
export function guessShape(name: string): ValueShape | null {
  const words = splitWords(name);
  const last = words.at(-1);
  const first = words[0];
  if (last === undefined || first === undefined) return null;
  // A boolean prefix only counts with something after it: `is` alone is not a flag.
  const guessed = guessWord(last, words.length > 1 ? first : '');
  if (guessed) return guessed;
  if (last.endsWith('s') && last.length > 3) {
    const element = guessWord(last.replace(/(es|s)$/, ''), '') ?? guessWord(last.slice(0, -1), '');
    if (element && element.kind !== 'array' && element.kind !== 'boolean') return { kind: 'array', element };
  }
  return null;
}
