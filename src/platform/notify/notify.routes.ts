import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Services } from '../../services.ts';
import { hasRole, requireActor } from '../auth/policy.ts';
import { AppError } from '../http/errors.ts';
import { DateTime, IdParams, NullableDateTime, PageQuery, pageWindow, responses, Uuid } from '../http/schemas.ts';
import type { MailRow, NotificationRow } from './notify.service.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const NotificationSchema = Type.Object(
  {
    id: Uuid,
    kind: Type.String({ description: 'Stable kind, e.g. challenge.approval_requested' }),
    title: Bilingual,
    body: Bilingual,
    link: Type.Union([Type.String(), Type.Null()], { description: 'In-app path, e.g. /challenges/…' }),
    subject: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
    createdAt: DateTime,
    readAt: NullableDateTime,
  },
);

const NotificationPage = Type.Object({
  items: Type.Array(NotificationSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
});

const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only unread notifications' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

const MailSchema = Type.Object({
  id: Uuid,
  to: Type.String(),
  subject: Type.String(),
  body: Type.String({ description: 'Plain text; one-time tokens (reset, invitation links) are redacted' }),
  status: Type.Enum(['queued', 'sent', 'stored', 'failed']),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  sentAt: NullableDateTime,
});

const MailboxPage = Type.Object({
  items: Type.Array(MailSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  delivery: Type.Enum(['smtp', 'file'], { description: 'smtp: mails really went out; file: stored under DATA_DIR/mail' }),
});

export function presentNotification(n: NotificationRow): Static<typeof NotificationSchema> {
  return {
    id: n.id,
    kind: n.kind,
    title: { zh: n.titleZh, en: n.titleEn },
    body: { zh: n.bodyZh, en: n.bodyEn },
    link: n.link,
    subject: n.subject ?? null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}

function presentMail(m: MailRow): Static<typeof MailSchema> {
  return {
    id: m.id,
    to: m.toAddress,
    subject: m.subject,
    body: m.bodyText,
    status: m.status as Static<typeof MailSchema>['status'],
    error: m.error,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
  };
}

/** The signed-in user's own notifications, and the demo mailbox for tenant admins. */
export function notificationRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { notifications, config } = services;
  return async (app) => {
    app.get(
      '/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, newest first (keyset paging with limit and cursor)',
          querystring: ListQuery,
          response: responses({ 200: NotificationPage }, [400, 401]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        const { tenantId, userId } = request.actor;
        const page = await notifications.list(tenantId, userId, { unread: request.query.unread, limit: request.query.limit ?? 20, cursor: request.query.cursor });
        return { items: page.items.map(presentNotification), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/notifications/unread-count',
      { schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: responses({ 200: Type.Object({ count: Type.Integer() }) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        return { count: await notifications.unreadCount(request.actor.tenantId, request.actor.userId) };
      },
    );

    app.post(
      '/notifications/:id/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark one of my notifications read (someone else’s answers 404)',
          params: IdParams,
          response: responses({ 200: NotificationSchema }, [400, 401, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        return presentNotification(await notifications.markRead(request.actor.tenantId, request.actor.userId, request.params.id));
      },
    );

    app.post(
      '/notifications/read-all',
      { schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: responses({ 200: Type.Object({ updated: Type.Integer() }) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        return { updated: await notifications.markAllRead(request.actor.tenantId, request.actor.userId) };
      },
    );

    app.get(
      '/mailbox',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Demo mailbox: the tenant’s outgoing mails (admin; only in demo mode or without SMTP)',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: responses({ 200: MailboxPage }, [400, 401, 403, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        if (!hasRole(request.actor, 'admin')) throw new AppError('FORBIDDEN', 'the mailbox is for tenant admins');
        const w = pageWindow(request.query);
        const r = await notifications.mailbox(request.actor.tenantId, { offset: w.offset, limit: w.limit });
        return { items: r.items.map(presentMail), total: r.total, page: w.page, pageSize: w.pageSize, delivery: config.smtpUrl ? ('smtp' as const) : ('file' as const) };
      },
    );
  };
}
