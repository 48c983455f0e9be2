import { describe, expect, it } from 'vitest';
import { UPPER, LOWER, DIGITS, ALNUM, CONSONANTS, pick, distinct } from '../../helpers/secret-samples.js';
import { formatSecretRefusal, maskSecret, redactSecretsInText, scanAddedLines, type SecretHit } from '../../../src/patch/secret-scan.js';

const BASE32 = `${UPPER}234567`;
const BASE64 = `${ALNUM}+/`;

/** A random-looking value for generic assignments: consonants with digits in it. */
function genericValue(length = 24): string {
  return distinct(CONSONANTS, length - 3) + distinct(DIGITS, 3);
}

function jwt(): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: pick(ALNUM, 12), iat: 1_700_000_000 })}.${pick(`${ALNUM}-_`, 43)}`;
}

interface Sample {
  rule: string;
  /** The secret value as the rule reports it (for leak checks). */
  value: string;
  line: string;
}

function sample(rule: string, value: string, line = `const value = "${value}";`): Sample {
  return { rule, value, line };
}

function samples(): Sample[] {
  const openaiPart = (): string => pick(ALNUM, 58);
  const awsSecret = pick(BASE64, 40);
  const generic = genericValue();
  const webhookPath = `services/T${pick(UPPER + DIGITS, 8)}/B${pick(UPPER + DIGITS, 10)}/${pick(ALNUM, 24)}`;
  return [
    ...['RSA ', 'EC ', 'OPENSSH ', 'DSA ', 'ENCRYPTED ', ''].map((kind) => sample('private-key', `-----BEGIN ${kind}PRIVATE KEY-----`, `-----BEGIN ${kind}PRIVATE KEY-----`)),
    sample('private-key', '-----BEGIN PGP PRIVATE KEY BLOCK-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----'),
    sample('aws-access-key-id', `AKIA${pick(BASE32, 16)}`),
    sample('aws-access-key-id', `ASIA${pick(BASE32, 16)}`),
    sample('aws-secret-access-key', awsSecret, `aws_secret_access_key = ${awsSecret}`),
    sample('aws-secret-access-key', awsSecret, `  "SecretAccessKey": "${awsSecret}",`),
    ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((kind) => sample('github-token', `${kind}_${pick(ALNUM, 36)}`)),
    sample('github-pat', `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`),
    sample('gitlab-token', `glpat-${pick(ALNUM, 20)}`),
    sample('anthropic-key', `sk-ant-api03-${pick(ALNUM, 93)}AA`),
    sample('openai-key', `sk-proj-${openaiPart()}T3Blbk${'FJ'}${openaiPart()}`),
    sample('openai-key', `sk-svcacct-${openaiPart()}T3Blbk${'FJ'}${openaiPart()}`),
    sample('openai-key', `sk-${pick(ALNUM, 20)}T3Blbk${'FJ'}${pick(ALNUM, 20)}`),
    sample('openai-key', `sk-proj-${pick(LOWER, 20)}${pick(UPPER, 20)}${pick(DIGITS, 8)}`),
    sample('slack-token', `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(ALNUM, 24)}`),
    sample('slack-token', `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(LOWER + DIGITS, 32)}`),
    sample('slack-webhook', webhookPath, `const hook = 'https://hooks.slack.com/${webhookPath}';`),
    sample('stripe-key', `sk_live_${pick(ALNUM, 24)}`),
    sample('stripe-key', `rk_live_${pick(ALNUM, 24)}`),
    sample('google-api-key', `AIza${pick(`${ALNUM}-_`, 35)}`),
    sample('npm-token', `npm_${pick(ALNUM, 36)}`),
    sample('jwt', jwt()),
    sample('generic-assignment', generic, `api_key = "${generic}"`),
    sample('generic-assignment', generic, `DB_PASSWORD: '${generic}'`),
    sample('generic-assignment', generic, `  "client_secret": "${generic}",`),
    sample('generic-assignment', generic, `export AUTH_TOKEN=${generic}`),
    sample('generic-assignment', generic, `const token: string = \`${generic}\`;`),
    sample('generic-assignment', generic, `password := "${generic}"`),
    sample('generic-assignment', generic, `headers = { authorization: "Bearer ${generic}" }`),
  ];
}

const MARKERS = ['# gitleaks:allow', '// gitleaks:allow', '/* gitleaks:allow */', '# pragma: allowlist secret', '// pragma: allowlist secret', '# nosec', '# noqa', '// noqa: S105'];

function scanLine(line: string, path = 'src/config.ts'): SecretHit[] {
  return scanAddedLines([{ path, before: null, after: `import x from "y";\n${line}\nexport default x;\n` }]);
}

/** True when `text` shows more of `value` than its first 4 characters: any 5-character run from the 5th on. */
function leaks(text: string, value: string): boolean {
  for (let start = 4; start + 5 <= value.length; start++) if (text.includes(value.slice(start, start + 5))) return true;
  return false;
}

