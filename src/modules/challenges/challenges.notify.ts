import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { userRoles, users, type Role } from '../../platform/auth/auth.tables.ts';
import type { NotificationService } from '../../platform/notify/index.ts';
import type { Notifier } from './challenges.service.ts';

/** The challenge workflow's notifier: the platform notification centre (in-app and e-mail). */
export function notificationCentreNotifier(centre: NotificationService): Notifier {
  return {
    async toUsers(tx, tenantId, userIds, msg) {
      await centre.notify(tx, { tenantId, userIds, ...msg });
    },
    async toRole(tx: Db, tenantId: string, roles: Role[], msg, exceptUserIds = []) {
      const rows = await tx
        .selectDistinct({ id: users.id })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.tenantId, tenantId), eq(userRoles.tenantId, tenantId), inArray(userRoles.role, roles), ne(users.status, 'disabled')));
      const ids = rows.map((r) => r.id).filter((id) => !exceptUserIds.includes(id));
      if (ids.length) await centre.notify(tx, { tenantId, userIds: ids, ...msg });
    },
  };
}
