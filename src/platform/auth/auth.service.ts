import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/tx.ts';
import { appendAudit, type CommandContext } from '../audit/audit.service.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../clock.ts';
import { queueMail } from '../mail/mail.service.ts';
import { inviteMail, resetMail } from '../mail/templates.ts';
import { oneTimeTokens, sessions, tenants, userRoles, users, ROLES, type Role } from './auth.tables.ts';
import {
  afterFailedLogin,
  isLocked,
  newToken,
  parseIdentifier,
  passwordAcceptable,
  sessionState,
  tokenHash,
} from './auth.rules.ts';
import { actorLabel, type Actor } from './policy.ts';

const ARGON_OPTS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const RESET_MINUTES = 30;
const INVITE_DAYS = 7;

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;
export interface UserWithRoles extends UserRow {
  roles: Role[];
}

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON_OPTS);
}

/** Hashes to verify against when the account does not exist, so both cases cost the same. */
let dummyHash: Promise<string> | undefined;
function getDummyHash() {
  dummyHash ??= hashPassword('not-a-real-password-0');
  return dummyHash;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && (c.constraint ?? '').includes(constraint);
}

export interface LoginResult {
  token: string;
  user: UserWithRoles;
  tenant: TenantRow;
  expiresAt: Date;
}

export interface UserListQuery {
  q?: string | undefined;
  role?: Role | undefined;
  status?: string | undefined;
  sort: 'displayName' | 'email' | 'createdAt' | 'lastLoginAt';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    /** Whether an organisation exists in the tenant (the registry answers; the platform does not own organisations). */
    private readonly organizationExists: (tenantId: string, id: string) => Promise<boolean> = async () => true,
  ) {}

  /** Checked before a command's transaction: on PGlite the registry's own reads cannot run inside it. */
  private async assertOrganization(tenantId: string, id: string | null | undefined) {
    if (id && !(await this.organizationExists(tenantId, id))) {
      throw new AppError('VALIDATION_FAILED', 'organizationId: no such organization', [{ path: 'body.organizationId', message: 'no such organization' }]);
    }
  }

  private hashToken(token: string) {
    return tokenHash(this.config.sessionSecret, token);
  }

  async listTenants(): Promise<TenantRow[]> {
    return this.db.select().from(tenants).orderBy(asc(tenants.createdAt));
  }

  async tenantBySlug(slug: string): Promise<TenantRow | undefined> {
    const [t] = await this.db.select().from(tenants).where(eq(tenants.slug, slug));
    return t;
  }

  async tenantById(id: string): Promise<TenantRow | undefined> {
    const [t] = await this.db.select().from(tenants).where(eq(tenants.id, id));
    return t;
  }

  async createTenant(input: { slug: string; nameZh: string; nameEn: string; isDemo?: boolean }, actor = 'system:cli'): Promise<TenantRow> {
    return inTransaction(this.db, async (tx) => {
      const existing = await tx.select().from(tenants).where(eq(tenants.slug, input.slug));
      if (existing.length) throw new AppError('CONFLICT', `tenant ${input.slug} exists`);
      const [t] = await tx
        .insert(tenants)
        .values({ slug: input.slug, nameZh: input.nameZh, nameEn: input.nameEn, isDemo: input.isDemo ? 1 : 0 })
        .returning();
      await appendAudit(tx, { tenantId: t!.id, actorUserId: null, actorLabel: actor, requestId: null }, {
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: t!.id,
        summary: { slug: t!.slug, nameZh: t!.nameZh, nameEn: t!.nameEn },
      });
      return t!;
    });
  }

  async rolesOf(db: Db, userId: string): Promise<Role[]> {
    const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
    return rows.map((r) => r.role).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  }

  private async assertUnique(tx: Db, tenantId: string, email: string, mobile: string | null, exceptUserId?: string) {
    const conds: SQL[] = [sql`lower(${users.email}) = ${email.toLowerCase()}`];
    if (mobile) conds.push(eq(users.mobile, mobile));
    const rows = await tx
      .select({ id: users.id, email: users.email, mobile: users.mobile })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), or(...conds)));
    for (const r of rows) {
      if (r.id === exceptUserId) continue;
      if (r.email.toLowerCase() === email.toLowerCase()) throw new AppError('EMAIL_TAKEN');
      throw new AppError('MOBILE_TAKEN');
    }
  }

  /** Create an active user with a password (CLI, seeding, tests). */
  async createUser(
    ctx: CommandContext,
    input: { email: string; displayName: string; password: string; roles: Role[]; mobile?: string | null; organizationId?: string | null },
    via: 'cli' | 'seed' | 'admin',
  ): Promise<UserWithRoles> {
    if (!passwordAcceptable(input.password)) throw new AppError('PASSWORD_TOO_WEAK');
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.db, async (tx) => {
      const user = await this.insertUser(tx, ctx, { ...input, passwordHash, status: 'active' });
      await appendAudit(tx, ctx, {
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        summary: { email: user.email, roles: user.roles, via },
      });
      return user;
    });
  }

  private async insertUser(
    tx: Db,
    ctx: CommandContext,
    input: {
      email: string;
      displayName: string;
      passwordHash: string | null;
      status: 'active' | 'invited';
      roles: Role[];
      mobile?: string | null | undefined;
      organizationId?: string | null | undefined;
    },
  ): Promise<UserWithRoles> {
    const email = input.email.trim().toLowerCase();
    const mobile = input.mobile ? (parseIdentifier(input.mobile)?.value ?? null) : null;
    if (input.mobile && !mobile) throw new AppError('VALIDATION_FAILED', 'mobile is not a valid mainland mobile number', [{ path: 'body.mobile', message: 'invalid mobile number' }]);
    await this.assertUnique(tx, ctx.tenantId, email, mobile);
    try {
      const [u] = await tx
        .insert(users)
        .values({
          tenantId: ctx.tenantId,
          email,
          mobile,
          displayName: input.displayName.trim(),
          passwordHash: input.passwordHash,
          status: input.status,
          organizationId: input.organizationId ?? null,
          passwordChangedAt: input.passwordHash ? this.clock.now() : null,
        })
        .returning();
      const roles = [...new Set(input.roles)];
      if (roles.length) {
        await tx.insert(userRoles).values(roles.map((role) => ({ userId: u!.id, tenantId: ctx.tenantId, role })));
      }
      return { ...u!, roles: roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)) };
    } catch (err) {
      if (isUniqueViolation(err, 'email')) throw new AppError('EMAIL_TAKEN');
      if (isUniqueViolation(err, 'mobile')) throw new AppError('MOBILE_TAKEN');
      throw err;
    }
  }

  /**
   * Sign in. Wrong password, unknown account, disabled and locked accounts all answer the same
   * AUTH_INVALID_CREDENTIALS, and an unknown account costs one argon2 verification too.
   */
  async login(input: { tenantSlug: string; identifier: string; password: string; ip: string | null; userAgent: string | null; requestId: string }): Promise<LoginResult> {
    const now = this.clock.now();
    const tenant = await this.tenantBySlug(input.tenantSlug);
    const ident = parseIdentifier(input.identifier);
    let user: UserRow | undefined;
    if (tenant && ident) {
      const cond = ident.kind === 'email' ? sql`lower(${users.email}) = ${ident.value}` : eq(users.mobile, ident.value);
      [user] = await this.db.select().from(users).where(and(eq(users.tenantId, tenant.id), cond));
    }
    if (!tenant || !user || !user.passwordHash) {
      await argonVerify(await getDummyHash(), input.password).catch(() => false);
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    const passwordOk = await argonVerify(user.passwordHash, input.password).catch(() => false);
    const ctx: CommandContext = { tenantId: tenant.id, actorUserId: user.id, actorLabel: actorLabel(user), requestId: input.requestId };
    const locked = isLocked(user, now);
    if (!passwordOk || locked || user.status !== 'active') {
      const reason = locked ? 'locked' : user.status !== 'active' ? 'disabled' : 'bad_password';
      await inTransaction(this.db, async (tx) => {
        let lockedNow = false;
        if (reason === 'bad_password') {
          const next = afterFailedLogin(user, now, this.config.lockoutThreshold, this.config.lockoutMinutes);
          lockedNow = next.lockedNow;
          await tx.update(users).set({ failedLoginCount: next.failedLoginCount, lockedUntil: next.lockedUntil }).where(eq(users.id, user.id));
        }
        await appendAudit(tx, ctx, { action: 'auth.login_failed', targetType: 'user', targetId: user.id, summary: { reason, lockedNow } });
      });
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3600_000);
    await inTransaction(this.db, async (tx) => {
      await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
      await tx.insert(sessions).values({
        tokenHash: this.hashToken(token),
        tenantId: tenant.id,
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      });
      await appendAudit(tx, ctx, { action: 'auth.login_succeeded', targetType: 'user', targetId: user.id, summary: { method: ident!.kind } });
    });
    const roles = await this.rolesOf(this.db, user.id);
    return { token, user: { ...user, roles }, tenant, expiresAt };
  }

  /** Resolve a session cookie to an actor; touches last_seen at most once a minute. */
  async authenticate(token: string): Promise<{ actor: Actor | null; state: 'valid' | 'revoked' | 'idle' | 'expired' | 'unknown' }> {
    const now = this.clock.now();
    // One statement per request: the session, the few user columns an actor needs, and the roles.
    const [row] = await this.db
      .select({
        session: { id: sessions.id, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, revokedAt: sessions.revokedAt, createdAt: sessions.createdAt },
        user: { id: users.id, tenantId: users.tenantId, status: users.status, organizationId: users.organizationId, email: users.email, displayName: users.displayName },
        roles: sql<Role[] | null>`(select array_agg(${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id})`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, this.hashToken(token)));
    if (!row) return { actor: null, state: 'unknown' };
    const state = sessionState(row.session, now, this.config.sessionIdleMinutes);
    if (state !== 'valid') return { actor: null, state };
    if (row.user.status !== 'active') return { actor: null, state: 'revoked' };
    if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
    }
    const roles = (row.roles ?? []).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
    return {
      state,
      actor: {
        userId: row.user.id,
        tenantId: row.user.tenantId,
        sessionId: row.session.id,
        roles,
        organizationId: row.user.organizationId,
        email: row.user.email,
        displayName: row.user.displayName,
      },
    };
  }

  async logout(ctx: CommandContext, sessionId: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.update(sessions).set({ revokedAt: this.clock.now() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
      await appendAudit(tx, ctx, { action: 'auth.logged_out', targetType: 'session', targetId: sessionId, summary: {} });
    });
  }

  private async revokeAll(tx: Db, userId: string, exceptSessionId?: string): Promise<number> {
    const conds = [eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, this.clock.now())];
    if (exceptSessionId) conds.push(sql`${sessions.id} <> ${exceptSessionId}`);
    const rows = await tx.update(sessions).set({ revokedAt: this.clock.now() }).where(and(...conds)).returning({ id: sessions.id });
    return rows.length;
  }

  /** Sign out everywhere: every session of the user, including the current one. */
  async revokeSessions(ctx: CommandContext, userId: string, by: 'self' | 'admin'): Promise<number> {
    return inTransaction(this.db, async (tx) => {
      await this.requireUser(tx, ctx.tenantId, userId);
      const count = await this.revokeAll(tx, userId);
      await appendAudit(tx, ctx, { action: 'auth.sessions_revoked', targetType: 'user', targetId: userId, summary: { count, by } });
      return count;
    });
  }

  async listSessions(tenantId: string, userId: string) {
    return this.db
      .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
      .from(sessions)
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, this.clock.now())))
      .orderBy(desc(sessions.lastSeenAt));
  }

  /** Change one's own password; other sessions are signed out, the current one stays. */
  async changePassword(ctx: CommandContext, actor: Actor, current: string, next: string): Promise<void> {
    const [user] = await this.db.select().from(users).where(eq(users.id, actor.userId));
    if (!user?.passwordHash) throw new AppError('AUTH_REQUIRED');
    if (!(await argonVerify(user.passwordHash, current).catch(() => false))) throw new AppError('PASSWORD_WRONG');
    if (!passwordAcceptable(next)) throw new AppError('PASSWORD_TOO_WEAK');
    const passwordHash = await hashPassword(next);
    await inTransaction(this.db, async (tx) => {
      await tx.update(users).set({ passwordHash, passwordChangedAt: this.clock.now(), updatedAt: this.clock.now() }).where(eq(users.id, user.id));
      const count = await this.revokeAll(tx, user.id, actor.sessionId);
      await appendAudit(tx, ctx, { action: 'auth.password_changed', targetType: 'user', targetId: user.id, summary: {} });
      if (count) await appendAudit(tx, ctx, { action: 'auth.sessions_revoked', targetType: 'user', targetId: user.id, summary: { count, by: 'password_change' } });
    });
  }

  /** Always succeeds from the caller's view, so it cannot be used to probe for accounts. */
  async requestPasswordReset(input: { tenantSlug: string; email: string; requestId: string }): Promise<void> {
    const tenant = await this.tenantBySlug(input.tenantSlug);
    if (!tenant) return;
    const [user] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`, eq(users.status, 'active')));
    if (!user) return;
    const token = newToken();
    const now = this.clock.now();
    await inTransaction(this.db, async (tx) => {
      await tx.insert(oneTimeTokens).values({
        tokenHash: this.hashToken(token),
        tenantId: tenant.id,
        userId: user.id,
        purpose: 'reset',
        expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000),
      });
      const link = `${this.config.publicUrl}/reset-password?token=${token}`;
      await queueMail(tx, { tenantId: tenant.id, to: user.email, ...mailText(resetMail(user.displayName, link, RESET_MINUTES)) });
      await appendAudit(tx, { tenantId: tenant.id, actorUserId: user.id, actorLabel: actorLabel(user), requestId: input.requestId }, {
        action: 'auth.password_reset_requested',
        targetType: 'user',
        targetId: user.id,
        summary: {},
      });
    });
  }

  private async useToken(tx: Db, token: string, purpose: 'reset' | 'invite') {
    const now = this.clock.now();
    const [row] = await tx
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.tokenHash, this.hashToken(token)), eq(oneTimeTokens.purpose, purpose)))
      .for('update');
    if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) throw new AppError('TOKEN_INVALID');
    await tx.update(oneTimeTokens).set({ usedAt: now }).where(eq(oneTimeTokens.id, row.id));
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user) throw new AppError('TOKEN_INVALID');
    return user;
  }

  async resetPassword(input: { token: string; password: string; requestId: string }): Promise<void> {
    if (!passwordAcceptable(input.password)) throw new AppError('PASSWORD_TOO_WEAK');
    const passwordHash = await hashPassword(input.password);
    await inTransaction(this.db, async (tx) => {
      const user = await this.useToken(tx, input.token, 'reset');
      if (user.status !== 'active') throw new AppError('TOKEN_INVALID');
      const now = this.clock.now();
      await tx.update(users).set({ passwordHash, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null, updatedAt: now }).where(eq(users.id, user.id));
      const count = await this.revokeAll(tx, user.id);
      const ctx = { tenantId: user.tenantId, actorUserId: user.id, actorLabel: actorLabel(user), requestId: input.requestId };
      await appendAudit(tx, ctx, { action: 'auth.password_reset_completed', targetType: 'user', targetId: user.id, summary: {} });
      if (count) await appendAudit(tx, ctx, { action: 'auth.sessions_revoked', targetType: 'user', targetId: user.id, summary: { count, by: 'password_reset' } });
    });
  }

  async inviteUser(
    ctx: CommandContext,
    input: { email: string; displayName: string; roles: Role[]; mobile?: string | null | undefined; organizationId?: string | null | undefined },
  ): Promise<{ user: UserWithRoles; inviteToken: string }> {
    const token = newToken();
    // Read before the transaction: on PGlite a query on this.db inside it waits for it forever.
    const tenant = await this.tenantById(ctx.tenantId);
    await this.assertOrganization(ctx.tenantId, input.organizationId);
    return inTransaction(this.db, async (tx) => {
      const user = await this.insertUser(tx, ctx, { ...input, passwordHash: null, status: 'invited' });
      await tx.insert(oneTimeTokens).values({
        tokenHash: this.hashToken(token),
        tenantId: ctx.tenantId,
        userId: user.id,
        purpose: 'invite',
        expiresAt: new Date(this.clock.now().getTime() + INVITE_DAYS * 86400_000),
      });
      const link = `${this.config.publicUrl}/accept-invite?token=${token}`;
      await queueMail(tx, { tenantId: ctx.tenantId, to: user.email, ...mailText(inviteMail(user.displayName, tenant?.nameZh ?? '', link, INVITE_DAYS)) });
      await appendAudit(tx, ctx, { action: 'user.invited', targetType: 'user', targetId: user.id, summary: { email: user.email, roles: user.roles } });
      return { user, inviteToken: token };
    });
  }

  async acceptInvite(input: { token: string; password: string; requestId: string }): Promise<void> {
    if (!passwordAcceptable(input.password)) throw new AppError('PASSWORD_TOO_WEAK');
    const passwordHash = await hashPassword(input.password);
    await inTransaction(this.db, async (tx) => {
      const user = await this.useToken(tx, input.token, 'invite');
      if (user.status !== 'invited') throw new AppError('TOKEN_INVALID');
      const now = this.clock.now();
      await tx.update(users).set({ passwordHash, status: 'active', passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id));
      await appendAudit(tx, { tenantId: user.tenantId, actorUserId: user.id, actorLabel: actorLabel(user), requestId: input.requestId }, {
        action: 'user.invitation_accepted',
        targetType: 'user',
        targetId: user.id,
        summary: {},
      });
    });
  }

  private async requireUser(tx: Db, tenantId: string, userId: string, lock = false): Promise<UserRow> {
    const q = tx.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
    const [u] = lock ? await q.for('update') : await q;
    if (!u) throw new AppError('NOT_FOUND', 'user not found');
    return u;
  }

  async getUser(tenantId: string, userId: string): Promise<UserWithRoles> {
    const u = await this.requireUser(this.db, tenantId, userId);
    return { ...u, roles: await this.rolesOf(this.db, u.id) };
  }

  /** Serialises admin changes per tenant so that two admins cannot remove the last admin at once. */
  private async assertAdminRemains(tx: Db, tenantId: string, exceptUserId: string) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'admins:' + tenantId}))`);
    const rows = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.role, 'admin'), eq(users.status, 'active'), sql`${users.id} <> ${exceptUserId}`));
    if (Number(rows[0]?.n ?? 0) === 0) throw new AppError('LAST_ADMIN');
  }

  async updateUser(
    ctx: CommandContext,
    userId: string,
    patch: { displayName?: string | undefined; mobile?: string | null | undefined; roles?: Role[] | undefined; organizationId?: string | null | undefined },
  ): Promise<UserWithRoles> {
    await this.assertOrganization(ctx.tenantId, patch.organizationId);
    return inTransaction(this.db, async (tx) => {
      const user = await this.requireUser(tx, ctx.tenantId, userId, true);
      const fields: string[] = [];
      const set: Partial<typeof users.$inferInsert> = {};
      if (patch.displayName !== undefined && patch.displayName.trim() !== user.displayName) {
        set.displayName = patch.displayName.trim();
        fields.push('displayName');
      }
      if (patch.mobile !== undefined) {
        const mobile = patch.mobile ? (parseIdentifier(patch.mobile)?.value ?? null) : null;
        if (patch.mobile && !mobile) throw new AppError('VALIDATION_FAILED', 'invalid mobile number', [{ path: 'body.mobile', message: 'invalid mobile number' }]);
        if (mobile !== user.mobile) {
          await this.assertUnique(tx, ctx.tenantId, user.email, mobile, user.id);
          set.mobile = mobile;
          fields.push('mobile');
        }
      }
      if (patch.organizationId !== undefined && patch.organizationId !== user.organizationId) {
        set.organizationId = patch.organizationId;
        fields.push('organizationId');
      }
      if (fields.length) {
        await tx.update(users).set({ ...set, updatedAt: this.clock.now() }).where(eq(users.id, user.id));
        await appendAudit(tx, ctx, { action: 'user.profile_updated', targetType: 'user', targetId: user.id, summary: { fields } });
      }
      const before = await this.rolesOf(tx, user.id);
      if (patch.roles) {
        const after = [...new Set(patch.roles)].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
        if (after.join() !== before.join()) {
          if (before.includes('admin') && !after.includes('admin')) await this.assertAdminRemains(tx, ctx.tenantId, user.id);
          await tx.delete(userRoles).where(eq(userRoles.userId, user.id));
          if (after.length) await tx.insert(userRoles).values(after.map((role) => ({ userId: user.id, tenantId: ctx.tenantId, role })));
          await appendAudit(tx, ctx, { action: 'user.roles_changed', targetType: 'user', targetId: user.id, summary: { from: before, to: after } });
        }
      }
      const [fresh] = await tx.select().from(users).where(eq(users.id, user.id));
      return { ...fresh!, roles: await this.rolesOf(tx, user.id) };
    });
  }

  async setDisabled(ctx: CommandContext, userId: string, disabled: boolean, reason?: string): Promise<UserWithRoles> {
    return inTransaction(this.db, async (tx) => {
      const user = await this.requireUser(tx, ctx.tenantId, userId, true);
      const roles = await this.rolesOf(tx, user.id);
      if (disabled && user.status !== 'disabled') {
        if (roles.includes('admin')) await this.assertAdminRemains(tx, ctx.tenantId, user.id);
        await tx.update(users).set({ status: 'disabled', updatedAt: this.clock.now() }).where(eq(users.id, user.id));
        const count = await this.revokeAll(tx, user.id);
        await appendAudit(tx, ctx, { action: 'user.disabled', targetType: 'user', targetId: user.id, summary: reason ? { reason } : {} });
        if (count) await appendAudit(tx, ctx, { action: 'auth.sessions_revoked', targetType: 'user', targetId: user.id, summary: { count, by: 'admin' } });
      } else if (!disabled && user.status === 'disabled') {
        const status = user.passwordHash ? 'active' : 'invited';
        await tx.update(users).set({ status, failedLoginCount: 0, lockedUntil: null, updatedAt: this.clock.now() }).where(eq(users.id, user.id));
        await appendAudit(tx, ctx, { action: 'user.enabled', targetType: 'user', targetId: user.id, summary: {} });
      }
      const [fresh] = await tx.select().from(users).where(eq(users.id, user.id));
      return { ...fresh!, roles };
    });
  }

  async listUsers(tenantId: string, q: UserListQuery): Promise<{ items: UserWithRoles[]; total: number }> {
    const conds: SQL[] = [eq(users.tenantId, tenantId)];
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
      conds.push(or(ilike(users.displayName, like), ilike(users.email, like), ilike(users.mobile, like))!);
    }
    if (q.status) conds.push(eq(users.status, q.status));
    if (q.role) {
      conds.push(inArray(users.id, this.db.select({ id: userRoles.userId }).from(userRoles).where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.role, q.role)))));
    }
    const where = and(...conds);
    const col = { displayName: users.displayName, email: users.email, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt }[q.sort];
    const order = q.order === 'asc' ? sql`${col} asc nulls last` : sql`${col} desc nulls last`;
    const [rows, total] = await Promise.all([
      this.db.select().from(users).where(where).orderBy(order, asc(users.id)).limit(q.limit).offset(q.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(users).where(where),
    ]);
    const roleRows = rows.length
      ? await this.db.select().from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.id)))
      : [];
    const items = rows.map((u) => ({
      ...u,
      roles: roleRows
        .filter((r) => r.userId === u.id)
        .map((r) => r.role)
        .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
    }));
    return { items, total: Number(total[0]?.n ?? 0) };
  }
}

function mailText(m: { subject: string; text: string }) {
  return { subject: m.subject, text: m.text };
}
