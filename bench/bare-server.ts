// The baseline: a bare Fastify app (no plugins, no hooks, no logger, no schemas, no ORM) that runs
// the same SQL as the platform with the same driver, so the platform's own overhead shows as a ratio.
//
//   GET /api/health            hello world
//   GET /api/v1/users          the platform's five statements for GET /api/v1/users, verbatim
//                              (as captured with log_statement=all), in drizzle's array row mode
//   GET /api/v1/users-fused    the same answer from two statements (what the platform could do)
//   GET /api/ready             select 1
//
// Environment: PORT, HOST (127.0.0.1), SESSION_SECRET (the platform's), SESSION_IDLE_MINUTES (30),
// and DATABASE_URL (PostgreSQL, pool of 10 like the platform) or PGLITE_DIR (a pgdata directory
// that no other process has open: PGlite does not lock it).
import { createHmac } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

type Row = unknown[];
interface Driver {
  /** Rows as arrays, as drizzle asks its drivers for them. */
  rows(text: string, params: unknown[]): Promise<Row[]>;
  /** Rows as objects. */
  objects<T>(text: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openDriver(): Promise<Driver> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    (await pool.connect()).release();
    return {
      rows: async (text, params) => (await pool.query<Row>({ text, values: params, rowMode: 'array' })).rows,
      objects: async <T>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as T[],
      close: () => pool.end(),
    };
  }
  const dir = process.env.PGLITE_DIR;
  if (!dir) throw new Error('set DATABASE_URL or PGLITE_DIR');
  const db = new PGlite(dir);
  await db.waitReady;
  return {
    rows: async (text, params) => (await db.query<Row>(text, params, { rowMode: 'array' })).rows,
    objects: async <T>(text: string, params: unknown[]) => (await db.query<T>(text, params)).rows,
    close: () => db.close(),
  };
}

const ROLES = ['admin', 'officer', 'applicant', 'expert', 'facility_manager', 'auditor'];
const byRole = (a: string, b: string) => ROLES.indexOf(a) - ROLES.indexOf(b);

// The platform's statements, verbatim.
const SQL_SESSION =
  'select "sessions"."id", "sessions"."token_hash", "sessions"."tenant_id", "sessions"."user_id", "sessions"."created_at", "sessions"."last_seen_at", "sessions"."expires_at", "sessions"."revoked_at", "sessions"."ip", "sessions"."user_agent", "users"."id", "users"."tenant_id", "users"."email", "users"."mobile", "users"."display_name", "users"."password_hash", "users"."status", "users"."organization_id", "users"."locale", "users"."failed_login_count", "users"."locked_until", "users"."password_changed_at", "users"."last_login_at", "users"."created_at", "users"."updated_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = $1';
const SQL_TOUCH = 'update "sessions" set "last_seen_at" = $1 where "sessions"."id" = $2';
const SQL_ROLES = 'select "role" from "user_roles" where "user_roles"."user_id" = $1';
const SQL_LIST =
  'select "id", "tenant_id", "email", "mobile", "display_name", "password_hash", "status", "organization_id", "locale", "failed_login_count", "locked_until", "password_changed_at", "last_login_at", "created_at", "updated_at" from "users" where "users"."tenant_id" = $1 order by "users"."created_at" desc nulls last, "users"."id" asc limit $2';
const SQL_COUNT = 'select count(*)::int from "users" where "users"."tenant_id" = $1';
const sqlRolesIn = (n: number) =>
  `select "user_id", "tenant_id", "role", "granted_at" from "user_roles" where "user_roles"."user_id" in (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})`;

// The fused alternative: session, user and roles in one statement; page, roles and total in another.
const SQL_FUSED_SESSION = `select s.id, s.last_seen_at, s.expires_at, s.revoked_at, u.id as user_id, u.tenant_id, u.status,
  coalesce((select array_agg(r.role) from user_roles r where r.user_id = u.id), '{}') as roles
  from sessions s join users u on u.id = s.user_id where s.token_hash = $1`;
const SQL_FUSED_LIST = `select u.id, u.tenant_id, u.email, u.mobile, u.display_name, u.status, u.organization_id, u.locked_until, u.last_login_at, u.created_at,
  coalesce((select array_agg(r.role) from user_roles r where r.user_id = u.id), '{}') as roles, count(*) over () as total
  from users u where u.tenant_id = $1 order by u.created_at desc nulls last, u.id asc limit $2 offset $3`;

interface Viewer {
  userId: string;
  tenantId: string;
  roles: string[];
}
interface ListedUser {
  id: string;
  tenantId: string;
  email: string;
  mobile: string | null;
  displayName: string;
  status: string;
  organizationId: string | null;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  roles: string[];
}

const secret = process.env.SESSION_SECRET ?? '';
if (secret.length < 32) throw new Error('SESSION_SECRET (the platform’s) is required');
const idleMs = Number(process.env.SESSION_IDLE_MINUTES ?? 30) * 60_000;

function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'kc_session') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function problem(reply: FastifyReply, status: number, code: string) {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', status, code });
}

/** The session rules of the platform (auth.rules.ts sessionState): revoked, expired, idle. */
function sessionValid(now: number, lastSeen: Date, expires: Date, revoked: Date | null): boolean {
  return revoked === null && now < expires.getTime() && now - lastSeen.getTime() < idleMs;
}

function pageOf(request: FastifyRequest): { page: number; pageSize: number } | null {
  const q = request.query as Record<string, string | undefined>;
  const page = q.page === undefined ? 1 : Number(q.page);
  const pageSize = q.pageSize === undefined ? 20 : Number(q.pageSize);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) return null;
  return { page, pageSize };
}

