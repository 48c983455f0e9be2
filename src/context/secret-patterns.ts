/**
 * The content rules behind heal's secret checks, modelled on gitleaks' core rules but written for
 * heal: one pattern per kind of credential, the secret itself in the named group `value`, and a check
 * of the value where its shape alone is not enough (entropy, placeholders). Pure data and predicates.
 */

/** A content rule: a pattern (no global flag needed) and an optional check of the match. */
export interface SecretRule {
  /** Names findings, e.g. `aws-access-key-id`. */
  id: string;
  /** The secret is the named group `value` when the pattern has one, else the whole match. */
  pattern: RegExp;
  /** Receives the regexp's match; the rule fires only when it returns true. */
  accept?: (match: RegExpExecArray) => boolean;
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

const PLACEHOLDER_WORDS =
  /changeme|change[_-]me|placeholder|example|sample|dummy|fake|mock|test|redacted|replace|your[_-]?(?:key|token|secret|pass)|xxx|\*\*\*|\.\.\.|<[^>]*>|\$\{|\{\{|%[A-Za-z_]+%|process\.env|os\.environ|getenv/i;

/** True when a value is a stand-in rather than a secret: `changeme`, `${VAR}`, `<your-key>`, `xxxx`, one repeated character… */
export function isPlaceholder(value: string): boolean {
  return /^(.)\1*$/.test(value) || PLACEHOLDER_WORDS.test(value);
}

/** A pronounceable part: 3+ letters, a quarter to three quarters vowels, no run of four consonants. */
function isWordLike(part: string): boolean {
  const vowels = (part.match(/[aeiouy]/gi) ?? []).length / part.length;
  return part.length >= 3 && vowels >= 0.25 && vowels <= 0.75 && !/[^aeiouy]{4}/i.test(part);
}

/**
 * The share of `value` made of word-like parts, split as identifiers are (`enable`, `Server`, `KEY`).
 * Names and paths (`fs.s3.enableServerSideEncryption`, `Ec2KeyName`) are mostly words; generated
 * strings rarely are: at 0.5, about 4% of random 24-character base62 strings, 10% of lowercase ones.
 */
export function measureWordiness(value: string): number {
  const parts = (value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []).filter(isWordLike);
  return parts.reduce((sum, part) => sum + part.length, 0) / Math.max(1, value.length);
}

/**
 * True when an assigned value looks generated rather than written: it has a digit, is not mostly
 * words, not a URL, ARN, number or date, has both cases when short, and Shannon entropy near the most its
 * length allows (3.5 bits per character from ~17 characters on, as gitleaks' generic rule).
 */
export function isRandomLooking(value: string): boolean {
  if (value.length < 8 || !/\d/.test(value) || /^[\d\s.,:/TZ+-]+$/.test(value) || /^(?:[a-z][a-z0-9+.-]*:\/\/|urn:|arn:)/i.test(value) || isPlaceholder(value)) return false;
  if (value.length < 16 && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) return false;
  return measureWordiness(value) < 0.5 && measureEntropy(value) >= Math.min(3.5, Math.log2(value.length) - 0.6);
}

function valueOf(match: RegExpExecArray): string {
  return match.groups?.['value'] ?? match[0];
}

/** Accepts a match whose value has at least `bits` of entropy per character (rules out `xxxx` fillers). */
function entropyAtLeast(bits: number): (match: RegExpExecArray) => boolean {
  return (match) => measureEntropy(valueOf(match)) >= bits;
}

/** Names that hold keys or tokens but no secret (`publicKey`, `keyName`, `tokenUrl`, `author`…). */
const NON_SECRET_NAMES =
  /(?:pub|public|primary|foreign|sort|cache|partition|i18n|translation|react|row|hot)[_.-]?key|key[_.-]?(?:id|name|code|path|file|size|length|type|prefix|alias|pair)|(?:token|secret)[_.-]?(?:url|uri|endpoint|type|file|path|name|count|limit|length|expir\w*)|auth[_.-]?(?:url|uri|domain|endpoint|type|method|mode|provider)|sha(?:1|224|256|384|512)|md5|hash|digest|checksum|fingerprint|integrity|author(?!i[sz]ation)|keyboard|monkey|csrf|turkey/i;

function acceptGeneric(match: RegExpExecArray): boolean {
  return !NON_SECRET_NAMES.test(match.groups?.['name'] ?? '') && isRandomLooking(valueOf(match));
}

/** A token that starts a word, or follows an escape (`\nAKIA…` inside a JSON or source string). */
function token(source: string): RegExp {
  return new RegExp(String.raw`(?:(?<![A-Za-z0-9_])|(?<=\\[nrt]))${source}`);
}

const NAME = String.raw`(?<name>[\w.-]{0,50}?(?:key|secret|token|passw(?:or)?d|passwd|pwd|auth|credential|creds)[\w.-]{0,20})`;
// An optional type annotation (`token: string = …`), then `=`, `:`, `:=`, `=>`, `===`…
const ASSIGN = String.raw`['"\]]{0,2}(?:\s*:\s*[A-Za-z_][\w.<>|[\] ]{0,40}?)?\s*(?:={1,3}|!==?|:{1,2}=?|=>|\?=)\s*`;

/** The content rules, in order: the first that fires names a line's finding, and specific rules come before the generic one. */
export const SECRET_RULES: readonly SecretRule[] = [
  // The whole header (with any body and footer on the same line, as in a JSON string) is the value.
  { id: 'private-key', pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END).)*(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)?/ },
  { id: 'aws-access-key-id', pattern: token(String.raw`(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b`), accept: entropyAtLeast(3) },
  {
    id: 'aws-secret-access-key',
    pattern: /(?:aws[\w.-]{0,20}secret|secret[_.-]?access[_.-]?key)[\w.-]{0,20}['"\]]{0,2}\s*(?:=|:|=>)\s*['"]?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    accept: entropyAtLeast(3.5),
  },
  { id: 'github-token', pattern: token(String.raw`gh[pousr]_[A-Za-z0-9]{36,255}\b`), accept: entropyAtLeast(3) },
  { id: 'github-pat', pattern: token(String.raw`github_pat_[A-Za-z0-9_]{22,255}`), accept: entropyAtLeast(3) },
  { id: 'gitlab-token', pattern: token(String.raw`gl(?:pat|dt|rt|ft|ptt|soat)-[\w-]{20,300}(?:\.[0-9a-z]{2,9})?\b`), accept: entropyAtLeast(3) },
  { id: 'anthropic-key', pattern: token(String.raw`sk-ant-(?:api|admin|sid)\d{2}-[\w-]{20,}`), accept: entropyAtLeast(3) },
  {
    id: 'openai-key',
    pattern: token(String.raw`sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,}`),
    // A `T3BlbkFJ` marker, or random-looking: mixed case and digits (not a `sk-loading-spinner` class name).
    accept: (match) => measureEntropy(match[0]) >= 3 && (match[0].includes('T3BlbkFJ') || (/[a-z]/.test(match[0]) && /[A-Z]/.test(match[0]) && /\d/.test(match[0]))),
  },
  { id: 'slack-token', pattern: token(String.raw`(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)`), accept: (match) => /\d/.test(match[0]) && measureEntropy(match[0]) >= 3 },
  { id: 'slack-webhook', pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?<value>(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56})/, accept: entropyAtLeast(3) },
  { id: 'stripe-key', pattern: token(String.raw`(?:sk|rk)_(?:live|prod)_[A-Za-z0-9]{10,99}\b`), accept: entropyAtLeast(3) },
  { id: 'google-api-key', pattern: token(String.raw`AIza[\w-]{35}(?![\w-])`), accept: entropyAtLeast(3.5) },
  { id: 'npm-token', pattern: token(String.raw`npm_[A-Za-z0-9]{36}\b`), accept: entropyAtLeast(3) },
  { id: 'jwt', pattern: token(String.raw`ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/\\_-]{17,}\.(?:[A-Za-z0-9/\\_-]{10,}={0,2})?`), accept: entropyAtLeast(3) },
  {
    id: 'generic-assignment',
    pattern: new RegExp(String.raw`${NAME}${ASSIGN}(?<quote>['"\x60])(?:(?:bearer|basic|token)\s+)?(?<value>[\x21\x23-\x26\x28-\x5f\x61-\x7e]{8,200})\k<quote>`, 'i'),
    accept: acceptGeneric,
  },
  {
    id: 'generic-assignment',
    // Unquoted (`.env`, YAML, shell, a URL's query): the value ends the line, or meets a comment, a quote or `&`.
    // In code an unquoted right-hand side is an expression (`a = b.c;`, `f(x)`), never a secret, and ends otherwise.
    pattern: new RegExp(String.raw`${NAME}${ASSIGN}(?<value>[\w.=+/-]{8,200})(?=\s*(?:$|#|//|/\*)|['"\x60&]|\\[nr])`, 'i'),
    // A dotted name (`rust_openssl.hpke.Key2`) is a member access, not a value.
    accept: (match) => !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(valueOf(match)) && acceptGeneric(match),
  },
];
