import { describe, expect, it } from 'vitest';
import { findSecrets, isSecretPath, measureEntropy, redactSecrets } from '../../../src/context/secret-rules.js';

describe('secret path rules', () => {
  it.each([
    '.env',
    '.env.local',
    '.envrc',
    'config/.env.production',
    'deploy/prod.env',
    'certs/server.pem',
    'tls/server.key',
    'store.p12',
    'cert.pfx',
    'android/release.keystore',
    'id_rsa',
    'home/.ssh/id_ed25519.pub',
    '.npmrc',
    'pkg/.pypirc',
    '.netrc',
    'credentials',
    'credentials.json',
    'gcp-credentials.json',
    '.aws/config',
    'secrets.yaml',
    '.git-credentials',
  ])('never reads %s', (path) => {
    expect(isSecretPath(path)).toBe(true);
  });

  it.each(['src/env.ts', 'src/auth/credentials.ts', 'src/keys.py', 'README.md', 'docs/environment.md', 'src/secret-rules.ts'])(
    'reads %s',
    (path) => {
      expect(isSecretPath(path)).toBe(false);
    },
  );
});

describe('secret content rules', () => {
  const cases: Array<[string, string]> = [
    ['aws-access-key-id', 'const id = "AKIAIOSFODNN7EXAMPLE";'],
    ['github-token', `token = ghp_${'a1B2'.repeat(9)}`],
    ['github-pat', `GITHUB_PAT github_pat_${'11ABCDEFG0'.repeat(4)}`],
    ['openai-key', 'client = OpenAI(api="sk-proj-abc123DEF456ghi789JKL012")'],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['generic-assignment', 'const apiKey = "x9Fq2LmZ8vT4rWp1";'],
    ['generic-assignment', 'DB_PASSWORD: "Q7m!vR2#xL9@pZ4k"'],
    ['generic-assignment', '"client_secret": "b3f9a7c1e5d2840f6a1c"'],
  ];
  it.each(cases)('finds %s', (rule, line) => {
    expect(findSecrets(`first line\n${line}\nlast line`)[0]).toEqual({ rule, line: 2 });
    expect(findSecrets(`first line\n${line}`).filter((finding) => finding.line !== 2)).toEqual([]);
  });

  it('leaves ordinary code alone', () => {
    const code = [
      'const token = readToken();',
      'password: "changeme"',
      'const key = "aaaaaaaaaaaaaaaa";',
      'const task = "risk-assessment-framework-long";',
      'export function clamp(value: number) {}',
      'const keyName = "user-profile-picture";',
      'const tokenHint = "Enter your password here";',
    ].join('\n');
    expect(findSecrets(code)).toEqual([]);
  });

  it('redacts whole lines, the body of a key block included, and keeps line numbers', () => {
    const text = 'a = 1\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----\nb = 2\nAKIAIOSFODNN7EXAMPLE\n';
    const redacted = redactSecrets(text);
    expect(redacted.split('\n')).toEqual([
      'a = 1',
      '[redacted by heal: private-key]',
      '[redacted by heal: private-key]',
      '[redacted by heal: private-key]',
      'b = 2',
      '[redacted by heal: aws-access-key-id]',
      '',
    ]);
    expect(redacted).not.toContain('MIIEvQ');
    expect(redactSecrets('nothing here')).toBe('nothing here');
  });

  it('measures entropy in bits per character', () => {
    expect(measureEntropy('aaaa')).toBe(0);
    expect(measureEntropy('abcd')).toBe(2);
    expect(measureEntropy('')).toBe(0);
  });
});
