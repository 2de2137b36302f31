/**
 * The typed catalogue of audit events: action name → shape of its summary.
 * Modules add their own actions by declaration merging on this interface.
 */
export interface AuditEventMap {
  'tenant.created': { slug: string; nameZh: string; nameEn: string };
  'user.created': { email: string; roles: string[]; via: 'cli' | 'seed' | 'admin' };
  'user.invited': { email: string; roles: string[] };
  'user.invitation_accepted': Record<string, never>;
  'user.roles_changed': { from: string[]; to: string[] };
  'user.disabled': { reason?: string };
  'user.enabled': Record<string, never>;
  'user.profile_updated': { fields: string[] };
  'auth.login_succeeded': { method: 'email' | 'mobile' };
  'auth.login_failed': { reason: 'bad_password' | 'locked' | 'disabled'; lockedNow: boolean };
  'auth.logged_out': Record<string, never>;
  'auth.sessions_revoked': { count: number; by: 'self' | 'admin' | 'password_change' | 'password_reset' };
  'auth.password_changed': Record<string, never>;
  'auth.password_reset_requested': Record<string, never>;
  'auth.password_reset_completed': Record<string, never>;
  'organization.created': { creditCode: string; nameZh: string; type: string };
  'organization.updated': { fields: string[] };
  'zone.created': { code: string; nameZh: string; level: string };
  'qualification.added': { kind: string; validFrom: string; validTo: string | null; certificateNo: string | null };
  'qualification.removed': { kind: string; validFrom: string };
  'figures.recorded': { year: number; fields: string[] };
  'person.created': { nameZh: string; organizationId: string | null };
  'registry.bulk_loaded': { organizations: number; qualifications: number; figures: number; people: number };
  'file.uploaded': { sha256: string; sizeBytes: number; mimeType: string; name: string };
  'demo.seeded': { users: number; organizations: number };
  'calendar.year_entered': { year: number; holidays: number; workdays: number; source: string; replaced: boolean };
  'calendar.year_removed': { year: number; source: string };
}

export type AuditAction = keyof AuditEventMap;
export const GENESIS_HASH = '0'.repeat(64);
