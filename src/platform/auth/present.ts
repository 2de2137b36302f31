import type { Static } from 'typebox';
import type { TenantRow, UserWithRoles } from './auth.service.ts';
import type { TenantSchema, UserDto } from './auth.schemas.ts';
import { can, type Actor } from './policy.ts';

export function presentTenant(t: TenantRow): Static<typeof TenantSchema> {
  return { id: t.id, slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, isDemo: t.isDemo === 1 };
}

/** The user as the caller sees it, with what the caller may do with it next. */
export function presentUser(u: UserWithRoles, viewer: Actor | null, now: Date): UserDto {
  const actions: UserDto['actions'] = [];
  if (viewer && viewer.tenantId === u.tenantId) {
    if (can(viewer, 'user.update')) actions.push('update');
    if (can(viewer, 'user.disable') && u.status !== 'disabled' && u.id !== viewer.userId) actions.push('disable');
    if (can(viewer, 'user.enable') && u.status === 'disabled') actions.push('enable');
    if (can(viewer, 'user.revokeSessions') && u.status === 'active') actions.push('revokeSessions');
  }
  return {
    id: u.id,
    email: u.email,
    mobile: u.mobile,
    displayName: u.displayName,
    status: u.status as UserDto['status'],
    roles: u.roles,
    organizationId: u.organizationId,
    locked: u.lockedUntil !== null && u.lockedUntil.getTime() > now.getTime(),
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    actions,
  };
}
