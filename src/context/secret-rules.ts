/**
 * What never goes into a model prompt or a heal commit. Two pure rule sets, kept small so they can
 * be extended: path rules (a file whose name says it holds secrets is never read into context at
 * all) and content rules (`secret-patterns.ts`), applied per line — `findSecretValues` locates each
 * value, `redactSecrets` replaces a line holding one whole, so nothing leaks and line numbers stay true.
 */

import { SECRET_RULES, type SecretRule } from './secret-patterns.js';

export { isPlaceholder, isRandomLooking, measureEntropy, measureWordiness, SECRET_RULES, type SecretRule } from './secret-patterns.js';

/** A secret found in text: which rule matched, on which 1-based line. */
export interface SecretFinding {
  rule: string;
  line: number;
}

/** One secret value on a line: the rule, the value, and where it sits (0-based, end exclusive). */
export interface SecretMatch {
  rule: string;
  value: string;
  start: number;
  end: number;
}

const SECRET_BASENAMES: readonly RegExp[] = [
  /^\.env/i,
  /\.env$/i,
  /\.(pem|key|p12|pfx|keystore|jks|kdbx|ppk|asc|gpg)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^\.(npmrc|pypirc|netrc|git-credentials|htpasswd|pgpass|dockercfg)$/i,
  /^_netrc$/i,
  /^(\.|.*[-_.])?credentials(\.(json|ya?ml|toml|ini|txt|xml|csv|cfg|conf))?$/i,
  /^secrets?\.(json|ya?ml|toml|ini|txt|env)$/i,
  /^service[-_]account.*\.json$/i,
];

/** True when the path's file name says it holds secrets (`.env*`, keys, `.npmrc`, credentials…). */
export function isSecretPath(path: string): boolean {
  const segments = path.split(/[\\/]/);
  const basename = segments.at(-1) ?? path;
  if (segments.slice(0, -1).some((dir) => dir === '.ssh' || dir === '.aws' || dir === '.gnupg')) return true;
  return SECRET_BASENAMES.some((pattern) => pattern.test(basename));
}

const globalPatterns = new WeakMap<RegExp, RegExp>();

/** The rule's pattern with the global and indices flags, compiled once. */
function globalPattern(pattern: RegExp): RegExp {
  let compiled = globalPatterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern.source, `${pattern.flags.replace(/[gyd]/g, '')}gd`);
    globalPatterns.set(pattern, compiled);
  }
  return compiled;
}

/** Every secret value on one line, left to right; where two rules claim the same text the earlier rule wins. */
export function findSecretValues(line: string, rules: readonly SecretRule[] = SECRET_RULES): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const rule of rules) {
    for (const match of line.matchAll(globalPattern(rule.pattern))) {
      if (rule.accept && !rule.accept(match)) continue;
      const span = match.indices?.groups?.['value'] ?? match.indices?.[0];
      if (!span) continue;
      const [start, end] = span;
      if (found.some((other) => start < other.end && other.start < end)) continue;
      found.push({ rule: rule.id, value: line.slice(start, end), start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const KEY_FOOTER = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/;
/** A line of a key block's body: base64, an armour header (`Proc-Type: …`), or blank. */
const KEY_BODY_LINE = /^\s*(?:[A-Za-z0-9+/]+={0,2}|=[A-Za-z0-9+/]{4}|(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset): .*)?\s*$/;

/**
 * For each line, the 0-based index of the private key header whose body it belongs to, or null. A
 * body runs from the header to its footer, and stops early at a line that is not key material (so a
 * header quoted in a log or a test does not swallow the rest of the text).
 */
export function locateKeyBodies(lines: readonly string[], rules: readonly SecretRule[] = SECRET_RULES): Array<number | null> {
  let header: number | null = null;
  return lines.map((line, index) => {
    if (header !== null) {
      const current = header;
      if (KEY_FOOTER.test(line)) header = null;
      if (header === null || KEY_BODY_LINE.test(line)) return current;
      header = null;
    }
    if (line.includes('PRIVATE KEY') && !KEY_FOOTER.test(line) && findSecretValues(line, rules).some((match) => match.rule === 'private-key')) header = index;
    return null;
  });
}

/** Every line of `text` that holds a secret, with the first rule that matched it; a private key's body and footer count too. */
export function findSecrets(text: string, rules: readonly SecretRule[] = SECRET_RULES): SecretFinding[] {
  const lines = text.split('\n');
  const bodies = locateKeyBodies(lines, rules);
  const findings: SecretFinding[] = [];
  lines.forEach((line, index) => {
    const rule = rules.find((candidate) => findSecretValues(line, [candidate]).length > 0)?.id ?? (bodies[index] === null ? null : 'private-key');
    if (rule !== null) findings.push({ rule, line: index + 1 });
  });
  return findings;
}

/** Replaces every line holding a secret with a marker naming the rule; other lines are unchanged. */
export function redactSecrets(text: string, rules: readonly SecretRule[] = SECRET_RULES): string {
  const findings = findSecrets(text, rules);
  if (findings.length === 0) return text;
  const byLine = new Map(findings.map((finding) => [finding.line, finding.rule]));
  return text
    .split('\n')
    .map((line, index) => {
      const rule = byLine.get(index + 1);
      return rule === undefined ? line : `[redacted by heal: ${rule}]`;
    })
    .join('\n');
}
