/**
 * What never goes into a model prompt. Two pure rule sets, kept small so they can be extended:
 * path rules (a file whose name says it holds secrets is never read into context at all) and
 * content rules (a line that looks like it holds a secret is replaced whole, so nothing of the
 * value leaks and line numbers stay true).
 */

/** A secret found in text: which rule matched, on which 1-based line. */
export interface SecretFinding {
  rule: string;
  line: number;
}

/** A content rule: a pattern (global flag not needed) and an optional check of the matched value. */
export interface SecretRule {
  id: string;
  pattern: RegExp;
  /** Receives the regexp's match; the rule fires only when it returns true. */
  accept?: (match: RegExpExecArray) => boolean;
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

/** Shannon entropy in bits per character. */
export function measureEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** The content rules, in order; the first that fires names the finding. */
export const SECRET_RULES: readonly SecretRule[] = [
  { id: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/ },
  { id: 'aws-access-key-id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { id: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}/ },
  { id: 'github-pat', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { id: 'openai-key', pattern: /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/ },
  { id: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { id: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  {
    id: 'generic-assignment',
    pattern: /(key|secret|token|passw(or)?d|pwd)\w*['"]?\s*[:=]\s*(['"])([^'"]{12,})\3/i,
    // Random-looking: varied characters and a digit (hex, base64, generated passwords), not prose.
    accept: (match) => measureEntropy(match[4] ?? '') >= 3.2 && /\d/.test(match[4] ?? ''),
  },
];

function matchRule(rule: SecretRule, line: string): boolean {
  const match = rule.pattern.exec(line);
  return match !== null && (rule.accept?.(match) ?? true);
}

/** Every line of `text` that holds a secret, with the first rule that matched it. */
export function findSecrets(text: string, rules: readonly SecretRule[] = SECRET_RULES): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = text.split('\n');
  let inKeyBlock = false;
  lines.forEach((line, index) => {
    const rule = rules.find((candidate) => matchRule(candidate, line));
    // The base64 body of a private key block is as secret as its header line.
    if (rule) findings.push({ rule: rule.id, line: index + 1 });
    else if (inKeyBlock) findings.push({ rule: 'private-key', line: index + 1 });
    if (rule?.id === 'private-key') inKeyBlock = true;
    if (/-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(line)) inKeyBlock = false;
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
