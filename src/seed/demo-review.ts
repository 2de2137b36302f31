import type { Actor } from '../platform/auth/policy.ts';
import type { UserWithRoles } from '../platform/auth/auth.service.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import type { Services } from '../services.ts';

const DAY = 86_400_000;

/** Who sits on the demo panel, and how each tends to score (points on a 10-point criterion). */
const PANEL: { name: string; lean: number }[] = [
  { name: '陈静', lean: 0 },
  { name: '谢雨', lean: 0.5 },
  { name: '赵鹏', lean: -1.5 },
  { name: '宋佳', lean: 1 },
  { name: '邓超', lean: 0 },
];

/** How strong each application is on each criterion (0–10), by position in the round. */
const MERIT = [
  [8.5, 8, 8, 7.5, 8],
  [7.5, 7, 8, 8, 7],
  [6.5, 7.5, 6.5, 7, 6.5],
];

const half = (x: number) => Math.round(x * 2) / 2;

/**
 * The demo's open expert review round (issue #5), run through the real services as an officer would: a
 * double-blind round on the AI antibody challenge, five experts on the panel, the optimal assignment, opened
 * a few days ago. Every panel member except 陈静 (the demo expert account) has submitted; 陈静 has one sheet
 * saved as a draft and the rest to do, so signing in as expert@demo.kechuang.cn shows real work.
 */
export async function seedDemoReview(services: Services, tenantId: string, challengeId: string, accounts: Map<string, UserWithRoles>): Promise<void> {
  const officer = accounts.get('officer@demo.kechuang.cn')!;
  const ctx: CommandContext = { tenantId, actorUserId: officer.id, actorLabel: `${officer.displayName} <${officer.email}>`, requestId: null };
  const now = services.clock.now();
  const round = await services.review.createRound(ctx, {
    challengeId,
    name: '第一轮专家网评（双盲）',
    deadline: new Date(now.getTime() + 6 * DAY).toISOString(),
    blind: 'double',
    expertsPerItem: 3,
    onePerOrganization: true,
    rankBy: 'trimmed',
  });
  const pool = await services.experts.list(tenantId, {}, { offset: 0, limit: 200 });
  const idOf = new Map(pool.items.map((e) => [e.name, e.id]));
  await services.review.addToPanel(
    ctx,
    round.id,
    PANEL.map((p) => ({ expertId: idOf.get(p.name)!, maxLoad: 3 })),
  );
  await services.reviewAssignments.assign(ctx, round.id);
  await services.review.openRound(ctx, round.id);

  const criteria = round.criteria;
  for (const [i, p] of PANEL.entries()) {
    const user = [...accounts.values()].find((u) => u.displayName === p.name && u.roles.includes('expert'));
    if (!user) continue;
    const actor: Actor = { userId: user.id, tenantId, sessionId: 'seed', roles: ['expert'], organizationId: null, email: user.email, displayName: user.displayName };
    const ectx: CommandContext = { tenantId, actorUserId: user.id, actorLabel: `${user.displayName} <${user.email}>`, requestId: null };
    const mine = await services.reviewSheets.myAssignments(actor);
    for (const [j, a] of mine.entries()) {
      const merit = MERIT[(a.code.charCodeAt(a.code.length - 1) + 2) % MERIT.length]!;
      const scores = Object.fromEntries(criteria.map((c, k) => [c.key, Math.max(0, Math.min(c.scaleMax, half(((merit[k % merit.length]! + p.lean) * c.scaleMax) / 10)))]));
      const input = { scores, comments: {}, overallComment: `${p.name}：技术路线${p.lean < 0 ? '尚需论证' : '清晰'}，建议关注数据来源与验证方案。` };
      if (i === 0) {
        // The demo expert: the first sheet saved half-way, the others untouched.
        if (j === 0) await services.reviewSheets.saveDraft(ectx, actor, a.sheet.id, { ...input, scores: Object.fromEntries(Object.entries(scores).slice(0, 2)), overallComment: '' });
        continue;
      }
      await services.reviewSheets.submit(ectx, actor, a.sheet.id, input);
    }
  }
}
