import { and, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { userRoles, users, type Role } from '../auth/auth.tables.ts';
import { AppError, notFound } from '../http/errors.ts';
import { queueMail } from '../mail/mail.service.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { absoluteLink, notificationMail, redactTokens, type Bilingual } from './notify.mail.ts';
import { notifications } from './notify.tables.ts';

export type { Bilingual } from './notify.mail.ts';
export type NotificationRow = typeof notifications.$inferSelect;
export type MailRow = typeof mailOutbox.$inferSelect;

/** What a notification is about, for de-duplicating reminders, e.g. `{ type: 'challenge', id }`. */
export interface NotificationSubject {
  type: string;
  id: string;
}

export interface NotificationContent {
  /** A stable kind such as `challenge.approval_requested`; the UI may pick an icon by it. */
  kind: string;
  title: Bilingual;
  body: Bilingual;
  /** An in-app path starting with `/` (made absolute under PUBLIC_URL in the mail), or null. */
  link?: string | null;
  subject?: NotificationSubject | null;
  /** Also send an e-mail through the outbox (default true). */
  email?: boolean;
}

export interface NotifyInput extends NotificationContent {
  tenantId: string;
  userIds: readonly string[];
}

export interface NotifyResult {
  /** One per recipient who got a notification (disabled users are skipped). */
  notificationIds: string[];
  /** One per recipient who got an e-mail (active users only, when `email` is not false). */
  mailIds: string[];
}

export interface NotificationPage {
  items: NotificationRow[];
  nextCursor: string | null;
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0])) && UUID_RE.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid', [{ path: 'querystring.cursor', message: 'invalid cursor' }]);
}

function checkContent(c: NotificationContent): void {
  if (!c.kind.trim()) throw new Error('notify: kind is required');
  if (!c.title.zh.trim() || !c.title.en.trim()) throw new Error('notify: title needs Chinese and English');
  if (c.link != null && !/^\/(?!\/)/.test(c.link)) throw new Error(`notify: link must be an in-app path starting with "/", got ${c.link}`);
}

/**
 * The notification centre. Commands call `notify` / `notifyRole` with their own transaction, so a
 * notification and its mail exist exactly when the command commits; the `mail.send` job delivers the
 * mail afterwards. The read side serves the signed-in user's own notifications only.
 */
