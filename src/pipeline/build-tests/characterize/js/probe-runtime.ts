/**
 * The helpers the probe test file carries, as JavaScript source (valid TypeScript too: the probe
 * starts with `// @ts-nocheck`). `healSettle(run)` calls `run`, awaits a thenable for at most
 * CALL_TIMEOUT_MS and returns the outcome, encoded so that it survives JSON.stringify:
 *
 * - outcome: `["returned", value]`, `["resolved", value]`, `["threw", thrown]`, `["rejected", thrown]`, `["timeout"]`;
 * - thrown: `["e", constructorName, message]` for an Error, `["v", value]` for anything else;
 * - value: `["u"]` undefined, `["z"]` null, `["n", number | "NaN" | "Infinity" | "-Infinity" | "-0"]`,
 *   `["s", string]`, `["b", boolean]`, `["i", digits]` bigint, `["a", [value…]]`,
 *   `["o", [[key, value]…], isNullProto]`, `["d", iso | null]`, `["m", [[key, value]…]]`, `["S", [value…]]`,
 *   `["r", source, flags]`, or `["x", why]` for what heal cannot compare (class instances,
 *   functions, symbols, cycles, nesting deeper than 6, more than 2 KB encoded).
 *
 * Tags are checked with Object.prototype.toString and prototypes by constructor name, so values
 * from another realm (jest's vm contexts) encode the same.
 */

/** How long the probe waits for one async call. */
export const CALL_TIMEOUT_MS = 2000;

export const PROBE_RUNTIME = String.raw`const healLimit = 2048;
function healUnsupported(why) {
  const error = new Error(why);
  error.healUnsupported = true;
  return error;
}
function healEncode(value, depth, seen) {
  if (value === undefined) return ["u"];
  if (value === null) return ["z"];
  const type = typeof value;
  if (type === "number") {
    if (Number.isNaN(value)) return ["n", "NaN"];
    if (value === Infinity) return ["n", "Infinity"];
    if (value === -Infinity) return ["n", "-Infinity"];
    return Object.is(value, -0) ? ["n", "-0"] : ["n", value];
  }
  if (type === "string") return ["s", value];
  if (type === "boolean") return ["b", value];
  if (type === "bigint") return ["i", String(value)];
  if (type !== "object") throw healUnsupported("a " + type);
  if (depth > 6) throw healUnsupported("nested deeper than 6");
  if (seen.includes(value)) throw healUnsupported("cyclic");
  const inner = seen.concat([value]);
  const next = (item) => healEncode(item, depth + 1, inner);
  const tag = Object.prototype.toString.call(value);
  const proto = Object.getPrototypeOf(value);
  const ctor = proto && Object.prototype.hasOwnProperty.call(proto, "constructor") && typeof proto.constructor === "function" ? proto.constructor.name : "";
  if (Array.isArray(value)) {
    if (ctor !== "Array") throw healUnsupported("a " + (ctor || "subclassed array"));
    const items = [];
    for (let index = 0; index < value.length; index += 1) items.push(next(value[index]));
    return ["a", items];
  }
  if (tag === "[object Date]" && ctor === "Date") return ["d", Number.isNaN(value.getTime()) ? null : value.toISOString()];
  if (tag === "[object Map]" && ctor === "Map") return ["m", Array.from(value.entries(), (entry) => [next(entry[0]), next(entry[1])])];
  if (tag === "[object Set]" && ctor === "Set") return ["S", Array.from(value.values(), (item) => next(item))];
  if (tag === "[object RegExp]" && ctor === "RegExp") return ["r", value.source, value.flags];
  const isPlain = proto === null || (tag === "[object Object]" && ctor === "Object" && Object.getPrototypeOf(proto) === null);
  if (!isPlain) throw healUnsupported("a " + (ctor || "object with a prototype"));
  return ["o", Object.keys(value).map((key) => [key, next(value[key])]), proto === null];
}
function healValue(value) {
  try {
    const encoded = healEncode(value, 0, []);
    return JSON.stringify(encoded).length > healLimit ? ["x", "larger than 2 KB"] : encoded;
  } catch (error) {
    return ["x", error && error.healUnsupported ? error.message : "unreadable"];
  }
}
function healThrown(error) {
  if (Object.prototype.toString.call(error) === "[object Error]" || error instanceof Error) {
    let name = "";
    try {
      name = typeof error.constructor === "function" && error.constructor.name ? error.constructor.name : String(error.name);
    } catch {
      name = "Error";
    }
    return ["e", name, String(error.message)];
  }
  return ["v", healValue(error)];
}
async function healSettle(run) {
  let value;
  try {
    value = run();
  } catch (error) {
    return ["threw", healThrown(error)];
  }
  const isThenable = value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
  if (!isThenable) return ["returned", healValue(value)];
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(["timeout"]), ${CALL_TIMEOUT_MS});
  });
  const settled = Promise.resolve(value).then(
    (result) => ["resolved", healValue(result)],
    (error) => ["rejected", healThrown(error)],
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}`;