describe('scanAddedLines: each rule', () => {
  it.each(samples().map((item) => [item.rule, item]))('%s hits, names the rule and line, and leaks at most 4 characters', (_rule, item) => {
    const hits = scanLine(item.line);
    expect(hits.map((hit) => ({ rule: hit.rule, path: hit.path, line: hit.line }))).toEqual([{ rule: item.rule, path: 'src/config.ts', line: 2 }]);
    const [hit] = hits as [SecretHit];
    expect(hit.masked).toBe(maskSecret(item.value));
    expect(hit.masked.replace('…[redacted]', '').length).toBeLessThanOrEqual(4);
    expect(hit.preview).toContain('…[redacted]');
    const message = formatSecretRefusal(hits);
    expect(message).toMatch(/^refusing to commit: 1 secret\(s\) in the change: \S+ at src\/config\.ts:2 \(.*\); remove them \(heal never commits secrets\)$/);
    expect(message).not.toMatch(/[\r\n]/);
    for (const text of [hit.preview, hit.masked, message, redactSecretsInText(item.line)]) expect(leaks(text, item.value), text).toBe(false);
  });

  it.each(samples().flatMap((item) => MARKERS.map((marker) => [item.rule, marker, item] as const)))('%s still hits with an allow marker `%s`', (_rule, marker, item) => {
    expect(scanLine(`${item.line} ${marker}`).map((hit) => hit.rule)).toEqual([item.rule]);
  });

  const nearMisses: Array<[string, string]> = [
    ['private-key', '-----BEGIN PUBLIC KEY-----'],
    ['private-key', '-----BEGIN CERTIFICATE-----'],
    ['private-key', '// read the private key from the keystore'],
    ['aws-access-key-id', `const id = "AKIA${'X'.repeat(16)}";`],
    ['aws-access-key-id', `const id = "AKIA${pick(BASE32, 12)}";`],
    ['aws-secret-access-key', 'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]'],
    ['aws-secret-access-key', `aws_secret_access_key = ${'x'.repeat(40)}`],
    ['github-token', `token = "ghp_${'x'.repeat(36)}"`],
    ['github-token', 'const prefix = "ghp_";'],
    ['github-pat', `token = "github_pat_${'X'.repeat(82)}"`],
    ['gitlab-token', `token = "glpat-${'x'.repeat(20)}"`],
    ['anthropic-key', `const key = "sk-ant-api03-${'x'.repeat(95)}";`],
    ['openai-key', 'const spinner = "sk-loading-spinner-container-large";'],
    ['openai-key', `OPENAI_API_KEY=sk-${'x'.repeat(48)}`],
    ['slack-token', 'SLACK_BOT_TOKEN=xoxb-your-bot-token-here'],
    ['slack-webhook', 'url = "https://hooks.slack.com/services/T000/B000/XXXX"'],
    ['stripe-key', `const key = "sk_test_${pick(ALNUM, 24)}";`],
    ['stripe-key', `const key = "sk_live_${'x'.repeat(24)}";`],
    ['google-api-key', `key = "AIza${'x'.repeat(35)}"`],
    ['npm-token', 'npm_config_registry=https://registry.npmjs.org/'],
    ['npm-token', `//registry.npmjs.org/:_authToken=npm_${'x'.repeat(36)}`],
    ['jwt', 'const header = "eyJhbGciOiJIUzI1NiJ9";'],
    ['generic-assignment', 'password: "changeme"'],
    ['generic-assignment', 'api_key = "${API_KEY}"'],
    ['generic-assignment', 'const token = process.env.API_TOKEN;'],
    ['generic-assignment', 'api_key = os.environ["API_KEY"]'],
    ['generic-assignment', 'secret = os.getenv("APP_SECRET")'],
    ['generic-assignment', 'apiKey: "<your-api-key>"'],
    ['generic-assignment', `api_key = "example-${genericValue()}"`],
    ['generic-assignment', 'const key = "aaaaaaaaaaaaaaaa";'],
    ['generic-assignment', 'const token = fakeToken;'],
    ['generic-assignment', `const token = "fake-token-${genericValue(12)}";`],
    ['generic-assignment', 'password = "hunter22"'],
    ['generic-assignment', 'const tokenHint = "Enter your password here";'],
    ['generic-assignment', `publicKey: "${genericValue(40)}"`],
    ['generic-assignment', 'const token = await readToken(options.tokenFile);'],
    ['generic-assignment', 'const authorName = "Ada Lovelace";'],
    ['generic-assignment', "EMRFS_SSE_KEY = 'fs.s3.enableServerSideEncryption'"],
    ['generic-assignment', "parser.add(dest_key='Ec2KeyName', ipv6_key='Ipv6CidrBlockAssociationSet')"],
    ['generic-assignment', "TOKEN_PREFIX = 'k8s-aws-v1.'"],
    ['generic-assignment', '_this.tokenize = lineDiff2.tokenize;'],
    ['generic-assignment', 'if (keys1.length !== keys2.length) return false;'],
    ['generic-assignment', 'PrivateKey768 = rust_openssl.hpke.PrivateKey768'],
    ['generic-assignment', '"KeyArn": "arn:aws:kms:us-west-2:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321",'],
    ['generic-assignment', '"PasswordLastUsed": "2016-09-08T21:47:36Z",'],
    ['generic-assignment', `key_sha256: "${pick('0123456789abcdef', 64)}"`],
    ['generic-assignment', 'if (lastSignificantToken === "?NonExpressionParenKeyword") {'],
  ];
  it.each(nearMisses)('%s: does not hit `%s`', (_rule, line) => {
    expect(scanLine(line)).toEqual([]);
  });
});

