import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { FixedClock, systemClock } from "../../src/platform/clock.js";
import { createServices } from "../../src/services.js";
import { freshDatabase } from "./db.js";
export const TEST_PASSWORD = 'Passw0rd-test-1';
let counter = 0;
export async function testEnv(opts = {}) {
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
    const env = {
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
            return services.auth.createUser({ tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null }, {
                email: over.email ?? `u${counter}-${roles.join('-')}@example.cn`,
                displayName: `用户${counter}`,
                password: TEST_PASSWORD,
                roles,
                mobile: over.mobile ?? null,
                organizationId: over.organizationId ?? null,
            }, 'admin');
        },
        async login(tenant, email, password = TEST_PASSWORD) {
            const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: tenant.slug, identifier: email, password } });
            if (res.statusCode !== 200)
                throw new Error(`login failed: ${res.statusCode} ${res.body}`);
            return cookieOf(res);
        },
        async as(tenant, roles) {
            const user = await env.user(tenant, roles);
            return { user, cookie: await env.login(tenant, user.email) };
        },
    };
    return env;
}
export function cookieOf(res) {
    const c = res.cookies.find((x) => x.name === 'kc_session');
    if (!c)
        throw new Error('no session cookie');
    return `kc_session=${c.value}`;
}
//# sourceMappingURL=app.js.map