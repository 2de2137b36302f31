import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from './config.ts';
import { connect, type Database } from './platform/db/client.ts';
import { migrate, schemaState } from './platform/db/migrate.ts';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { exportChain, verifyAllChains } from './platform/audit/audit.service.ts';
import { ROLES, type Role } from './platform/auth/auth.tables.ts';
import { AppError } from './platform/http/errors.ts';
import { createServices } from './services.ts';
import { seedDemo } from './seed/demo.ts';
import { ensureStandardIndicators } from './modules/indicators/index.ts';
import { API_VERSION } from './version.ts';
import { coveredYears, packageLastYear, parseDateList, shanghaiDateTime } from './platform/calendar/index.ts';
import { CalendarYearsService } from './platform/calendar/calendar.service.ts';
import { systemClock } from './platform/clock.ts';

function fail(message: string, code = 1): never {
  process.stderr.write(`kechuang: ${message}\n`);
  process.exit(code);
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>, opts: { migrate?: boolean } = { migrate: true }): Promise<T> {
  const config = loadConfig();
  const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    if (opts.migrate !== false) {
      const state = await schemaState(database);
      if (state.status === 'ahead') await migrate(database); // throws the clear "too new" message
      if (state.status !== 'current') fail('the database is not migrated; run `kechuang migrate` first');
      // Commands count working days too (seed-demo's notice periods): the operator's entered years apply here as in the server.
      await new CalendarYearsService(database.db, systemClock).load();
    }
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new InvalidArgumentError(`unknown role "${r}" (one of ${ROLES.join(', ')})`);
  if (!roles.length) throw new InvalidArgumentError('at least one role');
  return roles as Role[];
}

const program = new Command('kechuang')
  .description('Kechuang (科创) — science-and-technology innovation center platform.\nConfiguration comes from the environment: DATA_DIR, DATABASE_URL, PORT, SESSION_SECRET, ... (see README).')
  .version(API_VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('start the web server (migrates the database and seeds demo data when DEMO is on)')
  .action(async () => {
    const config = loadConfig();
    // Loaded only here: the other commands do not need the HTTP stack.
    const { startServer } = await import('./server.ts');
    const running = await startServer(config);
    const shutdown = (signal: string) => {
      running.app.log.info(`${signal}: shutting down`);
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    await withDatabase(
      async (database) => {
        const before = await schemaState(database);
        const after = await migrate(database);
        process.stdout.write(`database ${database.kind}: ${after.applied - before.applied} migration(s) applied, ${after.applied} in total, schema ${after.status}\n`);
      },
      { migrate: false },
    );
  });

program
  .command('seed-demo')
  .description('create the demo tenant with one account per role (once)')
  .action(async () => {
    await withDatabase(async (database, config) => {
      const created = await seedDemo(createServices(database, config));
      process.stdout.write(created ? 'demo data seeded: tenant "beijing"\n' : 'demo tenant already exists; nothing changed\n');
    });
  });

program
  .command('create-tenant')
  .description('create a tenant (one innovation center)')
  .requiredOption('--slug <slug>', 'short identifier used at sign-in, e.g. huairou')
  .requiredOption('--name-zh <name>', 'Chinese name')
  .requiredOption('--name-en <name>', 'English name')
  .action(async (opts: { slug: string; nameZh: string; nameEn: string }) => {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(opts.slug)) fail('--slug must be 2–63 lower-case letters, digits or dashes');
    await withDatabase(async (database, config) => {
      const t = await createServices(database, config).auth.createTenant(opts);
      await ensureStandardIndicators(database.db, { tenantId: t.id, actorUserId: null, actorLabel: 'system:cli', requestId: null });
      process.stdout.write(`tenant ${t.slug} created (${t.id})\n`);
    });
  });

program
  .command('create-user')
  .description('create an active user with a password in a tenant')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .requiredOption('--email <email>', 'e-mail address (sign-in name)')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`, parseRoles)
  .option('--mobile <mobile>', 'mainland mobile number')
  .option('--password-stdin', 'read the password from standard input instead of KECHUANG_PASSWORD')
  .action(async (opts: { tenant: string; email: string; name: string; roles: Role[]; mobile?: string; passwordStdin?: boolean }) => {
    let password = process.env.KECHUANG_PASSWORD ?? '';
    if (opts.passwordStdin) {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      password = Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '';
    }
    if (!password) fail('give the password in KECHUANG_PASSWORD or with --password-stdin (never on the command line)');
    await withDatabase(async (database, config) => {
      const services = createServices(database, config);
      const tenant = await services.auth.tenantBySlug(opts.tenant);
      if (!tenant) fail(`no tenant "${opts.tenant}"`);
      const user = await services.auth.createUser(
        { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:cli', requestId: null },
        { email: opts.email, displayName: opts.name, password, roles: opts.roles, mobile: opts.mobile ?? null },
        'cli',
      );
      process.stdout.write(`user ${user.email} created in ${tenant.slug} with roles ${user.roles.join(', ')}\n`);
    });
  });

const positiveInt = (name: string, max: number) => (value: string) => {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max.toLocaleString('en')}`);
  return n;
};

