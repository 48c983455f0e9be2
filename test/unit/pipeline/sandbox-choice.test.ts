import { describe, expect, it } from 'vitest';
import { chooseSandbox, isModelWritten, needsProbe, withEngineTrailer, type SandboxRequest } from '../../../src/pipeline/sandbox-choice.js';

const auto: SandboxRequest = { setting: 'auto', noSandboxFlag: false };
const bwrap = { kind: 'bwrap', version: '0.8.0' } as const;
const missing = { kind: 'none', reason: 'bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)' } as const;

describe('chooseSandbox', () => {
  it('sandboxes model-written code when bubblewrap starts', () => {
    expect(needsProbe(auto, true)).toBe(true);
    expect(chooseSandbox(auto, true, bwrap)).toEqual({ kind: 'run', note: { status: 'on', reason: 'bubblewrap 0.8.0' } });
  });

  it('refuses (fails closed) when model-written code would run unsandboxed, saying what to do', () => {
    const choice = chooseSandbox(auto, true, missing);
    expect(choice).toEqual({
      kind: 'refuse',
      message: 'sandbox: bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap); heal will not run model-written code unsandboxed: install bubblewrap, or pass --no-sandbox to accept the risk',
    });
  });

  it('needs no sandbox, and no probe, when no model wrote the code (auto)', () => {
    expect(needsProbe(auto, false)).toBe(false);
    expect(chooseSandbox(auto, false, null)).toEqual({ kind: 'run', note: { status: 'off', reason: 'not needed: no model-written code runs (builtin engine)' } });
  });

  it('sandboxes everything with sandbox: bwrap, and refuses without bubblewrap even for the builtin engine', () => {
    const request: SandboxRequest = { setting: 'bwrap', noSandboxFlag: false };
    expect(needsProbe(request, false)).toBe(true);
    expect(chooseSandbox(request, false, bwrap)).toMatchObject({ kind: 'run', note: { status: 'on' } });
    expect(chooseSandbox(request, false, missing)).toMatchObject({ kind: 'refuse', message: expect.stringContaining('heal will not run commands unsandboxed') });
  });

  it('lets --no-sandbox and sandbox: none turn it off, and says which did', () => {
    expect(needsProbe({ setting: 'bwrap', noSandboxFlag: true }, true)).toBe(false);
    expect(chooseSandbox({ setting: 'bwrap', noSandboxFlag: true }, true, null)).toEqual({ kind: 'run', note: { status: 'off', reason: 'turned off by --no-sandbox' } });
    expect(chooseSandbox({ setting: 'none', noSandboxFlag: false }, true, null)).toEqual({ kind: 'run', note: { status: 'off', reason: 'turned off by sandbox: none' } });
  });
});

describe('Heal-Engine trailers', () => {
  it('joins an existing trailer block, or starts one', () => {
    expect(withEngineTrailer('feat(x): y\n\nHeal-Task: x\nHeal-Model: m\n', 'model')).toBe('feat(x): y\n\nHeal-Task: x\nHeal-Model: m\nHeal-Engine: model\n');
    expect(withEngineTrailer('heal fix: 1 fix\n\n- off-by-one in a.js', 'builtin')).toBe('heal fix: 1 fix\n\n- off-by-one in a.js\n\nHeal-Engine: builtin\n');
    expect(withEngineTrailer('one line', 'patch-file')).toBe('one line\n\nHeal-Engine: patch-file\n');
  });

  it('reads heal commits on top of the built commit until the first commit heal did not make', () => {
    expect(isModelWritten(['fix\n\nHeal-Engine: builtin', 'feat\n\nHeal-Engine: model', 'user commit'])).toBe(true);
    expect(isModelWritten(['tests\n\nHeal-Engine: builtin', 'fix\n\nHeal-Engine: builtin', 'user commit'])).toBe(false);
    expect(isModelWritten(['user commit', 'feat\n\nHeal-Engine: patch-file'])).toBe(false);
    expect(isModelWritten(['feat\n\nHeal-Engine: patch-file'])).toBe(true);
    expect(isModelWritten([])).toBe(false);
  });
});
