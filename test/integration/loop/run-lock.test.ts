import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock, readLiveHolder, removeStaleLock, type LockHolder } from '../../../src/adapters/run-lock.js';
import type { LoopState } from '../../../src/artefacts/loop-state.js';
import { ArtefactError, HealError } from '../../../src/errors.js';
import { createLoopState } from '../../../src/pipeline/loop/run-state.js';
import { loadState, saveState } from '../../../src/pipeline/loop/state-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heal-run-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, 'heal.lock');

/** The pid of a node process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('node did not start');
  return child.pid;
}

async function writeHolder(fields: Partial<LockHolder>): Promise<string> {
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), command: 'loop', run_id: 'old-run', started_at: '2026-03-02T09:00:00.000Z', ...fields })}\n`;
  await writeFile(lockFile(), text);
  return text;
}

async function lockError(promise: Promise<unknown>): Promise<HealError> {
  const error: unknown = await promise.then(() => null, (rejection: unknown) => rejection);
  if (!(error instanceof HealError)) throw new Error(`expected a HealError, got ${String(error)}`);
  return error;
}

const leftovers = async (): Promise<string[]> => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

describe('acquireRunLock', () => {
  it('takes the lock, refuses a second taker naming the holder, and frees it on release', async () => {
    const lock = await acquireRunLock(dir, { command: 'loop', run_id: 'run-1' });
    expect(lock.file).toBe(lockFile());
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'loop', run_id: 'run-1' });
    const error = await lockError(acquireRunLock(dir, { command: 'build', run_id: null }));
    expect(error.code).toBe('E_LOCKED');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain('run run-1');
    expect(await readLiveHolder(dir)).toMatchObject({ pid: process.pid, run_id: 'run-1' });
    expect(await removeStaleLock(dir)).toBe(false);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
    expect(await readLiveHolder(dir)).toBeNull();
    const again = await acquireRunLock(dir, { command: 'build', run_id: null });
    await again.release();
    expect(await leftovers()).toEqual([]);
  });

  it('reclaims a lock whose pid is dead on this host', async () => {
    await writeHolder({ pid: await deadPid() });
    expect(await readLiveHolder(dir)).toBeNull();
    const lock = await acquireRunLock(dir, { command: 'loop', run_id: 'run-2' });
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, run_id: 'run-2' });
    await lock.release();
  });

  it.each(['', '{"pid": 12', 'null', '[]', '{"host":"here","command":"loop"}', '{"pid":"123"}'])('reclaims a garbage lock file (%j)', async (text) => {
    await writeFile(lockFile(), text);
    const lock = await acquireRunLock(dir, { command: 'loop', run_id: 'run-3' });
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, run_id: 'run-3' });
    await lock.release();
  });

  it('reclaims a lock file that names a dead pid but no host', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: await deadPid() }));
    const lock = await acquireRunLock(dir, { command: 'loop', run_id: 'run-4' });
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('never reclaims a lock from another host, even when its pid is dead here', async () => {
    const text = await writeHolder({ pid: await deadPid(), host: 'build-agent-7.example', run_id: 'remote-run' });
    const error = await lockError(acquireRunLock(dir, { command: 'loop', run_id: 'run-5' }));
    expect(error.code).toBe('E_LOCKED');
    expect(error.message).toContain('on build-agent-7.example');
    expect(error.message).toContain('run remote-run');
    expect(await removeStaleLock(dir)).toBe(false);
    expect(await readLiveHolder(dir)).toMatchObject({ host: 'build-agent-7.example' });
    expect(await readFile(lockFile(), 'utf8')).toBe(text);
    expect(await leftovers()).toEqual([]);
  });

  it('release leaves alone a lock someone else holds', async () => {
    const lock = await acquireRunLock(dir, { command: 'loop', run_id: 'run-6' });
    const theirs = await writeHolder({ pid: process.ppid, run_id: 'their-run' });
    await lock.release();
    expect(await readFile(lockFile(), 'utf8')).toBe(theirs);
  });
});

describe('removeStaleLock', () => {
  it('removes a dead holder or a garbage file, and reports nothing to do without a lock', async () => {
    expect(await removeStaleLock(dir)).toBe(false);
    await writeHolder({ pid: await deadPid() });
    expect(await removeStaleLock(dir)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await writeFile(lockFile(), 'garbage');
    expect(await removeStaleLock(dir)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('saveState and loadState', () => {
  const limits = {
    backoff_sec: [0, 5, 30], timeout_sec: 900, max_tokens_total: 100_000, max_cost_usd: 2, max_coverage_drop: 1,
    max_self_check_failures: 3, max_fix_rounds: 2, max_code_cycles: 2,
  };
  const state = (): LoopState => ({
    ...createLoopState({ runId: 'run-1', goal: 'Add slugify', engine: 'model', model: 'gpt-test', project: '.', baseSha: 'a'.repeat(40), baseRef: null, limits, now: new Date('2026-03-02T10:00:00.000Z') }),
    notes: ['the working tree has uncommitted changes'],
  });

  it('round-trips a state through state.json, leaving no temporary file', async () => {
    const runDir = join(dir, '.heal', 'runs', 'run-1');
    await saveState(runDir, state());
    expect(await loadState(runDir)).toEqual(state());
    const ended = { ...state(), status: 'DONE' as const, stop_reason: 'green' as const, summary: 'green', next: { kind: 'finish' as const } };
    await saveState(runDir, ended);
    expect(await loadState(runDir)).toEqual(ended);
    expect(await readdir(runDir)).toEqual(['state.json']);
  });

  it('finds no state in a run folder without state.json', async () => {
    expect(await loadState(join(dir, 'nowhere'))).toBeNull();
  });

  it.each(['{"version": 1, "kind": "loop_st', '{"version": 2, "kind": "loop_state"}'])('refuses a corrupt state.json with an ArtefactError (%j)', async (text) => {
    await writeFile(join(dir, 'state.json'), text);
    const error: unknown = await loadState(dir).then(() => null, (rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(ArtefactError);
    expect(error).toMatchObject({ code: 'E_ARTEFACT_INVALID' });
    expect(String(error)).toContain(join(dir, 'state.json'));
  });

  it('refuses to save an invalid state, keeping the one saved before', async () => {
    await saveState(dir, state());
    await expect(saveState(dir, { ...state(), self_check_failures: -1 })).rejects.toThrow();
    expect(await loadState(dir)).toEqual(state());
    expect(await leftovers()).toEqual([]);
  });
});
