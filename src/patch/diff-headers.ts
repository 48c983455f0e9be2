/** Reading the header lines of a unified diff: paths (quoted or not), hunk ranges, git's extended headers. */

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of a path (`"a/caf\303\251 \"x\""`); returns null when not quoted. */
export function unquoteCPath(raw: string): { path: string; rest: string } | null {
  if (!raw.startsWith('"')) return null;
  const bytes: number[] = [];
  let i = 1;
  while (i < raw.length) {
    const ch = raw[i] ?? '';
    if (ch === '"') return { path: Buffer.from(bytes).toString('utf8'), rest: raw.slice(i + 1) };
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += 1;
      continue;
    }
    const next = raw[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(raw.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 4;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next] ?? 0);
      i += 2;
    } else {
      bytes.push(...Buffer.from(next, 'utf8'));
      i += 2;
    }
  }
  return null;
}

/**
 * The path a `---`/`+++` line names, with git's `a/` or `b/` prefix dropped and any timestamp cut.
 * Returns null for `/dev/null`. Never normalizes: `../x` and `/etc/passwd` stay as written.
 */
export function readHeaderPath(rest: string, prefix: 'a/' | 'b/'): string | null {
  const quoted = unquoteCPath(rest.trimStart());
  const raw = quoted ? quoted.path : (rest.split('\t')[0] ?? '').trim();
  if (raw === '/dev/null') return null;
  return raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
}

/** The two paths of a `diff --git a/x b/y` line (prefixes dropped), or null when they cannot be told apart. */
export function readDiffGitPaths(rest: string): { from: string; to: string } | null {
  const quoted = unquoteCPath(rest);
  if (quoted) {
    const second = unquoteCPath(quoted.rest.trimStart()) ?? { path: quoted.rest.trim(), rest: '' };
    return { from: stripPrefix(quoted.path, 'a/'), to: stripPrefix(second.path, 'b/') };
  }
  // Same path on both sides: `a/P b/P` splits in the middle, whatever spaces P holds.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const from = stripPrefix(rest.slice(0, half), 'a/');
    const to = stripPrefix(rest.slice(half + 1), 'b/');
    if (from === to) return { from, to };
  }
  const split = rest.lastIndexOf(' b/');
  if (split <= 0) return null;
  return { from: stripPrefix(rest.slice(0, split), 'a/'), to: rest.slice(split + 3) };
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** The ranges of a `@@ -a,b +c,d @@` line; counts default to 1 as in the format. Null when there are no numbers. */
export function readHunkRange(line: string): { oldStart: number; oldCount: number; newCount: number } | null {
  const match = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
  if (!match) return null;
  return {
    oldStart: Number(match[1]),
    oldCount: match[2] === undefined ? 1 : Number(match[2]),
    newCount: match[4] === undefined ? 1 : Number(match[4]),
  };
}

/** git's extended header lines that may sit between `diff --git` and the first hunk. */
export type ExtendedHeader =
  | { kind: 'new-file' | 'deleted-file' | 'new-mode' | 'old-mode'; mode: string }
  | { kind: 'index'; mode: string | null }
  | { kind: 'rename-from' | 'rename-to' | 'copy-from' | 'copy-to'; path: string }
  | { kind: 'similarity' }
  | { kind: 'binary' };

const MODE_HEADERS = [
  ['new file mode ', 'new-file'],
  ['deleted file mode ', 'deleted-file'],
  ['new mode ', 'new-mode'],
  ['old mode ', 'old-mode'],
] as const;

const MOVE_HEADERS = [
  ['rename from ', 'rename-from'],
  ['rename to ', 'rename-to'],
  ['copy from ', 'copy-from'],
  ['copy to ', 'copy-to'],
] as const;

/** Reads one extended header line, or null when the line is not one. */
export function readExtendedHeader(line: string): ExtendedHeader | null {
  for (const [prefix, kind] of MODE_HEADERS) {
    if (line.startsWith(prefix)) return { kind, mode: line.slice(prefix.length).trim() };
  }
  for (const [prefix, kind] of MOVE_HEADERS) {
    if (line.startsWith(prefix)) {
      const raw = line.slice(prefix.length);
      return { kind, path: unquoteCPath(raw)?.path ?? raw.trimEnd() };
    }
  }
  const index = /^index [0-9a-fA-F]+\.\.[0-9a-fA-F]+(?: (\d+))?\s*$/.exec(line);
  if (index) return { kind: 'index', mode: index[1] ?? null };
  if (/^(dis)?similarity index \d+%/.test(line)) return { kind: 'similarity' };
  if (line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line)) return { kind: 'binary' };
  return null;
}
