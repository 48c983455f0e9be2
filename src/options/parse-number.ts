import { UsageError } from '../errors.js';

/** A flag's number above 0 (whole when `isInteger`); undefined when the flag is absent, a usage error when bad. */
export function positiveNumber(text: string | undefined, flag: string, isInteger: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (isInteger && !Number.isInteger(value))) {
    throw new UsageError(`${flag} must be a ${isInteger ? 'whole number' : 'number'} above 0, got '${text}'`);
  }
  return value;
}
