import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

export const TEMPLATE_DB = 'kechuang_test_template';

/**
 * Migrate once, then every test file starts from a copy: on PGlite a dumped data directory,
 * on PostgreSQL (DATABASE_URL set) a template database.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = '/' + TEMPLATE_DB;
    const database = await connect({ databaseUrl: u.toString(), poolSize: 1 });
    await migrate(database);
    await database.close();
    project.provide('pgTemplate', TEMPLATE_DB);
    return;
  }
  const pglite = new PGlite();
  const database = await connect({ pglite });
  await migrate(database);
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const dir = join(process.cwd(), '.data-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
