// Where start-up time goes: the steps of startServer (src/server.ts) timed one by one, in-process,
// against the built server of the checkout given as the first argument. Plain JavaScript run by plain
// node, so no TypeScript loader sits in the import time. Prints one JSON line: { step: ms, ... }.
// Environment as for the server (DATA_DIR or DATABASE_URL, DEMO). Used by bench/startup.ts.
const root = process.argv[2];
if (!root) throw new Error('usage: node bench/startup-phases.mjs <checkout>');
const steps = {};
let last = 0;
const mark = (name) => {
  const now = performance.now();
  steps[name] = Math.round(now - last);
  last = now;
};
mark('node boot');
const { loadConfig } = await import(`${root}/dist/config.js`);
const { connect } = await import(`${root}/dist/platform/db/client.js`);
const { migrate } = await import(`${root}/dist/platform/db/migrate.js`);
const { createServices } = await import(`${root}/dist/services.js`);
const { buildApp } = await import(`${root}/dist/app.js`);
const { seedDemo } = await import(`${root}/dist/seed/demo.js`);
mark('import modules');
const config = loadConfig();
const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
mark('open database');
await migrate(database);
mark('migrate');
const services = createServices(database, config);
const app = await buildApp(services, { logger: false });
await app.ready();
mark('build app');
if (config.demo) await seedDemo(services);
mark('seed demo');
await app.listen({ port: 0, host: '127.0.0.1' });
mark('listen');
await app.close();
await database.close();
process.stdout.write(JSON.stringify(steps) + '\n');
