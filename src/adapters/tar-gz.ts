import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A file to archive: its name inside the archive and where it is on disk. */
export interface ArchiveEntry {
  name: string;
  path: string;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0');
}

/** Splits a long name into ustar's prefix (≤155) and name (≤100) fields at a `/`. */
function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for tar: ${name}`);
  return { prefix: name.slice(0, cut), base: name.slice(cut + 1) };
}

function header(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  block.write(base, 0, 100);
  block.write(octal(0o644, 8), 100, 8);
  block.write(octal(0, 8), 108, 8);
  block.write(octal(0, 8), 116, 8);
  block.write(octal(size, 12), 124, 12);
  block.write(octal(Math.floor(mtime / 1000), 12), 136, 12);
  block.write('        ', 148, 8);
  block.write('0', 156, 1);
  block.write('ustar\u000000', 257, 8);
  block.write(prefix, 345, 155);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.write(`${octal(checksum, 7)}\u0000 `, 148, 8);
  return block;
}

/** Writes a gzip-compressed ustar archive of regular files (the build artefact; no dependency needed). */
export async function writeTarGz(outFile: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    const [data, info] = await Promise.all([readFile(entry.path), stat(entry.path)]);
    chunks.push(header(entry.name, data.length, info.mtimeMs), data);
    const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (padding > 0) chunks.push(Buffer.alloc(padding));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, gzipSync(Buffer.concat(chunks)));
}
