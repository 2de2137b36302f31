import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { connect } from "../../src/platform/db/client.js";
/** A fresh, migrated database for one test file: PGlite in memory, or a new PostgreSQL database. */
export async function freshDatabase() {
    const url = process.env.DATABASE_URL;
    if (url) {
        const name = `kc_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
        await admin.end();
        const u = new URL(url);
        u.pathname = '/' + name;
        const database = await connect({ databaseUrl: u.toString(), poolSize: 10 });
        return {
            ...database,
            async dropAfter() {
                await database.close();
                const a = new pg.Client({ connectionString: url });
                await a.connect();
                await a.query(`drop database if exists ${name} with (force)`);
                await a.end();
            },
        };
    }
    const tar = readFileSync(inject('pgliteTemplate'));
    const pglite = new PGlite({ loadDataDir: new Blob([tar]) });
    await pglite.waitReady;
    const database = await connect({ pglite });
    return { ...database, dropAfter: () => database.close() };
}
//# sourceMappingURL=db.js.map