import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, DataDirLockedError, lockDataDir } from './client.ts';

// PGlite does not lock its directory and a second opener silently loses writes, so we do.
let dir: string;
let sleeper: ChildProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kc-lock-'));
});
afterEach(() => {
  if (sleeper?.pid && sleeper.exitCode === null) sleeper.kill('SIGKILL');
  sleeper = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => join(dir, 'kechuang.lock');
/** The pid of a process that is alive: another "Kechuang" holding the directory. */
function livePid(): number {
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  return sleeper.pid!;
}
/** The pid of a process that has exited (a crashed holder). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

describe('lockDataDir', () => {
  it('writes our pid and removes the lock on release', () => {
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile())).toBe(false);
    release(); // twice is harmless
  });

  it('refuses while the holder’s process is alive, naming it, and leaves its lock alone', () => {
    const pid = livePid();
    writeFileSync(lockFile(), String(pid));
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(`pid ${pid}`);
    expect((err as Error).message).toContain('in use by another Kechuang process');
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(pid));
  });

  it('refuses a second lock from the same process while the first is held', () => {
    const release = lockDataDir(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    } finally {
      release();
    }
    // Released: it can be taken again.
    lockDataDir(dir)();
  });

  it('takes over a stale lock whose process has exited, or that holds no pid', () => {
    writeFileSync(lockFile(), String(deadPid()));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
    writeFileSync(lockFile(), 'garbage\n');
    lockDataDir(dir)();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('does not remove a lock that another process took over after ours', () => {
    const release = lockDataDir(dir);
    const pid = livePid();
    writeFileSync(lockFile(), String(pid));
    release();
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(pid));
  });

  it('connect() refuses a locked data directory before opening the database', async () => {
    writeFileSync(lockFile(), String(livePid()));
    await expect(connect({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    expect(existsSync(join(dir, 'pgdata'))).toBe(false);
  });
});
