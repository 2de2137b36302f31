import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../export/index.ts';
import type { AuthService, UserListQuery } from './auth.service.ts';
import type { Role } from './auth.tables.ts';

const PAGE = 500;

/** Chinese first, then the stable code, so the sheet reads in either language and sorts by code. */
const ROLE_ZH: Record<Role, string> = {
  admin: '管理员',
  officer: '科委/管委会工作人员',
  applicant: '申报单位',
  expert: '评审专家',
  facility_manager: '设施管理员',
  auditor: '审计/纪检',
};
const STATUS_ZH: Record<string, string> = { active: '正常', invited: '已邀请', disabled: '已停用' };
const labelled = (zh: string | undefined, code: string) => (zh ? `${zh}（${code}）` : code);

export const USER_EXPORT_HEADER = [
  bilingual('姓名', 'Name'),
  bilingual('电子邮箱', 'E-mail'),
  bilingual('手机号', 'Mobile'),
  bilingual('角色', 'Roles'),
  bilingual('状态', 'Status'),
  bilingual('已锁定', 'Locked'),
  bilingual('所属机构', 'Organisation'),
  bilingual('最近登录（北京时间）', 'Last sign-in (Beijing time)'),
  bilingual('创建时间（北京时间）', 'Created (Beijing time)'),
  bilingual('用户 ID', 'User ID'),
];

export type UserExportFilter = Omit<UserListQuery, 'offset' | 'limit'>;

/**
 * The users of a tenant matching the filters of GET /users, every page of them, as xlsx or CSV. What an
 * administrator sees in the list and nothing more: no password hashes, tokens or lockout counters.
 */
export function exportUsers(
  auth: AuthService,
  organizationNames: (tenantId: string, ids: string[]) => Promise<Map<string, string>>,
  tenantId: string,
  filter: UserExportFilter,
  format: ExportFormat,
  now: Date,
): ExportFile {
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '用户', file: `用户-${stamp}` }, USER_EXPORT_HEADER, async (w) => {
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await auth.listUsers(tenantId, { ...filter, offset, limit: PAGE });
      const orgIds = [...new Set(items.map((u) => u.organizationId).filter((id): id is string => id !== null))];
      const orgs = orgIds.length ? await organizationNames(tenantId, orgIds) : new Map<string, string>();
      for (const u of items) {
        const locked = u.lockedUntil !== null && u.lockedUntil.getTime() > now.getTime();
        await w.row([
          u.displayName,
          u.email,
          u.mobile,
          u.roles.map((r) => labelled(ROLE_ZH[r], r)).join('、'),
          labelled(STATUS_ZH[u.status], u.status),
          locked ? '是 yes' : '否 no',
          u.organizationId ? (orgs.get(u.organizationId) ?? null) : null,
          shanghaiDateTime(u.lastLoginAt),
          shanghaiDateTime(u.createdAt),
          u.id,
        ]);
      }
      if (items.length < PAGE) break;
    }
  });
}
