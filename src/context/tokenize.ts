/**
 * Identifier-aware tokens for lexical ranking: `parseArgs`, `parse_args` and `ParseArgs` all give
 * `parse`, `args`; the whole identifier (`parseargs`) is kept too so exact names score higher.
 */

/** English filler and keywords common to JS/TS/Python that say nothing about what code does. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by can do does for from has have how if in into is it its make ' +
    'makes no not of on or should so than that the their then there these this to was we were ' +
    'what when where which while will with without you your add fix use using please also all ' +
    'any some more less each only just like want need old ' +
    'const let var function return import export default class extends implements interface ' +
    'type enum async await def self cls none true false null undefined void new this elif else ' +
    'pass lambda yield try catch except finally raise throw public private protected static ' +
    'readonly string number boolean str int float bool dict list'
  ).split(' '),
);

/** Splits an identifier at `_`, `-`, `$`, digits and camelCase humps; lowercased, empty parts dropped. */
export function splitIdentifier(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/)
    .map((part) => part.toLowerCase())
    .filter((part) => part.length > 0);
}

function isUseful(token: string): boolean {
  return token.length >= 2 && !STOP_WORDS.has(token) && !/^\d+$/.test(token);
}

/** Ranking tokens of a text (code or prose): split identifiers, lowercased, stop-words dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [word] of text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) {
    const parts = splitIdentifier(word);
    for (const part of parts) if (isUseful(part)) tokens.push(part);
    const whole = parts.join('');
    if (parts.length > 1 && isUseful(whole)) tokens.push(whole);
  }
  return tokens;
}
