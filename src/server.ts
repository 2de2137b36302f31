import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { connect, type Database } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { jobHandlers } from './platform/jobs/handlers.ts';
import { JobRunner } from './platform/jobs/runner.ts';
import { scheduleHousekeeping } from './platform/jobs/housekeeping.ts';
import { scheduleChallengeReminders } from './modules/challenges/index.ts';
import { scheduleReviewReminders } from './modules/review/index.ts';
import { scheduleContractDeadlines } from './modules/contracts/index.ts';
import { seedDemo } from './seed/demo.ts';
import { CALENDAR_RELOAD_MS, CalendarYearsService } from './platform/calendar/calendar.service.ts';
import { createServices } from './services.ts';

export interface Running {
  app: FastifyInstance;
  database: Database;
  runner: JobRunner | undefined;
  url: string;
  close(): Promise<void>;
}

/** Open the database, migrate, seed demo data once, start jobs and listen. */
export async function startServer(config: Config, opts: { listen?: boolean } = {}): Promise<Running> {
  const t0 = performance.now();
  const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const services = createServices(database, config);
  // Holiday arrangements entered by the operator (`kechuang calendar enter`), re-read every few minutes.
  const calendar = new CalendarYearsService(database.db, services.clock);
  await calendar.load();
  const app = await buildApp(services);
  const calendarTimer = setInterval(() => {
    calendar.load().catch((err: unknown) => app.log.error({ err }, 'calendar reload failed'));
  }, CALENDAR_RELOAD_MS);
  calendarTimer.unref();
  if (config.demo && (await seedDemo(services))) app.log.info('demo data seeded (tenant "beijing")');
  let runner: JobRunner | undefined;
  if (config.jobsEnabled) {
    await scheduleHousekeeping(database.db, services.clock);
    await scheduleChallengeReminders(database.db, services.clock);
    await scheduleReviewReminders(database.db, services.clock);
    await scheduleContractDeadlines(database.db, services.clock);
    runner = new JobRunner(database.db, jobHandlers(services), { pollMs: config.jobPollMs, clock: services.clock, log: app.log });
    runner.start();
  }
  let url = '';
  if (opts.listen !== false) {
    url = await app.listen({ port: config.port, host: config.host });
  }
  app.log.info({ database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined, startupMs: Math.round(performance.now() - t0) }, `Kechuang ready at ${config.publicUrl}`);
  let closed = false;
  return {
    app,
    database,
    runner,
    url,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(calendarTimer);
      await runner?.stop();
      await app.close();
      if (!(await app.drain(10_000))) app.log.warn('shutting down with requests still running after 10 s');
      await database.close();
    },
  };
}
