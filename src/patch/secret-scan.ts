/**
 * The last gate before heal commits: every line a change adds is scanned for secrets, and a hit
 * refuses the commit. Inline allow markers (`gitleaks:allow`, `pragma: allowlist secret`, `nosec`,
 * `noqa`) are ignored on purpose — the model writes them as easily as the secret — and so are
 * edits to scanners' allow-lists, which are themselves a hit. Pure: text in, hits out.
 */
import { findSecretValues, isSecretPath, locateKeyBodies, type SecretMatch } from '../context/secret-rules.js';

/** One file as a commit would change it; `before` is null for a new file, `after` null for a deletion. */
export interface SecretScanChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** A secret a change would commit, named without its value. */
export interface SecretHit {
  /** A content rule id, `secret-file` (a new file whose name says it holds secrets) or `allowlist-tampering`. */
  rule: string;
  path: string;
  /** 1-based line in the new text; null for a hit on the whole file. */
  line: number | null;
  /** The line with every secret value on it redacted (at most 160 characters); for a whole-file hit, what is wrong. */
  preview: string;
  /** The value redacted (`AKIA…[redacted]`, never more than 4 leading characters); for a whole-file hit, what is wrong. */
  masked: string;
}

/** Files through which scanners are told to look away: changing one could hide a secret from CI's own scan. */
const ALLOWLIST_FILES = new Set(['.gitleaksignore', '.gitleaks.toml', 'gitleaks.toml', '.secrets.baseline']);
const MAX_PREVIEW = 160;
const MAX_LISTED = 5;

/** A value shown as at most 4 of its leading characters (fewer when it is short) and a marker. */
export function maskSecret(value: string): string {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 5)))}…[redacted]`;
}

function splitText(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Which lines of `after` are new: a line (ignoring indentation) that `before` had, even elsewhere, is not. */
function markAdded(before: readonly string[], after: readonly string[]): boolean[] {
  const remaining = new Map<string, number>();
  for (const line of before) remaining.set(line.trim(), (remaining.get(line.trim()) ?? 0) + 1);
  return after.map((line) => {
    const count = remaining.get(line.trim()) ?? 0;
    if (count > 0) remaining.set(line.trim(), count - 1);
    return count === 0;
  });
}

function maskLine(line: string, matches: readonly SecretMatch[]): string {
  let masked = line;
  for (const match of [...matches].sort((a, b) => b.start - a.start)) masked = masked.slice(0, match.start) + maskSecret(match.value) + masked.slice(match.end);
  return masked;
}

function clipPreview(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length <= MAX_PREVIEW ? flat : `${flat.slice(0, MAX_PREVIEW - 1)}…`;
}

function fileHit(rule: string, path: string, what: string): SecretHit {
  return { rule, path, line: null, preview: what, masked: what };
}

function scanLines(change: SecretScanChange & { after: string }): SecretHit[] {
  const before = change.before ?? '';
  const lines = splitText(change.after);
  const isAdded = markAdded(splitText(before), lines);
  const bodies = locateKeyBodies(lines);
  const reportedBlocks = new Set<number>();
  const hits: SecretHit[] = [];
  lines.forEach((line, index) => {
    if (!isAdded[index]) return;
    const matches = findSecretValues(line);
    // A value the file already held is not one this change brings in (a key header is no value: its block is new or not).
    const fresh = matches.filter((match) => match.rule === 'private-key' || !before.includes(match.value));
    for (const match of fresh) hits.push({ rule: match.rule, path: change.path, line: index + 1, preview: clipPreview(maskLine(line, matches)), masked: maskSecret(match.value) });
    const header = bodies[index];
    if (matches.length > 0 || line.trim() === '' || header === undefined || header === null || reportedBlocks.has(header)) return;
    // One hit per key block: at its header when the header is new, else at its first new body line.
    reportedBlocks.add(header);
    if (isAdded[header]) return;
    hits.push({ rule: 'private-key', path: change.path, line: index + 1, preview: maskSecret(line.trim()), masked: maskSecret(line.trim()) });
  });
  return hits;
}

function scanChange(change: SecretScanChange): SecretHit[] {
  const basename = change.path.split(/[\\/]/).at(-1) ?? change.path;
  const hits: SecretHit[] = [];
  if (ALLOWLIST_FILES.has(basename) && change.before !== change.after) hits.push(fileHit('allowlist-tampering', change.path, 'a secret scanner allow-list changed'));
  if (change.after === null) return hits;
  if (change.before === null && isSecretPath(change.path)) hits.push(fileHit('secret-file', change.path, 'a new file whose name says it holds secrets'));
  return [...hits, ...scanLines({ ...change, after: change.after })];
}

/**
 * Pure: the secrets a change would commit. Only added lines are scanned (a line the file had before
 * is not flagged again); a new secret-bearing file (`.env`, a key, `.npmrc`…) and any change to a
 * scanner's allow-list are hits whatever they contain. Inline allow markers are not honoured.
 */
export function scanAddedLines(changes: readonly SecretScanChange[]): SecretHit[] {
  return changes.flatMap(scanChange);
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** The one-line error heal prints when it refuses to commit: each hit's rule, location and redacted value. */
export function formatSecretRefusal(hits: readonly SecretHit[]): string {
  const listed = hits.slice(0, MAX_LISTED).map((hit) => `${hit.rule} at ${oneLine(hit.path)}${hit.line === null ? '' : `:${hit.line}`} (${oneLine(hit.masked)})`);
  if (hits.length > MAX_LISTED) listed.push(`and ${hits.length - MAX_LISTED} more`);
  return `refusing to commit: ${hits.length} secret(s) in the change: ${listed.join(', ')}; remove them (heal never commits secrets)`;
}

/**
 * Pure: `text` (tool output, a log) with each secret value replaced by `[redacted:<rule>]` and the
 * rest of each line kept; a private key's body lines are replaced whole. For anything that goes
 * into a prompt or a log.
 */
export function redactSecretsInText(text: string): string {
  const lines = text.split('\n');
  const bodies = locateKeyBodies(lines);
  return lines
    .map((line, index) => {
      const matches = findSecretValues(line);
      if (matches.length === 0 && bodies[index] !== null && bodies[index] !== undefined && line.trim() !== '') {
        return `${/^\s*/.exec(line)?.[0] ?? ''}[redacted:private-key]${line.endsWith('\r') ? '\r' : ''}`;
      }
      let redacted = line;
      for (const match of matches.sort((a, b) => b.start - a.start)) redacted = `${redacted.slice(0, match.start)}[redacted:${match.rule}]${redacted.slice(match.end)}`;
      return redacted;
    })
    .join('\n');
}