program
  .command('bench-data')
  .description('load a synthetic registry (organisations, qualifications, annual figures) into a tenant for benchmarks; deterministic from the seed and date')
  .option('--tenant <slug>', 'tenant slug (created with the demo zones when missing; must have no organisations yet)', 'bench')
  .option('--organizations <n>', 'number of organisations', positiveInt('--organizations', 10_000_000), 1_000_000)
  .option('--years <n>', 'years of annual figures before this one', positiveInt('--years', 30), 5)
  .option('--seed <n>', 'random seed', positiveInt('--seed', 2 ** 32 - 1), 1)
  .option('--batch <n>', 'organisations per transaction', positiveInt('--batch', 100_000), 5000)
  .option('--today <date>', 'generate as of this date (YYYY-MM-DD, default today in Asia/Shanghai)')
  .action(async (opts: { tenant: string; organizations: number; years: number; seed: number; batch: number; today?: string }) => {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(opts.tenant)) fail('--tenant must be 2–63 lower-case letters, digits or dashes');
    if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) fail('--today must be a date YYYY-MM-DD');
    if (opts.batch < 1) fail('--batch must be at least 1');
    // Loaded only here: jieba and the generator are not needed by the other commands.
    const { loadBenchData } = await import('./modules/registry/bench-data.ts');
    await withDatabase(async (database, config) => {
      const r = await loadBenchData(createServices(database, config), { ...opts, log: (line) => process.stderr.write(line + '\n') });
      process.stdout.write(
        `tenant ${opts.tenant}: ${r.organizations.toLocaleString('en')} organisations, ${r.qualifications.toLocaleString('en')} qualifications, ${r.figures.toLocaleString('en')} annual figures in ${(r.ms / 1000).toFixed(1)} s (database ${database.kind})\n`,
      );
    });
  });

program
  .command('assign')
  .description('optimal reviewer assignment: maximise the total affinity, each proposal exactly k experts, each expert within their loads, no conflicted pair (docs/review-assignment.md); exit 2 when no assignment exists')
  .requiredOption('--affinity <file>', 'CSV proposal,expert,score (a pair absent from it scores 0)')
  .requiredOption('--k <n>', 'experts per proposal', positiveInt('--k', 1000))
  .requiredOption('--max-load <n|file>', 'most proposals per expert, or a CSV expert,max_load[,min_load]')
  .option('--min-load <n|file>', 'fewest proposals per expert, or a CSV expert,min_load')
  .option('--conflicts <file>', 'CSV proposal,expert: pairs that must not be assigned')
  .option('--organisations <file>', 'CSV expert,organisation: at most one expert of any one organisation per proposal')
  .option('--only-listed', 'pairs absent from the affinity CSV may not be assigned (instead of scoring 0)')
  .requiredOption('--out <file>', 'output CSV proposal,expert,score, one row per assigned pair')
  .action(async (opts: { affinity: string; k: number; maxLoad: string; minLoad?: string; conflicts?: string; organisations?: string; onlyListed?: boolean; out: string }) => {
    // Loaded only here: no database, just the solver and the CSV reader.
    const { runAssign } = await import('./modules/review/index.ts');
    process.exitCode = runAssign(opts, { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(`kechuang: ${l}\n`) });
  });

const calendar = program
  .command('calendar')
  .description('the working-day calendar: holiday arrangements for years the built-in data (chinese-days) does not have yet');

function dateList(value: string): string[] {
  const { dates, errors } = parseDateList(value);
  if (errors.length) throw new InvalidArgumentError(errors.join('; '));
  return dates;
}

const year = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new InvalidArgumentError('a year from 2000 to 2100');
  return n;
};

const operator = () => `system:cli:${process.env.USER ?? process.env.LOGNAME ?? 'operator'}`;

