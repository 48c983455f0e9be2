import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ArtefactError } from '../errors.js';

/** Formats the first few schema issues as `path: message` pairs for a one-line error. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Reads and schema-checks an artefact; any problem is an ArtefactError naming the file. */
export async function readArtefact<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ArtefactError(`${what} not found: ${file} (run the stage that writes it, or pass its path)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ArtefactError(`${what} is not valid JSON: ${file} (regenerate it)`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ArtefactError(`${what} does not match its schema: ${file}: ${describeIssues(parsed.error)} (regenerate it)`);
  }
  return parsed.data;
}

/** Validates then writes an artefact atomically (temp file + rename), creating its folder. */
export async function writeArtefact<T>(file: string, schema: z.ZodType<T>, value: T): Promise<void> {
  const parsed = schema.parse(value);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(parsed, null, 2)}\n`);
  await rename(temp, file);
}
