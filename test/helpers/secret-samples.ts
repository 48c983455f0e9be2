import { randomBytes } from 'node:crypto';

// Secret samples are built at test time from parts and random characters: the repository itself
// never holds a string a secret scanner (ours, gitleaks, GitHub push protection) would flag.
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
/** No vowels and no x: a random value can never spell a placeholder word (`test`, `fake`, `xxx`…). */
export const CONSONANTS = 'BCDFGHJKLMNPQRSTVWZbcdfghjklmnpqrstvwz';

/** `length` random characters of `alphabet`. */
export function pick(alphabet: string, length: number): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** `length` different characters of `alphabet` in random order: as varied as a generated secret, every time. */
export function distinct(alphabet: string, length: number): string {
  const keyed = [...alphabet].map((char) => ({ char, key: randomBytes(4).readUInt32LE() }));
  return keyed
    .sort((a, b) => a.key - b.key)
    .slice(0, length)
    .map((item) => item.char)
    .join('');
}
