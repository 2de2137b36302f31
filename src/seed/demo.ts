import { creditCodeCheckChar } from '../platform/auth/auth.rules.ts';
import type { OrganizationType } from '../modules/registry/index.ts';
import type { Services } from '../services.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT } from './demo-accounts.ts';

/** A valid credit code from a 17-character stem (registration dept, class, region, organisation code). */
export function creditCodeFrom(stem17: string): string {
  const check = creditCodeCheckChar(stem17);
  if (!check) throw new Error(`bad stem ${stem17}`);
  return stem17 + check;
}

export const DEMO_ORGANIZATIONS: { stem: string; nameZh: string; nameEn: string; type: OrganizationType }[] = [
  { stem: '91110114MA0000001', nameZh: '博奥生物集团有限公司', nameEn: 'CapitalBio Corporation', type: 'enterprise' },
  { stem: '91110114MA0000002', nameZh: '百济神州（北京）生物科技有限公司', nameEn: 'BeiGene (Beijing) Co., Ltd.', type: 'enterprise' },
  { stem: '91110114MA0000003', nameZh: '北京诺诚健华医药科技有限公司', nameEn: 'Beijing InnoCare Pharma Tech Co., Ltd.', type: 'enterprise' },
  { stem: '91110114MA0000004', nameZh: '北京品驰医疗设备有限公司', nameEn: 'Beijing PINS Medical Co., Ltd.', type: 'enterprise' },
  { stem: '91110000MA0000005', nameZh: '北京同仁堂股份有限公司', nameEn: 'Beijing Tong Ren Tang Co., Ltd.', type: 'enterprise' },
  { stem: '12110114MB0000006', nameZh: '昌平实验室', nameEn: 'Changping Laboratory', type: 'national_lab' },
  { stem: '12110114MB0000007', nameZh: '北京生命科学研究所', nameEn: 'National Institute of Biological Sciences, Beijing', type: 'institute' },
  { stem: '12110114MB0000008', nameZh: '北京脑科学与类脑研究所', nameEn: 'Chinese Institute for Brain Research, Beijing', type: 'new_rd_institute' },
  { stem: '12110114MB0000009', nameZh: '国家蛋白质科学中心（北京）', nameEn: 'National Center for Protein Sciences (Beijing)', type: 'platform' },
];

/** Seeds the demo tenant once; returns false when a demo tenant already exists. */
export async function seedDemo(services: Services): Promise<boolean> {
  const { auth, registry } = services;
  if (await auth.tenantBySlug(DEMO_TENANT.slug)) return false;
  const tenant = await auth.createTenant({ ...DEMO_TENANT, isDemo: true }, 'system:seed');
  const ctx = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:seed', requestId: null };
  const orgIds = new Map<string, string>();
  for (const o of DEMO_ORGANIZATIONS) {
    const row = await registry.createOrganization(ctx, { creditCode: creditCodeFrom(o.stem), nameZh: o.nameZh, nameEn: o.nameEn, type: o.type });
    orgIds.set(o.nameZh, row.id);
  }
  for (const a of DEMO_ACCOUNTS) {
    await auth.createUser(
      ctx,
      {
        email: a.email,
        mobile: a.mobile,
        displayName: a.displayName,
        password: DEMO_PASSWORD,
        roles: a.roles,
        organizationId: a.organization ? (orgIds.get(a.organization) ?? null) : null,
      },
      'seed',
    );
  }
  return true;
}