/** The same JSON as the platform's presentUser for an admin viewer. */
function present(u: ListedUser, viewer: Viewer, now: number) {
  const admin = viewer.roles.includes('admin');
  const actions: string[] = [];
  if (viewer.tenantId === u.tenantId && admin) {
    actions.push('update');
    if (u.status !== 'disabled' && u.id !== viewer.userId) actions.push('disable');
    if (u.status === 'disabled') actions.push('enable');
    if (u.status === 'active') actions.push('revokeSessions');
  }
  return {
    id: u.id,
    email: u.email,
    mobile: u.mobile,
    displayName: u.displayName,
    status: u.status,
    roles: u.roles,
    organizationId: u.organizationId,
    locked: u.lockedUntil !== null && u.lockedUntil.getTime() > now,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    actions,
  };
}

const db = await openDriver();
const app = Fastify({ logger: false });

app.get('/api/health', async () => ({ status: 'ok' }));
app.get('/api/ready', async () => {
  await db.objects('select 1', []);
  return { status: 'ready' };
});

// Same statements, same order and the same parallelism (list and count together) as the platform.
app.get('/api/v1/users', async (request, reply) => {
  const token = sessionToken(request);
  if (!token) return problem(reply, 401, 'AUTH_REQUIRED');
  const now = Date.now();
  const [s] = await db.rows(SQL_SESSION, [createHmac('sha256', secret).update(token).digest('hex')]);
  if (!s || !sessionValid(now, s[5] as Date, s[6] as Date, s[7] as Date | null) || s[16] !== 'active') return problem(reply, 401, 'AUTH_REQUIRED');
  if (now - (s[5] as Date).getTime() > 60_000) await db.rows(SQL_TOUCH, [new Date(now), s[0]]);
  const roleRows = await db.rows(SQL_ROLES, [s[10]]);
  const viewer: Viewer = { userId: s[10] as string, tenantId: s[11] as string, roles: roleRows.map((r) => r[0] as string).sort(byRole) };
  if (!viewer.roles.includes('admin')) return problem(reply, 403, 'FORBIDDEN');
  const w = pageOf(request);
  if (!w) return problem(reply, 400, 'VALIDATION_FAILED');
  const offset = (w.page - 1) * w.pageSize;
  // drizzle leaves out "offset" when it is 0
  const listSql = offset ? `${SQL_LIST} offset $3` : SQL_LIST;
  const [rows, total] = await Promise.all([
    db.rows(listSql, offset ? [viewer.tenantId, w.pageSize, offset] : [viewer.tenantId, w.pageSize]),
    db.rows(SQL_COUNT, [viewer.tenantId]),
  ]);
  const ids = rows.map((r) => r[0] as string);
  const roles = ids.length ? await db.rows(sqlRolesIn(ids.length), ids) : [];
  const items = rows.map((r) =>
    present(
      {
        id: r[0] as string,
        tenantId: r[1] as string,
        email: r[2] as string,
        mobile: r[3] as string | null,
        displayName: r[4] as string,
        status: r[6] as string,
        organizationId: r[7] as string | null,
        lockedUntil: r[10] as Date | null,
        lastLoginAt: r[12] as Date | null,
        createdAt: r[13] as Date,
        roles: roles.filter((x) => x[0] === r[0]).map((x) => x[2] as string).sort(byRole),
      },
      viewer,
      now,
    ),
  );
  return { items, total: Number(total[0]?.[0] ?? 0), page: w.page, pageSize: w.pageSize };
});

app.get('/api/v1/users-fused', async (request, reply) => {
  const token = sessionToken(request);
  if (!token) return problem(reply, 401, 'AUTH_REQUIRED');
  const now = Date.now();
  const [s] = await db.objects<{ id: string; last_seen_at: Date; expires_at: Date; revoked_at: Date | null; user_id: string; tenant_id: string; status: string; roles: string[] }>(
    SQL_FUSED_SESSION,
    [createHmac('sha256', secret).update(token).digest('hex')],
  );
  if (!s || !sessionValid(now, s.last_seen_at, s.expires_at, s.revoked_at) || s.status !== 'active') return problem(reply, 401, 'AUTH_REQUIRED');
  if (now - s.last_seen_at.getTime() > 60_000) await db.rows(SQL_TOUCH, [new Date(now), s.id]);
  const viewer: Viewer = { userId: s.user_id, tenantId: s.tenant_id, roles: [...s.roles].sort(byRole) };
  if (!viewer.roles.includes('admin')) return problem(reply, 403, 'FORBIDDEN');
  const w = pageOf(request);
  if (!w) return problem(reply, 400, 'VALIDATION_FAILED');
  const rows = await db.objects<{
    id: string;
    tenant_id: string;
    email: string;
    mobile: string | null;
    display_name: string;
    status: string;
    organization_id: string | null;
    locked_until: Date | null;
    last_login_at: Date | null;
    created_at: Date;
    roles: string[];
    total: number | string;
  }>(SQL_FUSED_LIST, [viewer.tenantId, w.pageSize, (w.page - 1) * w.pageSize]);
  const items = rows.map((r) =>
    present(
      {
        id: r.id,
        tenantId: r.tenant_id,
        email: r.email,
        mobile: r.mobile,
        displayName: r.display_name,
        status: r.status,
        organizationId: r.organization_id,
        lockedUntil: r.locked_until,
        lastLoginAt: r.last_login_at,
        createdAt: r.created_at,
        roles: [...r.roles].sort(byRole),
      },
      viewer,
      now,
    ),
  );
  // count(*) over () comes with the rows; a page past the end would need a separate count.
  return { items, total: Number(rows[0]?.total ?? 0), page: w.page, pageSize: w.pageSize };
});

const shutdown = () => {
  app
    .close()
    .then(() => db.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 3100), host: process.env.HOST ?? '127.0.0.1' });
