/**
 * A small glob matcher for repository paths: `**` spans directories, `*` and `?` stay within one.
 * A pattern without `/` matches the last segment at any depth (like .gitignore); matching ignores
 * case, so `.GITHUB/workflows/x` cannot slip past on a case-insensitive file system.
 */
export function matchesGlob(path: string, pattern: string): boolean {
  const anchored = pattern.includes('/') ? pattern.replace(/^\//, '') : `**/${pattern}`;
  return toRegExp(anchored).test(path);
}

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  const known = cache.get(pattern);
  if (known) return known;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] ?? '';
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('/**', i) && i + 3 === pattern.length) {
      source += '(?:/.*)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  const compiled = new RegExp(`^${source}$`, 'i');
  cache.set(pattern, compiled);
  return compiled;
}
