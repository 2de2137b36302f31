import type { paths } from '../../api/schema';
import type { Me } from '../../api/types.ts';
import { formatDecimal } from '../../lib/decimal.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;

export type Challenge = Ok<'/api/v1/challenges/{id}', 'get', 200>;
export type ChallengeList = Ok<'/api/v1/challenges', 'get', 200>;
export type ChallengeBoard = Ok<'/api/v1/challenges/board', 'get', 200>;
export type Stage = Challenge['stage'];
export type Terms = Challenge['terms'];
export type Target = Terms['targets'][number];
export type FundingMode = Terms['fundingMode'];
export type ChallengeQuery = NonNullable<paths['/api/v1/challenges']['get']['parameters']['query']>;
export type ChallengeSort = NonNullable<ChallengeQuery['sort']>;
export type Version = Ok<'/api/v1/challenges/{id}/versions', 'get', 200>[number];
export type ApplicationSummary = Ok<'/api/v1/challenges/{id}/applications', 'get', 200>[number];
export type ApplicationStatus = ApplicationSummary['status'];
export type RankingRow = Ok<'/api/v1/challenges/{id}/ranking', 'get', 200>[number];
export type Defence = Ok<'/api/v1/challenges/{id}/defences', 'get', 200>[number];
export type NoticeEntry = Ok<'/api/v1/challenges/{id}/notices', 'get', 200>[number];
export type Objection = NoticeEntry['objections'][number];
export type Contract = Ok<'/api/v1/challenges/{id}/contracts', 'get', 200>[number];
export type Batch = Ok<'/api/v1/challenge-batches', 'get', 200>[number];
export type FileMeta = Ok<'/api/v1/files/{id}', 'get', 200>;
export type Demand = Ok<'/api/v1/demands', 'get', 200>['items'][number];
export type DemandStatus = Demand['status'];

export const STAGES = ['draft', 'pending_approval', 'approved', 'open', 'formal_check', 'review', 'notice', 'awarded', 'not_awarded', 'cancelled'] as const satisfies readonly Stage[];
/** The board's columns (cancelled challenges are not on the board). */
export const BOARD_STAGES = STAGES.filter((s) => s !== 'cancelled');
/** What applicants can see (published and later). */
export const PUBLIC_STAGES = ['open', 'formal_check', 'review', 'notice', 'awarded', 'not_awarded'] as const satisfies readonly Stage[];
export const SORTS = ['deadline', '-deadline', 'created', '-created', 'budget', '-budget'] as const satisfies readonly ChallengeSort[];
export const FUNDING_MODES = ['before_delivery', 'after_delivery'] as const satisfies readonly FundingMode[];
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'rejected', 'withdrawn'] as const satisfies readonly ApplicationStatus[];
export const DEMAND_STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'converted'] as const satisfies readonly DemandStatus[];

type Exhaustive<All, Listed extends readonly unknown[]> = [All] extends [Listed[number]] ? true : never;
export const _exhaustive: [Exhaustive<Stage, typeof STAGES>, Exhaustive<ChallengeSort, typeof SORTS>, Exhaustive<ApplicationStatus, typeof APPLICATION_STATUSES>, Exhaustive<DemandStatus, typeof DEMAND_STATUSES>, Exhaustive<FundingMode, typeof FUNDING_MODES>] = [
  true,
  true,
  true,
  true,
  true,
];

export const STAGE_COLORS: Record<Stage, string> = {
  draft: 'default',
  pending_approval: 'orange',
  approved: 'cyan',
  open: 'green',
  formal_check: 'blue',
  review: 'geekblue',
  notice: 'purple',
  awarded: 'gold',
  not_awarded: 'volcano',
  cancelled: 'default',
};

// ---- who does what (mirrors src/modules/challenges/challenges.policy.ts; the server decides) ----

const has = (me: Me, ...roles: Me['user']['roles']) => me.user.roles.some((r) => roles.includes(r));
/** Officers and admins run the workflow. */
export const managesChallenges = (me: Me) => has(me, 'officer', 'admin');
/** Officers, admins and auditors see every challenge, application and notice. */
export const readsChallenges = (me: Me) => has(me, 'officer', 'admin', 'auditor');
/** An applicant linked to an organisation acts for it. */
export const actsForOrganization = (me: Me) => has(me, 'applicant') && Boolean(me.user.organizationId);

// ---- money: integer fen, entered and shown in 万元 (1 万元 = 1,000,000 fen) without floats ----

const FEN_PER_WAN = 1_000_000;
/** Up to 10 million 万元 (the server's plausibility cap is 100 billion yuan) with at most 6 decimals (whole fen). */
export const WAN_PATTERN = /^(\d{1,7})(?:\.(\d{1,6}))?$/;

/** "12.5" 万元 → 12500000 fen; null when the text is not such an amount. Exact: digits, not floats. */
export function wanToFen(text: string): number | null {
  const m = WAN_PATTERN.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(6, '0'));
  return whole * FEN_PER_WAN + fraction;
}

/** 12500000 fen → "12.5" (万元), exact. */
export function fenToWan(fen: number): string {
  const r = fen % FEN_PER_WAN;
  const whole = (fen - r) / FEN_PER_WAN;
  if (r === 0) return String(whole);
  return `${whole}.${String(r).padStart(6, '0').replace(/0+$/, '')}`;
}

/** 12500000 fen → "12.5" grouped for display (万元). */
export function formatWan(fen: number): string {
  return formatDecimal(fenToWan(fen));
}

/** 123456 fen → "1,234.56" (yuan), exact. */
export function formatYuan(fen: number): string {
  const r = fen % 100;
  const whole = (fen - r) / 100;
  return formatDecimal(`${whole}.${String(r).padStart(2, '0')}`);
}

// ---- time: entered and shown in Beijing time, sent as UTC ISO ----

const BEIJING_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-05-01T09:30:00.000Z" → "2026-05-01 17:30" (the Beijing wall clock). */
export function beijingWallClock(iso: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = Object.fromEntries(BEIJING_PARTS.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-05-01 17:30" read as Beijing time → "2026-05-01T09:30:00.000Z". */
export function beijingToIso(wallClock: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(wallClock);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}:00+08:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The href of a list export, built the way ExportButton's callers do (the route answers with an attachment). */
export function exportHref(path: string, format: 'xlsx' | 'csv'): string {
  return `${path}?${new URLSearchParams({ format }).toString()}`;
}

export function emptyTerms(): Terms {
  return {
    title: '',
    titleEn: null,
    field: '',
    problem: '',
    targets: [],
    budgetCapFen: 0,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: false },
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    contact: { name: '', phone: '', email: '' },
    attachmentIds: [],
  };
}
