import type { Role } from './auth.tables.ts';
import { AppError } from '../http/errors.ts';

export interface Actor {
  userId: string;
  tenantId: string;
  sessionId: string;
  roles: Role[];
  organizationId: string | null;
  email: string;
  displayName: string;
}

/** Declared permissions of the platform; modules declare theirs the same way beside their code. */
const PLATFORM_RULES = {
  'user.list': ['admin'],
  'user.invite': ['admin'],
  'user.update': ['admin'],
  'user.disable': ['admin'],
  'user.enable': ['admin'],
  'user.revokeSessions': ['admin'],
  'audit.read': ['admin', 'auditor'],
  'audit.verify': ['admin', 'auditor'],
  'organization.list': ['admin', 'officer', 'auditor'],
  'organization.create': ['admin', 'officer'],
  'file.readAny': ['admin', 'officer', 'auditor'],
  'job.list': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PlatformAction = keyof typeof PLATFORM_RULES;

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return actor !== null && actor.roles.some((r) => roles.includes(r));
}

export function can(actor: Actor | null, action: PlatformAction): boolean {
  return hasRole(actor, ...(PLATFORM_RULES[action] as readonly Role[]));
}

/** 401 without a session, 403 without the permission. */
export function authorize(actor: Actor | null, action: PlatformAction): asserts actor is Actor {
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (!can(actor, action)) throw new AppError('FORBIDDEN', `requires permission ${action}`);
}

export function requireActor(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('AUTH_REQUIRED');
}

export function actorLabel(a: { displayName: string; email: string }): string {
  return `${a.displayName} <${a.email}>`;
}
