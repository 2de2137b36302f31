import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { FixedClock, systemClock, type Clock } from '../../src/platform/clock.ts';
import type { Role } from '../../src/platform/auth/auth.tables.ts';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { createServices, type Services } from '../../src/services.ts';
import { freshDatabase } from './db.ts';

export const TEST_PASSWORD = 'Passw0rd-test-1';

export interface TestEnv {
  services: Services;
  app: FastifyInstance;
  config: Config;
  clock: Clock;
  close(): Promise<void>;
  tenant(slug?: string): Promise<TenantRow>;
  user(tenant: TenantRow, roles: Role[], over?: { email?: string; mobile?: string | null; organizationId?: string | null }): Promise<UserWithRoles>;
  /** Sign in through the API; returns the cookie header value to send. */
  login(tenant: TenantRow, email: string, password?: string): Promise<string>;
  /** A tenant-scoped user that is already signed in. */
  as(tenant: TenantRow, roles: Role[]): Promise<{ user: UserWithRoles; cookie: string }>;
}

let counter = 0;

export async function testEnv(opts: { clock?: FixedClock; env?: Record<string, string> } = {}): Promise<TestEnv> {
  const database = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    DEMO: 'false',
    LOGIN_RATE_LIMIT: '1000',
    ...opts.env,
  });
  const clock = opts.clock ?? systemClock;
  const services = createServices(database, config, { clock });
  const app = await buildApp(services, { logger: false, serveWeb: false });
  await app.ready();
  const env: TestEnv = {
    services,
    app,
    config,
    clock,
    async close() {
      await app.close();
      await database.dropAfter();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async tenant(slug) {
      counter++;
      const s = slug ?? `t${process.pid}-${counter}`;
      return services.auth.createTenant({ slug: s, nameZh: `测试中心${counter}`, nameEn: `Test center ${counter}` });
    },
    async user(tenant, roles, over = {}) {
      counter++;
      return services.auth.createUser(
        { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null },
        {
          email: over.email ?? `u${counter}-${roles.join('-')}@example.cn`,
          displayName: `用户${counter}`,
          password: TEST_PASSWORD,
          roles,
          mobile: over.mobile ?? null,
          organizationId: over.organizationId ?? null,
        },
        'admin',
      );
    },
    async login(tenant, email, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: tenant.slug, identifier: email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return cookieOf(res);
    },
    async as(tenant, roles) {
      const user = await env.user(tenant, roles);
      return { user, cookie: await env.login(tenant, user.email) };
    },
  };
  return env;
}

export function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'kc_session');
  if (!c) throw new Error('no session cookie');
  return `kc_session=${c.value}`;
}
