import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../db/schema.ts';

export type Schema = typeof schema;
/** A database handle or an open transaction: both PGlite and node-postgres drivers fit. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for the few places that need it (migrations check, benchmarks). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `DATA_DIR ${dir} is in use by another Kechuang process (pid ${pid}). ` +
        'The embedded database allows one process at a time; stop the other process or use another DATA_DIR.',
    );
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const heldLocks = new Set<string>();

/**
 * PGlite does not lock its data directory, and a second opener silently loses writes.
 * We take an exclusive lock file holding our pid; a stale lock (its process gone) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kechuang.lock');
  // Our own pid in the file is taken over as stale (a container restarts with the same pid), so
  // a second open from this very process is caught here instead.
  if (heldLocks.has(file)) throw new DataDirLockedError(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldLocks.add(file);
      return () => {
        heldLocks.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new DataDirLockedError(dir, pid);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite; `memory://` for an in-memory database. */
  dataDir?: string;
  /** An already-open PGlite (tests clone a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

export async function connect(opts: ConnectOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, pg_terminate_backend) emits 'error' on
    // the pool; without a listener that would end the process. The pool replaces the connection.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
    });
    // Fail fast with a clear message when the server cannot be reached.
    const client = await pool.connect();
    client.release();
    const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      async query<T>(text: string, params?: unknown[]) {
        const r = await pool.query(text, params);
        return r.rows as T[];
      },
      close: () => pool.end(),
    };
  }
  let unlock: (() => void) | undefined;
  let client = opts.pglite;
  if (!client) {
    const dir = opts.dataDir ?? 'memory://';
    let pgdataDir: string | undefined;
    if (!dir.startsWith('memory://')) {
      unlock = lockDataDir(dir);
      pgdataDir = join(dir, 'pgdata');
    }
    try {
      client = new PGlite(pgdataDir);
      await client.waitReady;
    } catch (err) {
      unlock?.();
      throw err;
    }
  }
  const pgl = client;
  const db = drizzlePglite(pgl, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const r = await pgl.query(text, params);
      return r.rows as T[];
    },
    async close() {
      await pgl.close();
      unlock?.();
    },
  };
}

export function dataDirHasDatabase(dir: string): boolean {
  return existsSync(join(dir, 'pgdata', 'PG_VERSION'));
}
