import { bulkLoadRegistry, shanghaiDate } from '../modules/registry/index.ts';
import { ensureStandardIndicators } from '../modules/indicators/index.ts';
import { creditCodeCheckChar } from '../platform/auth/auth.rules.ts';
import type { Services } from '../services.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT } from './demo-accounts.ts';
import { DEMO_ZONES, demoRegistry, NAMED_ORGS, namedCreditCode } from './demo-registry.ts';
import { seedDemoChallenges } from './demo-challenges.ts';
import { seedDemoExperts } from './demo-experts.ts';
import { seedDemoReview } from './demo-review.ts';
import { seedDemoProjects } from './demo-projects.ts';
import { seedDemoContracts } from './demo-contracts.ts';
import { seedDemoRace } from './demo-race.ts';
import type { UserWithRoles } from '../platform/auth/auth.service.ts';

/** A valid credit code from a 17-character stem (registration dept, class, region, organisation code). */
export function creditCodeFrom(stem17: string): string {
  const check = creditCodeCheckChar(stem17);
  if (!check) throw new Error(`bad stem ${stem17}`);
  return stem17 + check;
}

/** Seeds the demo tenant once; returns false when a demo tenant already exists. */
export async function seedDemo(services: Services): Promise<boolean> {
  const { auth, registry } = services;
  if (await auth.tenantBySlug(DEMO_TENANT.slug)) return false;
  const tenant = await auth.createTenant({ ...DEMO_TENANT, isDemo: true }, 'system:seed');
  const ctx = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:seed', requestId: null };
  const zoneIds = new Map<string, string>();
  for (const [i, z] of DEMO_ZONES.entries()) {
    const row = await registry.createZone(ctx, { parentId: z.parent ? zoneIds.get(z.parent)! : null, level: z.level, code: z.code, nameZh: z.nameZh, nameEn: z.nameEn, lng: z.lng, lat: z.lat, sortOrder: i });
    zoneIds.set(z.code, row.id);
  }
  const orgIds = new Map<string, string>();
  for (const o of NAMED_ORGS) {
    const row = await registry.createOrganization(ctx, {
      creditCode: namedCreditCode(o.stem),
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      shortName: o.shortName,
      type: o.type,
      zoneId: zoneIds.get(o.zone) ?? null,
      industryCode: o.industryCode ?? null,
      priorityField: o.field,
      foundedOn: o.founded,
      description: o.description,
      keywords: o.keywords,
    });
    orgIds.set(o.nameZh, row.id);
  }
  const data = demoRegistry(shanghaiDate(services.clock.now()));
  await bulkLoadRegistry(services.database.db, ctx, data, zoneIds);
  await ensureStandardIndicators(services.database.db, ctx);
  // Official figures from public reports, entered with their source as an officer would.
  await services.indicators.enterOfficialValue(ctx, 'funds_disbursed', {
    year: 2022,
    zoneId: zoneIds.get('fsc') ?? null,
    value: '8373.00',
    source: '公开报道：昌平区生命健康产业一年兑现政策资金8373万元 / public reports: 83.73 million yuan disbursed in one year',
  });
  await services.indicators.enterOfficialValue(ctx, 'gdp_share', {
    year: 2022,
    value: '33.3',
    source: '公开报道：“三城一区”以不到全市6%的面积贡献约三分之一的地区生产总值 / public reports: about a third of Beijing’s GDP',
    note: '约三分之一 / about one third',
  });
  await services.indicators.recomputeNow(tenant.id);
  const accounts = new Map<string, UserWithRoles>();
  for (const a of DEMO_ACCOUNTS) {
    const user = await auth.createUser(
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
    accounts.set(a.email, user);
  }
  await seedDemoExperts(services, tenant.id, orgIds, accounts);
  const { openRoundChallengeId } = await seedDemoChallenges(services, tenant.id, orgIds, accounts);
  await seedDemoReview(services, tenant.id, openRoundChallengeId, accounts);
  await seedDemoContracts(services, tenant.id, orgIds, accounts);
  await seedDemoRace(services, tenant.id, orgIds, accounts);
  const officer = accounts.get('officer@demo.kechuang.cn')!;
  await seedDemoProjects(services, { tenantId: tenant.id, actorUserId: officer.id, actorLabel: `${officer.displayName} <${officer.email}>`, requestId: null }, orgIds);
  return true;
}
