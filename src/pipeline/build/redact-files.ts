import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactSecretsInText } from '../../patch/secret-scan.js';

/** Files larger than this are left as they are (the sandbox caps a log at 10 MB). */
const MAX_REDACTED_BYTES = 32 * 1024 * 1024;

/**
 * Rewrites each file with the secrets a tool printed redacted: logs and tool outputs are kept under
 * .heal/ and packed into the build artefact, and test output prints what the code read (an .env).
 */
export async function redactFiles(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const size = (await stat(file).catch(() => null))?.size ?? 0;
    if (size === 0 || size > MAX_REDACTED_BYTES) continue;
    const text = await readFile(file, 'utf8');
    const redacted = redactSecretsInText(text);
    if (redacted !== text) await writeFile(file, redacted);
  }
}

/** Coverage data: line counts, never printed text, and often large. */
const COVERAGE_FILE = /(^|\/)(coverage|htmlcov)\/|lcov\.info$|coverage[\w-]*\.(json|xml)$|\.coverage$/;

/** `redactFiles` over every file under `dir` (a tool's output folder) but coverage data. */
export async function redactFolder(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  await redactFiles(files.filter((file) => !COVERAGE_FILE.test(file)));
}
