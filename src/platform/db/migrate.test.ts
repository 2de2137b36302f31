import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers/db.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createServices } from '../../services.ts';
import { connect, type Database } from './client.ts';
import { codeMigrations, migrate, schemaState, SchemaTooNewError } from './migrate.ts';

/** A database with nothing in it: in-memory PGlite, or a new database on the PostgreSQL server. */
async function emptyDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await connect({ pglite: new PGlite() });
    return { ...database, drop: () => database.close() };
  }
  const name = `kc_empty_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const database = await connect({ databaseUrl: u.toString(), poolSize: 2 });
  return {
    ...database,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

async function readyOf(database: Database) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-ready-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent', DEMO: 'false' });
    const app = await buildApp(createServices(database, config), { logger: false, serveWeb: false });
    try {
      return await app.inject({ method: 'GET', url: '/api/ready' });
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('migrate()', () => {
  // Every migration from nothing, twice over, and two app start-ups: 5 s alone, near 50 s on a loaded machine.
  it('on an empty database applies every migration, then the schema is current; again it is a no-op', { timeout: 120_000 }, async () => {
    const database = await emptyDatabase();
    try {
      const known = codeMigrations();
      const before = await schemaState(database);
      expect(before).toMatchObject({ status: 'empty', applied: 0, databaseVersion: null, known: known.length });
      expect((await readyOf(database)).json()).toMatchObject({ status: 'not_ready', schema: 'empty' });

      const after = await migrate(database);
      expect(after).toEqual({ status: 'current', applied: known.length, known: known.length, codeVersion: known.at(-1)!.when, databaseVersion: known.at(-1)!.when });
      const tables = await database.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public'");
      expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['tenants', 'users', 'sessions', 'audit_events', 'audit_heads', 'jobs', 'attachments', 'organizations', 'mail_outbox']));
      const triggers = await database.query<{ tgname: string }>("select tgname from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname");
      expect(triggers.map((r) => r.tgname)).toEqual(['audit_events_no_truncate', 'audit_events_no_update']);

      expect(await migrate(database)).toEqual(after);
      expect(await database.query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: known.length }]);
      const ready = await readyOf(database);
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: database.kind, schema: 'current' });
    } finally {
      await database.drop();
    }
  });
});

describe('a database and code of different versions', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.dropAfter());

  it('a missing newest migration makes the schema "behind" and /api/ready answers 503', async () => {
    const newest = codeMigrations().at(-1)!.when;
    const [row] = await database.query<{ id: number; hash: string; created_at: string }>('select id, hash, created_at from drizzle.__drizzle_migrations where created_at = $1', [newest]);
    await database.query('delete from drizzle.__drizzle_migrations where id = $1', [row!.id]);
    try {
      expect((await schemaState(database)).status).toBe('behind');
      const ready = await readyOf(database);
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', database: database.kind, schema: 'behind', reason: 'schema is behind' });
    } finally {
      await database.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [row!.id, row!.hash, row!.created_at]);
    }
    expect((await schemaState(database)).status).toBe('current');
  });

  it('a migration newer than the code makes migrate() refuse with SchemaTooNewError, changing nothing', async () => {
    const codeVersion = codeMigrations().at(-1)!.when;
    await database.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', ['from-a-newer-release', codeVersion + 86_400_000]);
    const state = await schemaState(database);
    expect(state).toMatchObject({ status: 'ahead', databaseVersion: codeVersion + 86_400_000, codeVersion });
    const err = await migrate(database).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as Error).message).toMatch(/newer than this version of Kechuang knows.*Upgrade Kechuang/s);
    expect((err as Error).message).toContain(new Date(codeVersion + 86_400_000).toISOString());
    expect(await database.query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([{ n: codeMigrations().length + 1 }]);
    const ready = await readyOf(database);
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', schema: 'ahead' });
  });
});