describe('scanAddedLines: only what the change adds', () => {
  const secretLine = (): string => `const key = "AKIA${pick(BASE32, 16)}";`;

  it('does not flag a line the file already had, even moved or re-indented', () => {
    const line = secretLine();
    const before = `const a = 1;\n${line}\nconst b = 2;\n`;
    expect(scanAddedLines([{ path: 'a.ts', before, after: `${before}const c = 3;\n` }])).toEqual([]);
    expect(scanAddedLines([{ path: 'a.ts', before, after: `  ${line}\nconst a = 1;\nconst b = 2;\n` }])).toEqual([]);
  });

  it('flags a new secret at its line in the new text, CRLF or not', () => {
    const line = secretLine();
    const before = 'const a = 1;\r\nconst b = 2;\r\n';
    const hits = scanAddedLines([{ path: 'src/a.ts', before, after: `const a = 1;\r\nconst b = 2;\r\n${line}\r\n` }]);
    expect(hits.map((hit) => [hit.rule, hit.line])).toEqual([['aws-access-key-id', 3]]);
  });

  it('does not flag a value the file already held on a changed line', () => {
    const line = secretLine();
    expect(scanAddedLines([{ path: 'a.ts', before: `${line}\n`, after: `${line} // the deploy key\n` }])).toEqual([]);
  });

  it('flags a second private key even when the file already had one', () => {
    const block = (): string => `-----BEGIN RSA PRIVATE KEY-----\n${pick(BASE64, 64)}\n${pick(BASE64, 20)}==\n-----END RSA PRIVATE KEY-----\n`;
    const before = block();
    const hits = scanAddedLines([{ path: 'keys.txt', before, after: before + block() }]);
    expect(hits.map((hit) => [hit.rule, hit.line])).toEqual([['private-key', 5]]);
  });

  it('flags a new line in the body of a key the file already had, once per block', () => {
    const body = [pick(BASE64, 64), pick(BASE64, 64), pick(BASE64, 64)];
    const before = `x = 1\n-----BEGIN OPENSSH PRIVATE KEY-----\n${body.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const replaced = [pick(BASE64, 64), pick(BASE64, 64)];
    const after = `x = 1\n-----BEGIN OPENSSH PRIVATE KEY-----\n${replaced.join('\n')}\n${body[2]}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const hits = scanAddedLines([{ path: 'deploy/notes.txt', before, after }]);
    expect(hits.map((hit) => [hit.rule, hit.line])).toEqual([['private-key', 3]]);
    expect(leaks(formatSecretRefusal(hits), replaced[0] ?? '')).toBe(false);
  });

  it('finds a private key written as one JSON string', () => {
    const json = `{\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${pick(BASE64, 64)}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "bot@example.iam"\n}\n`;
    expect(scanAddedLines([{ path: 'config/bot.json', before: null, after: json }]).map((hit) => [hit.rule, hit.line])).toEqual([['private-key', 2]]);
  });

  it('reports nothing for deleted files and unchanged text', () => {
    const text = `${secretLine()}\n`;
    expect(scanAddedLines([{ path: 'a.ts', before: text, after: null }, { path: 'b.ts', before: text, after: text }])).toEqual([]);
  });
});

