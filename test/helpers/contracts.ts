import type { TestEnv } from './app.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import type { Actor } from '../../src/platform/auth/policy.ts';
import { inTransaction } from '../../src/platform/db/tx.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import type { AwardInput, ContractRow } from '../../src/modules/contracts/contracts.service.ts';

let n = 0;

export const ctxOf = (tenant: TenantRow, u: UserWithRoles): CommandContext => ({ tenantId: tenant.id, actorUserId: u.id, actorLabel: u.email, requestId: null });
export const actorOf = (tenant: TenantRow, u: UserWithRoles): Actor => ({ userId: u.id, tenantId: tenant.id, sessionId: 's', roles: u.roles, organizationId: u.organizationId, email: u.email, displayName: u.displayName });

/** An award as closeNotice hands it over: 1,000,000 fen, two milestones, 30/25/25/20 tranches, from 2026-05-11. */
export function award(organizationId: string, over: Partial<AwardInput> = {}): AwardInput {
  n++;
  return {
    challengeId: '00000000-0000-4000-8000-00000000c0de',
    applicationId: crypto.randomUUID(),
    organizationId,
    codePrefix: 'RW-2026-001-',
    title: `国产微流控单细胞测序平台${n}`,
    totalFen: 1_000_000,
    fundingMode: 'before_delivery',
    startsOn: '2026-05-11',
    endsOn: '2028-05-11',
    targets: [{ indicator: '单次通量', target: '≥ 10000', unit: '细胞', verification: '第三方检测报告' }],
    milestones: [
      { title: '验证', month: 24, deliverable: '验证报告' },
      { title: '样机', month: 12, deliverable: '样机检测报告' },
    ],
    tranches: [
      { seq: 1, amountFen: 300_000, trigger: 'signing', milestoneIndex: null, dueOn: '2026-05-11' },
      { seq: 2, amountFen: 250_000, trigger: 'milestone', milestoneIndex: 1, dueOn: '2027-05-11' },
      { seq: 3, amountFen: 250_000, trigger: 'milestone', milestoneIndex: 0, dueOn: '2028-05-11' },
      { seq: 4, amountFen: 200_000, trigger: 'acceptance', milestoneIndex: null, dueOn: '2028-05-11' },
    ],
    lead: { name: '李明', title: '研究员', phone: null, email: null },
    team: [{ name: '张华', role: '芯片设计', title: '高级工程师', organization: null }],
    ...over,
  };
}

/** A tenant with an officer, a second officer, an auditor, and an applicant organisation with one member. */
export async function contractWorld(env: TestEnv) {
  const tenant = await env.tenant();
  const officer = await env.user(tenant, ['officer']);
  const officer2 = await env.user(tenant, ['officer']);
  const auditor = await env.user(tenant, ['auditor']);
  const sys: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const org = await env.services.registry.createOrganization(sys, { creditCode: creditCodeFrom(`91110114MC${String(++n).padStart(7, '0')}`), nameZh: `测试生物科技有限公司${n}`, type: 'enterprise' });
  const member = await env.user(tenant, ['applicant'], { organizationId: org.id });
  const svc = env.services.contracts;
  return {
    tenant,
    officer,
    officer2,
    auditor,
    org,
    member,
    svc,
    /** A contract awarded by `officer`, optionally already confirmed by both sides. */
    async contract(opts: { confirmed?: boolean; over?: Partial<AwardInput> } = {}): Promise<ContractRow> {
      const c = await inTransaction(env.services.database.db, (tx) => svc.createFromAward(tx, ctxOf(tenant, officer), award(org.id, opts.over)));
      if (!opts.confirmed) return c;
      await svc.confirm(ctxOf(tenant, officer), actorOf(tenant, officer), c.id);
      return svc.confirm(ctxOf(tenant, member), actorOf(tenant, member), c.id);
    },
  };
}
