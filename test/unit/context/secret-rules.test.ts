import { describe, expect, it } from 'vitest';
import { UPPER, ALNUM, CONSONANTS, pick, distinct } from '../../helpers/secret-samples.js';
import {
  findSecrets,
  findSecretValues,
  isPlaceholder,
  isRandomLooking,
  isSecretPath,
  locateKeyBodies,
  measureEntropy,
  measureWordiness,
  redactSecrets,
} from '../../../src/context/secret-rules.js';


function randomValue(length: number): string {
  return `${distinct(CONSONANTS, length - 2)}${distinct('0123456789', 2)}`;
}

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
    ['aws-access-key-id', `const id = "AKIA${pick(`${UPPER}234567`, 16)}";`],
    ['github-token', `token = ghp_${pick(ALNUM, 36)}`],
    ['github-pat', `GITHUB_PAT github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`],
    ['openai-key', `client = OpenAI(api="sk-proj-${pick('abcdefgh', 8)}${pick('ABCDEFGH', 8)}${pick('0123456789', 8)}")`],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['generic-assignment', `const apiKey = "${randomValue(16)}";`],
    ['generic-assignment', `DB_PASSWORD: "${distinct(CONSONANTS, 4)}!#${distinct('0123456789', 3)}@${distinct(CONSONANTS, 6)}"`],
    ['generic-assignment', `"client_secret": "${distinct('0123456789abcdef', 16)}${distinct('0123456789abcdef', 16)}"`],
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
    const text = `a = 1\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----\nb = 2\nAKIA${pick(UPPER, 16)}\n`;
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

describe('secret values', () => {
  it('locates each value on a line, the specific rule winning over the generic one', () => {
    const github = `ghp_${pick(ALNUM, 36)}`;
    const generic = randomValue(20);
    const line = `GITHUB_TOKEN=${github} API_SECRET="${generic}"`;
    expect(findSecretValues(line)).toEqual([
      { rule: 'github-token', value: github, start: 13, end: 13 + github.length },
      { rule: 'generic-assignment', value: generic, start: line.indexOf(generic), end: line.indexOf(generic) + generic.length },
    ]);
  });

  it('finds a token right after an escaped newline in a string', () => {
    const key = `AKIA${pick(UPPER, 16)}`;
    expect(findSecretValues(`const env = "A=1\\n${key}\\n";`).map((match) => match.value)).toEqual([key]);
  });

  it('takes a private key written inline as one value, header to footer', () => {
    const line = `"private_key": "-----BEGIN PRIVATE KEY-----\\n${pick(ALNUM, 64)}\\n-----END PRIVATE KEY-----\\n",`;
    const [match] = findSecretValues(line);
    expect(match?.rule).toBe('private-key');
    expect(line.slice(match?.end)).toBe('\\n",');
  });

  it('ends a key body at its footer or at the first line that is not key material', () => {
    const lines = ['x', '-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', '', pick(ALNUM, 64), '-----END RSA PRIVATE KEY-----', pick(ALNUM, 64)];
    expect(locateKeyBodies(lines)).toEqual([null, null, 1, 1, 1, 1, null]);
    expect(locateKeyBodies(["isKey('-----BEGIN EC PRIVATE KEY-----')", 'AssertionError: expected false to be true'])).toEqual([null, null]);
  });

  it.each(['changeme', '${API_KEY}', '<your-api-key>', 'xxxxxxxx', 'process.env.TOKEN', 'example-123', 'my-test-token', '********'])('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it('measures how much of a value is made of words', () => {
    expect(measureWordiness('fs.s3.enableServerSideEncryption')).toBeGreaterThan(0.5);
    expect(measureWordiness('Ec2KeyName')).toBeGreaterThan(0.5);
    expect(measureWordiness(randomValue(24))).toBe(0);
  });

  it('calls random-looking only varied values that are not words, paths or numbers', () => {
    expect(isRandomLooking(randomValue(24))).toBe(true);
    expect(isRandomLooking(`${distinct(CONSONANTS, 6)}!${distinct('0123456789', 3)}`)).toBe(true);
    for (const value of ['hunter22', 'k8s-aws-v1.', 'user-profile-picture', 'src/auth/login.ts', '1712345678901', '2016-09-08T21:47:36Z', 'v2-users-list-2024', 'fs.s3.enableServerSideEncryption', 'https://auth0.example.io/x9', pick(CONSONANTS, 30).toLowerCase()]) expect(isRandomLooking(value), value).toBe(false);
  });
});