export class NotificationService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'publicUrl' | 'demo' | 'smtpUrl'>,
    private readonly clock: Clock,
  ) {}

  /**
   * One notification per recipient and, unless `email` is false, one mail per active recipient in
   * their language. Recipients must belong to the tenant (anything else is a programming error and
   * throws); disabled users are skipped; invited users get the notification but no mail yet.
   */
  async notify(tx: Db, input: NotifyInput): Promise<NotifyResult> {
    checkContent(input);
    const ids = [...new Set(input.userIds)];
    if (ids.length === 0) return { notificationIds: [], mailIds: [] };
    const recipients = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, status: users.status })
      .from(users)
      .where(and(eq(users.tenantId, input.tenantId), inArray(users.id, ids)));
    if (recipients.length !== ids.length) {
      const found = new Set(recipients.map((r) => r.id));
      throw new Error(`notify: users not in tenant ${input.tenantId}: ${ids.filter((id) => !found.has(id)).join(', ')}`);
    }
    return this.write(tx, input.tenantId, recipients.filter((r) => r.status !== 'disabled'), input);
  }

  /** Notifies every user holding `role` (or any of several roles) in the tenant, except disabled ones. */
  async notifyRole(tx: Db, tenantId: string, role: Role | readonly Role[], content: NotificationContent): Promise<NotifyResult> {
    checkContent(content);
    const roles: Role[] = typeof role === 'string' ? [role] : [...role];
    const recipients = await tx
      .selectDistinct({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, status: users.status })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(eq(users.tenantId, tenantId), eq(userRoles.tenantId, tenantId), inArray(userRoles.role, roles), ne(users.status, 'disabled')));
    return this.write(tx, tenantId, recipients, content);
  }

  private async write(
    tx: Db,
    tenantId: string,
    recipients: { id: string; email: string; displayName: string; locale: string; status: string }[],
    c: NotificationContent,
  ): Promise<NotifyResult> {
    if (recipients.length === 0) return { notificationIds: [], mailIds: [] };
    const now = this.clock.now();
    const link = c.link ?? null;
    const rows = await tx
      .insert(notifications)
      .values(
        recipients.map((r) => ({
          tenantId,
          userId: r.id,
          kind: c.kind,
          titleZh: c.title.zh,
          titleEn: c.title.en,
          bodyZh: c.body.zh,
          bodyEn: c.body.en,
          link,
          subject: c.subject ? { type: c.subject.type, id: c.subject.id } : null,
          createdAt: now,
        })),
      )
      .returning({ id: notifications.id });
    const mailIds: string[] = [];
    if (c.email !== false) {
      const url = link ? absoluteLink(this.config.publicUrl, link) : null;
      for (const r of recipients) {
        if (r.status !== 'active') continue;
        const mail = notificationMail({ displayName: r.displayName, locale: r.locale, title: c.title, body: c.body, url });
        mailIds.push(await queueMail(tx, { tenantId, to: r.email, subject: mail.subject, text: mail.text }));
      }
    }
    return { notificationIds: rows.map((r) => r.id), mailIds };
  }

  /** Whether the user got a notification of this kind about this subject at or after `since` (reminder de-duplication). */
  async hasRecentNotification(tx: Db, userId: string, kind: string, subject: NotificationSubject, since: Date): Promise<boolean> {
    const rows = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          eq(notifications.kind, kind),
          sql`${notifications.subject} = ${JSON.stringify({ type: subject.type, id: subject.id })}::jsonb`,
          sql`${notifications.createdAt} >= ${since.toISOString()}::timestamptz`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  /** The user's notifications, newest first, by keyset (`cursor` is the previous page's `nextCursor`). */
  async list(tenantId: string, userId: string, q: { unread?: boolean | undefined; limit: number; cursor?: string | undefined }): Promise<NotificationPage> {
    const conds = [eq(notifications.tenantId, tenantId), eq(notifications.userId, userId)];
    if (q.unread) conds.push(isNull(notifications.readAt));
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      conds.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${at}::timestamptz, ${id}::uuid)`);
    }
    const rows = await this.db
      .select({
        row: notifications,
        // Full microsecond precision, so rows written by other means (defaultNow) page exactly too.
        at: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(notifications)
      .where(and(...conds))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map((r) => r.row), nextCursor: more && last ? encodeCursor(last.at, last.row.id) : null };
  }

  async unreadCount(tenantId: string, userId: string): Promise<number> {
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(r?.n ?? 0);
  }

  /** Marks one of the user's notifications read (again is fine); someone else's answers 404. */
  async markRead(tenantId: string, userId: string, id: string): Promise<NotificationRow> {
    const mine = and(eq(notifications.id, id), eq(notifications.tenantId, tenantId), eq(notifications.userId, userId));
    const [updated] = await this.db
      .update(notifications)
      .set({ readAt: this.clock.now() })
      .where(and(mine, isNull(notifications.readAt)))
      .returning();
    if (updated) return updated;
    const [existing] = await this.db.select().from(notifications).where(mine);
    if (!existing) throw notFound('notification');
    return existing;
  }

  /** Marks all the user's unread notifications read; returns how many. */
  async markAllRead(tenantId: string, userId: string): Promise<number> {
    const rows = await this.db
      .update(notifications)
      .set({ readAt: this.clock.now() })
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return rows.length;
  }

  /** The demo mailbox is open in demo mode, or when no SMTP server is configured (mail only lands in files). */
  mailboxEnabled(): boolean {
    return this.config.demo || !this.config.smtpUrl;
  }

  /** The tenant's outbox, newest first, with one-time tokens in bodies redacted. */
  async mailbox(tenantId: string, page: { offset: number; limit: number }): Promise<{ items: MailRow[]; total: number }> {
    if (!this.mailboxEnabled()) throw new AppError('MAILBOX_UNAVAILABLE');
    const where = eq(mailOutbox.tenantId, tenantId);
    const [rows, total] = await Promise.all([
      this.db.select().from(mailOutbox).where(where).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(where),
    ]);
    return { items: rows.map((m) => ({ ...m, bodyText: redactTokens(m.bodyText) })), total: Number(total[0]?.n ?? 0) };
  }
}
