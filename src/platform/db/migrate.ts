import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Database } from './client.ts';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + import.meta.url);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
export const migrationsFolder = join(packageRoot, 'src', 'db', 'migrations');

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export function codeMigrations(): Journal['entries'] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries;
}

export interface SchemaState {
  /** Timestamp ("when") of the newest migration the code knows. */
  codeVersion: number;
  /** Timestamp of the newest migration applied to the database, or null for an empty database. */
  databaseVersion: number | null;
  applied: number;
  known: number;
  status: 'current' | 'behind' | 'ahead' | 'empty';
}

export async function schemaState(database: Database): Promise<SchemaState> {
  const entries = codeMigrations();
  const codeVersion = entries.at(-1)?.when ?? 0;
  const exists = await database.query<{ t: string | null }>(
    "select to_regclass('drizzle.__drizzle_migrations')::text as t",
  );
  if (!exists[0]?.t) return { codeVersion, databaseVersion: null, applied: 0, known: entries.length, status: 'empty' };
  const rows = await database.query<{ n: string | number; max: string | number | null }>(
    'select count(*) as n, max(created_at) as max from drizzle.__drizzle_migrations',
  );
  const applied = Number(rows[0]?.n ?? 0);
  const databaseVersion = rows[0]?.max == null ? null : Number(rows[0].max);
  let status: SchemaState['status'];
  if (databaseVersion === null) status = 'empty';
  else if (databaseVersion > codeVersion) status = 'ahead';
  else if (databaseVersion < codeVersion || applied < entries.length) status = 'behind';
  else status = 'current';
  return { codeVersion, databaseVersion, applied, known: entries.length, status };
}

export class SchemaTooNewError extends Error {
  constructor(state: SchemaState) {
    super(
      `The database schema (migration of ${new Date(state.databaseVersion ?? 0).toISOString()}) is newer than this ` +
        `version of Kechuang knows (${new Date(state.codeVersion).toISOString()}). ` +
        'Upgrade Kechuang before starting it on this database; refusing to start.',
    );
  }
}

/** Apply pending migrations; refuse when the database was migrated by newer code. */
export async function migrate(database: Database): Promise<SchemaState> {
  const before = await schemaState(database);
  if (before.status === 'ahead') throw new SchemaTooNewError(before);
  if (before.status !== 'current') {
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    }
  }
  return schemaState(database);
}
