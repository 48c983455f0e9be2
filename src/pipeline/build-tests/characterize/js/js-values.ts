/**
 * The data the JavaScript characterization engine passes between its steps: the values it calls
 * functions with and reads back, the parameter shapes it plans from, and what a call did.
 */

/** A JavaScript value heal can write as source and read back from a probe. */
export type JsValue =
  | { kind: 'undefined' }
  | { kind: 'null' }
  /** May hold NaN, ±Infinity and -0. */
  | { kind: 'number'; value: number }
  /** Decimal digits with an optional leading "-". */
  | { kind: 'bigint'; digits: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'array'; items: JsValue[] }
  /** Own enumerable string keys in their enumeration order; `isNullProto` for `Object.create(null)`. */
  | { kind: 'object'; entries: Array<[string, JsValue]>; isNullProto: boolean }
  /** ISO text, or null for an invalid date. */
  | { kind: 'date'; iso: string | null }
  | { kind: 'map'; entries: Array<[JsValue, JsValue]> }
  | { kind: 'set'; items: JsValue[] }
  | { kind: 'regexp'; source: string; flags: string };

/** One property of an object-shaped parameter. */
export interface PropertyShape {
  name: string;
  shape: ValueShape;
  isOptional: boolean;
}

/** What a parameter accepts, read from its type, or `unknown` for untyped JavaScript. */
export type ValueShape =
  | { kind: 'number' }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'bigint' }
  /** A literal type: its value is a string, number, boolean or bigint JsValue. */
  | { kind: 'literal'; value: JsValue }
  | { kind: 'null' }
  | { kind: 'undefined' }
  | { kind: 'array'; element: ValueShape }
  | { kind: 'tuple'; elements: ValueShape[] }
  | { kind: 'object'; properties: PropertyShape[] }
  | { kind: 'date' }
  | { kind: 'map'; key: ValueShape; value: ValueShape }
  | { kind: 'set'; element: ValueShape }
  | { kind: 'union'; members: ValueShape[] }
  | { kind: 'unknown' };

/** String and number literals found in a function's source. */
export interface MinedConstants {
  strings: string[];
  numbers: number[];
}

/** One parameter of a function to characterize. */
export interface ParamSignature {
  /** The parameter's name; for a destructured parameter, "" (its properties carry the names). */
  name: string;
  shape: ValueShape;
  /** Optional, defaulted or rest: the call may leave it out. */
  isOptional: boolean;
  /** Literals the function compares this parameter (or, destructured, its properties) against. */
  mined: MinedConstants;
  /** Literals mined for each property of a destructured parameter, by property name. */
  minedByProperty: Record<string, MinedConstants>;
}

/** An exported function heal can call, as read from the source. */
export interface FunctionSignature {
  targetId: string;
  symbol: string;
  /** The first line of the function, for ordering the tests like the source. */
  line: number;
  isAsync: boolean;
  params: ParamSignature[];
  /** Every literal in the function and the module constants it reads, attributed or not. */
  pool: MinedConstants;
}

/** A thrown value: an Error's constructor name and message, or any other value. */
export type Thrown = { isError: true; name: string; message: string } | { isError: false; value: JsValue };

/** What one call did, the same in both probe runs. */
export type Outcome =
  | { kind: 'returned'; value: JsValue }
  | { kind: 'resolved'; value: JsValue }
  | { kind: 'threw'; thrown: Thrown }
  | { kind: 'rejected'; thrown: Thrown };

/** A planned call and what it did. */
export interface ObservedCall {
  args: JsValue[];
  outcome: Outcome;
}