calendar
  .command('list')
  .description('the years covered, and the arrangements entered with their source')
  .action(async () => {
    await withDatabase(async (database) => {
      const service = new CalendarYearsService(database.db, systemClock);
      const { used, skipped, covered } = await service.load();
      process.stdout.write(`covered: ${covered.first}–${covered.last} (built-in data to ${packageLastYear()}${used.length ? `, entered ${used.join(', ')}` : ''})\n`);
      for (const r of await service.list()) {
        const state = used.includes(r.year) ? 'in force' : r.year <= packageLastYear() ? 'superseded by the built-in data' : 'not in force (a year before it is missing)';
        process.stdout.write(`${r.year}: ${r.holidays.length} days off, ${r.workdays.length} weekend days worked — ${r.source}; entered by ${r.enteredBy} at ${shanghaiDateTime(r.enteredAt)} (${state})\n`);
      }
      if (skipped.length === 0 && used.length === 0) process.stdout.write('no arrangements entered\n');
    });
  });

calendar
  .command('enter')
  .description('enter (or correct) one year from the State Council’s notice; checked, audited in every tenant, in force within 5 minutes without a restart')
  .requiredOption('--year <year>', 'the year of the notice', year)
  .requiredOption('--holidays <dates>', 'days off that would otherwise be working days, e.g. 2027-01-01..2027-01-03,2027-02-06..2027-02-14', dateList)
  .option('--workdays <dates>', 'weekend days declared working days (调休上班), e.g. 2027-02-20,2027-09-26', dateList, [] as string[])
  .requiredOption('--source <notice>', 'the notice’s title or number, e.g. 国办发明电〔2026〕7号')
  .action(async (opts: { year: number; holidays: string[]; workdays: string[]; source: string }) => {
    await withDatabase(async (database) => {
      const service = new CalendarYearsService(database.db, systemClock);
      try {
        const { row, replaced } = await service.enter({ year: opts.year, holidays: opts.holidays, workdays: opts.workdays, source: opts.source }, operator());
        process.stdout.write(`${row.year} ${replaced ? 'replaced' : 'entered'}: ${row.holidays.length} days off, ${row.workdays.length} weekend days worked; covered now ${coveredYears()[0]}–${coveredYears().at(-1)}\n`);
      } catch (err) {
        if (err instanceof AppError && err.errors) fail(`${err.code}: nothing stored\n${err.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
        throw err;
      }
    });
  });

calendar
  .command('remove')
  .description('remove the last entered year (audited)')
  .requiredOption('--year <year>', 'the year', year)
  .action(async (opts: { year: number }) => {
    await withDatabase(async (database) => {
      await new CalendarYearsService(database.db, systemClock).remove(opts.year, operator());
      process.stdout.write(`${opts.year} removed; covered now ${coveredYears()[0]}–${coveredYears().at(-1)}\n`);
    });
  });

const audit = program.command('audit').description('the tamper-evident audit trail');
audit
  .command('verify')
  .description('walk every tenant’s hash chain and name the first broken link; exit 3 when broken')
  .option('--tenant <slug>', 'only this tenant')
  .option('--json', 'print the result as JSON')
  .action(async (opts: { tenant?: string; json?: boolean }) => {
    const results = await withDatabase((database) => verifyAllChains(database.db, opts.tenant));
    if (opts.tenant && results.length === 0) fail(`no tenant "${opts.tenant}"`);
    if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else {
      for (const r of results) {
        if (r.ok) process.stdout.write(`${r.tenantSlug}: OK, ${r.events} events, head ${r.headHash}\n`);
        else process.stdout.write(`${r.tenantSlug}: BROKEN at event #${r.broken!.chainSeq} (id ${r.broken!.id}): ${r.broken!.reason}; ${r.events} events before it verified\n`);
      }
    }
    if (results.some((r) => !r.ok)) process.exitCode = 3;
  });

audit
  .command('export')
  .description('write a tenant’s chain as JSON Lines, to verify with tools/verify-audit-export.mjs anywhere')
  .requiredOption('--tenant <slug>', 'tenant slug')
  .option('--out <file>', 'output file (default: standard output)')
  .action(async (opts: { tenant: string; out?: string }) => {
    await withDatabase(async (database, config) => {
      const tenant = await createServices(database, config).auth.tenantBySlug(opts.tenant);
      if (!tenant) fail(`no tenant "${opts.tenant}"`);
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      let n = 0;
      for await (const e of exportChain(database.db, tenant.id)) {
        if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
        n++;
      }
      if (opts.out) {
        (out as ReturnType<typeof createWriteStream>).end();
        await once(out, 'finish');
        process.stderr.write(`${n} events written to ${opts.out}\n`);
      }
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => fail(describe(err)));
