import { describe, expect, it } from 'vitest';
import {
  detectPackageManager,
  missingToolMessage,
  npmInstall,
  pnpmInstall,
  yarnInstall,
} from '../../../../src/toolchains/node/package-manager.js';
import { CONTEXT, makeFacts } from './facts.js';

const deps = { name: 'app', devDependencies: { vitest: '4.1.12' } };

describe('detectPackageManager', () => {
  it('prefers the packageManager field over lockfiles', () => {
    const facts = makeFacts({ packageJson: { ...deps, packageManager: 'pnpm@9.1.0' }, rootEntries: ['package-lock.json'] });
    expect(detectPackageManager(facts)).toEqual({ name: 'pnpm', isBerry: false, lockfile: null });
  });

  it('reads yarn berry from the packageManager version', () => {
    const facts = makeFacts({ packageJson: { ...deps, packageManager: 'yarn@4.1.0+sha512.abc' }, rootEntries: ['yarn.lock'] });
    expect(detectPackageManager(facts)).toEqual({ name: 'yarn', isBerry: true, lockfile: 'yarn.lock' });
  });

  it('treats yarn 1 as classic even with .yarnrc.yml', () => {
    const facts = makeFacts({ packageJson: { ...deps, packageManager: 'yarn@1.22.22' }, rootEntries: ['yarn.lock', '.yarnrc.yml'] });
    expect(detectPackageManager(facts).isBerry).toBe(false);
  });

  it.each([
    [['package-lock.json'], 'npm', 'package-lock.json'],
    [['npm-shrinkwrap.json'], 'npm', 'npm-shrinkwrap.json'],
    [['pnpm-lock.yaml'], 'pnpm', 'pnpm-lock.yaml'],
    [['yarn.lock'], 'yarn', 'yarn.lock'],
    [['bun.lockb'], 'npm', null],
    [[], 'npm', null],
  ])('detects %j as %s', (entries, name, lockfile) => {
    const manager = detectPackageManager(makeFacts({ packageJson: deps, rootEntries: entries }));
    expect(manager).toMatchObject({ name, lockfile });
  });

  it('detects berry from .yarnrc.yml next to yarn.lock', () => {
    const manager = detectPackageManager(makeFacts({ packageJson: deps, rootEntries: ['yarn.lock', '.yarnrc.yml'] }));
    expect(manager.isBerry).toBe(true);
  });
});

describe('install steps', () => {
  it('runs npm ci with a lockfile and npm install without', () => {
    const locked = npmInstall.plan(makeFacts({ packageJson: deps, rootEntries: ['package-lock.json'] }), CONTEXT);
    expect(locked?.main.command).toEqual({ argv: ['npm', 'ci', '--prefer-offline', '--no-audit', '--no-fund'] });
    expect(locked?.kind).toBe('install');
    const unlocked = npmInstall.plan(makeFacts({ packageJson: deps }), CONTEXT);
    expect(unlocked?.main.command).toEqual({ argv: ['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund'] });
  });

  it('plans only the detected manager', () => {
    const facts = makeFacts({ packageJson: deps, rootEntries: ['pnpm-lock.yaml'], pathCommands: ['npm', 'pnpm'] });
    expect(npmInstall.plan(facts, CONTEXT)).toBeNull();
    expect(yarnInstall.plan(facts, CONTEXT)).toBeNull();
    expect(pnpmInstall.plan(facts, CONTEXT)?.main.command).toEqual({
      argv: ['pnpm', 'install', '--frozen-lockfile', '--prefer-offline'],
    });
  });

  it('uses yarn classic and berry flags', () => {
    const classic = makeFacts({ packageJson: deps, rootEntries: ['yarn.lock'], pathCommands: ['yarn'] });
    expect(yarnInstall.plan(classic, CONTEXT)?.main.command).toEqual({
      argv: ['yarn', 'install', '--frozen-lockfile', '--prefer-offline'],
    });
    const berry = makeFacts({ packageJson: deps, rootEntries: ['yarn.lock', '.yarnrc.yml'], pathCommands: ['yarn'] });
    expect(yarnInstall.plan(berry, CONTEXT)?.main.command).toEqual({ argv: ['yarn', 'install', '--immutable'] });
  });

  it('falls back to corepack, then explains how to install the manager', () => {
    const viaCorepack = makeFacts({ packageJson: deps, rootEntries: ['pnpm-lock.yaml'], pathCommands: ['npm', 'corepack'] });
    const step = pnpmInstall.plan(viaCorepack, CONTEXT);
    expect(step?.main.command).toEqual({ argv: ['corepack', 'pnpm', 'install', '--frozen-lockfile', '--prefer-offline'] });
    expect(step?.missing).toBeNull();
    const none = makeFacts({ packageJson: deps, rootEntries: ['pnpm-lock.yaml'], pathCommands: ['npm'] });
    expect(pnpmInstall.plan(none, CONTEXT)?.missing).toBe('pnpm is not installed: run `npm i -g pnpm` or `corepack enable`');
  });

  it('plans no install when package.json declares no dependency', () => {
    const facts = makeFacts({ packageJson: { name: 'bare', scripts: { test: 'node --test' } }, rootEntries: ['package-lock.json'] });
    expect(npmInstall.plan(facts, CONTEXT)).toBeNull();
  });

  it('names the right manager in missing-tool messages', () => {
    const facts = makeFacts({ packageJson: deps, rootEntries: ['pnpm-lock.yaml'] });
    expect(missingToolMessage(facts, 'vitest')).toBe('vitest is not installed: run `pnpm install` (or `pnpm add -D vitest`)');
    expect(missingToolMessage(makeFacts({ packageJson: deps }), 'vitest')).toBe(
      'vitest is not installed: run `npm install` (or `npm i -D vitest`)',
    );
  });
});