describe('scanAddedLines: whole files', () => {
  it.each(['.env', 'config/.env.production', 'certs/server.pem', 'deploy/id_rsa', '.npmrc', 'gcp-credentials.json'])('a new %s is a hit whatever it holds', (path) => {
    expect(scanAddedLines([{ path, before: null, after: 'DEBUG=1\n' }])).toEqual([{ rule: 'secret-file', path, line: null, preview: expect.any(String), masked: expect.any(String) }]);
  });

  it('scans an existing secret file line by line instead', () => {
    expect(scanAddedLines([{ path: '.npmrc', before: 'save-exact=true\n', after: 'save-exact=true\nfund=false\n' }])).toEqual([]);
    const token = `npm_${pick(ALNUM, 36)}`;
    const hits = scanAddedLines([{ path: '.npmrc', before: 'save-exact=true\n', after: `save-exact=true\n//registry.npmjs.org/:_authToken=${token}\n` }]);
    expect(hits.map((hit) => [hit.rule, hit.line])).toEqual([['npm-token', 2]]);
  });

  it.each([
    ['a new .gitleaksignore', '.gitleaksignore', null, 'abc123:src/config.ts:generic-api-key:3\n'],
    ['a changed .secrets.baseline', 'tools/.secrets.baseline', '{"results": {}}\n', '{"results": {"src/a.py": []}}\n'],
    ['a changed .gitleaks.toml', '.gitleaks.toml', '[extend]\nuseDefault = true\n', '[extend]\nuseDefault = true\n[allowlist]\npaths = ["src"]\n'],
    ['a deleted .gitleaksignore', '.gitleaksignore', 'abc:x:y:1\n', null],
  ])('%s is allow-list tampering', (_name, path, before, after) => {
    expect(scanAddedLines([{ path, before, after }]).map((hit) => [hit.rule, hit.path, hit.line])).toEqual([['allowlist-tampering', path, null]]);
  });

  it('an unchanged allow-list is not a hit', () => {
    expect(scanAddedLines([{ path: '.gitleaksignore', before: 'a:b:c:1\n', after: 'a:b:c:1\n' }])).toEqual([]);
  });
});

describe('formatSecretRefusal', () => {
  it('names every hit on one line, five at most, with location and redacted value', () => {
    const keys = Array.from({ length: 7 }, () => `AKIA${pick(BASE32, 16)}`);
    const after = keys.map((key) => `k = "${key}"`).join('\n');
    const hits = scanAddedLines([{ path: 'config/aws.js', before: null, after }, { path: 'weird\nname/.env', before: null, after: 'A=1' }]);
    const message = formatSecretRefusal(hits);
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).toContain('refusing to commit: 8 secret(s) in the change: aws-access-key-id at config/aws.js:1 (AKIA…[redacted]), aws-access-key-id at config/aws.js:2 (AKIA…[redacted])');
    expect(message).toContain(', and 3 more; remove them (heal never commits secrets)');
    for (const key of keys) expect(leaks(message, key)).toBe(false);
  });

  it('keeps short values to fewer shown characters', () => {
    expect(maskSecret('Q7m!vR2#x9')).toBe('Q7…[redacted]');
    expect(maskSecret('abc')).toBe('…[redacted]');
  });
});

describe('redactSecretsInText', () => {
  it('canary: a multi-line test output keeps neither an OpenAI key nor a GitHub token', () => {
    const openai = `sk-proj-${pick(ALNUM, 58)}T3Blbk${'FJ'}${pick(ALNUM, 58)}`;
    const github = `ghp_${pick(ALNUM, 36)}`;
    const output = [
      ' FAIL  test/client.test.ts > client > sends the key',
      `AssertionError: expected 'Bearer ${openai}' to be '${github}'`,
      `  - Expected: "${github}"`,
      `  + Received: "Bearer ${openai}"`,
      '    at test/client.test.ts:12:5',
      ` Test Files  1 failed (1)`,
    ].join('\n');
    const redacted = redactSecretsInText(output);
    expect(leaks(redacted, openai)).toBe(false);
    expect(leaks(redacted, github)).toBe(false);
    expect(redacted.split('\n')).toEqual([
      ' FAIL  test/client.test.ts > client > sends the key',
      "AssertionError: expected 'Bearer [redacted:openai-key]' to be '[redacted:github-token]'",
      '  - Expected: "[redacted:github-token]"',
      '  + Received: "Bearer [redacted:openai-key]"',
      '    at test/client.test.ts:12:5',
      ' Test Files  1 failed (1)',
    ]);
  });

  it('redacts a key block body but not the text after a quoted header', () => {
    const body = pick(BASE64, 64);
    const text = `before\n-----BEGIN EC PRIVATE KEY-----\n  ${body}\n-----END EC PRIVATE KEY-----\nafter\n`;
    expect(redactSecretsInText(text)).toBe('before\n[redacted:private-key]\n  [redacted:private-key]\n[redacted:private-key]\nafter\n');
    const log = "expect(isKey('-----BEGIN RSA PRIVATE KEY-----')).toBe(true)\nAssertionError: expected false to be true\n";
    expect(redactSecretsInText(log).split('\n')[1]).toBe('AssertionError: expected false to be true');
  });

  it('keeps text without secrets byte for byte', () => {
    const text = 'PASS  src/a.test.ts (3 tests)\r\nconst token = readToken();\r\n';
    expect(redactSecretsInText(text)).toBe(text);
  });
});
