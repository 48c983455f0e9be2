import { languageOf } from './source-traits.js';

/**
 * Pure: is a symbol part of a module's public surface? For JS/TS, exported (ESM `export`, an export
 * list, or CommonJS `module.exports`/`exports.x`); a method is public when its class is and it is not
 * private, protected, `#` or `_`-prefixed. For Python, no `_`-prefixed segment in the module path or
 * the name (dunders are public), and listed in `__all__` when the module declares one.
 */
export function isPublicApi(path: string, text: string, symbol: string, startLine: number): boolean {
  return languageOf(path) === 'python' ? isPythonPublic(path, text, symbol) : isJsPublic(text, symbol, startLine);
}

function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !/^__\w+__$/.test(name);
}

function isPythonPublic(path: string, text: string, symbol: string): boolean {
  const moduleParts = path.replace(/\.py$/, '').split('/');
  if (moduleParts.some((part) => isPrivateName(part) && part !== '__init__')) return false;
  if (/(^|\/)(tests?|testing)(\/|$)|(^|\/)(test_[^/]*|[^/]*_test|conftest)$/.test(path.replace(/\.py$/, ''))) return false;
  const segments = symbol.split('.');
  if (segments.some(isPrivateName)) return false;
  const declared = /^__all__\s*(?::[^=]*)?=\s*[[(]([^\])]*)[\])]/ms.exec(text);
  if (!declared?.[1]) return true;
  const names = [...declared[1].matchAll(/['"]([\w.]+)['"]/g)].map((match) => match[1]);
  return names.includes(segments[0]);
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

function isExportedName(text: string, name: string, declarationLine: string): boolean {
  const id = escape(name);
  if (/^\s*export\b/.test(declarationLine)) return true;
  const exportLists = [...text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)].map((match) => match[1] ?? '');
  if (exportLists.some((list) => list.split(',').some((item) => item.trim().split(/\s+as\s+/)[0]?.trim() === name))) return true;
  if (new RegExp(`export\\s+default\\s+${id}\\s*;?\\s*$`, 'm').test(text)) return true;
  if (new RegExp(`(?:module\\.)?exports\\.${id}\\s*=`).test(text)) return true;
  const commonJs = /module\.exports\s*=\s*\{([^}]*)\}/s.exec(text);
  if (commonJs?.[1]?.split(',').some((item) => item.trim().split(':')[0]?.trim() === name)) return true;
  return new RegExp(`module\\.exports\\s*=\\s*${id}\\s*;?\\s*$`, 'm').test(text);
}

function isJsPublic(text: string, symbol: string, startLine: number): boolean {
  const lines = text.split('\n');
  const segments = symbol.split('.');
  if (segments.length === 1) return isExportedName(text, symbol, lines[startLine - 1] ?? '');
  const [owner = '', method = ''] = [segments[0], segments[segments.length - 1]];
  if (method.startsWith('#') || method.startsWith('_')) return false;
  const memberLine = lines[startLine - 1] ?? '';
  if (/^\s*(?:(?:static|async|override|readonly)\s+)*(?:private|protected)\b/.test(memberLine)) return false;
  const ownerLine = lines.find((line) => new RegExp(`\\b(?:class|const|let|var)\\s+${escape(owner)}\\b`).test(line)) ?? '';
  return isExportedName(text, owner, ownerLine);
}
