/**
 * Dropping tests from a file can leave imports only they used, which linters (eslint's
 * no-unused-vars, flake8's F401) then fail the build on. These helpers remove such names from
 * single-line imports; multi-line and side-effect imports are left as they are.
 */

const JS_NAMED = /^(\s*import\s+(?:type\s+)?)\{([^}]*)\}(\s+from\s+["'][^"']+["'];?\s*)$/;
const JS_REQUIRE = /^(\s*(?:const|let|var)\s+)\{([^}]*)\}(\s*=\s*require\(["'][^"']+["']\);?\s*)$/;
const PY_FROM = /^(from\s+[\w.]+\s+import\s+)([\w\s,]+?)(\s*(?:#.*)?)$/;
const PY_IMPORT = /^import\s+([\w.]+)(\s*(?:#.*)?)$/;

function isUsed(name: string, rest: string): boolean {
  return new RegExp(`(?<![\\w$.])${name.replaceAll('$', '\\$')}(?![\\w$])`).test(rest);
}

/** The local name a specifier binds: "a as b" → b, "type T" → T. */
function localName(specifier: string, language: 'js' | 'py'): string {
  const parts = specifier.trim().split(/\s+as\s+|:\s*/);
  const name = (parts.at(-1) ?? '').trim();
  return language === 'js' ? name.replace(/^type\s+/, '') : name;
}

function pruneLine(line: string, rest: string, language: 'js' | 'py'): string | null {
  if (language === 'py') {
    const plain = PY_IMPORT.exec(line);
    if (plain) return isUsed((plain[1] ?? '').split('.')[0] ?? '', rest) ? line : null;
  }
  const match = language === 'js' ? (JS_NAMED.exec(line) ?? JS_REQUIRE.exec(line)) : PY_FROM.exec(line);
  if (!match) return line;
  const [, head = '', list = '', tail = ''] = match;
  const specifiers = list.split(',').filter((specifier) => specifier.trim() !== '');
  const kept = specifiers.filter((specifier) => isUsed(localName(specifier, language), rest));
  if (kept.length === specifiers.length) return line;
  if (kept.length === 0) return null;
  const joined = kept.map((specifier) => specifier.trim()).join(', ');
  return language === 'js' ? `${head}{ ${joined} }${tail}` : `${head}${joined}${tail}`;
}

/** Pure: the text without imported names nothing else in it uses. */
export function pruneUnusedImports(text: string, language: 'js' | 'ts' | 'py'): string {
  const kind = language === 'py' ? 'py' : 'js';
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, index) => {
    const rest = [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n');
    const pruned = pruneLine(line, rest, kind);
    if (pruned !== null) out.push(pruned);
  });
  return out.join('\n');
}
