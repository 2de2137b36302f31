import type { Lang } from '../../api/client.ts';
import { ApiError } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Application = Json<paths['/api/v1/applications/{id}']['get']['responses'][200]>;
export type ApplicationSummary = Json<paths['/api/v1/applications']['get']['responses'][200]>['items'][number];
export type ApplicationContent = Application['content'];
export type ApplicationStatus = Application['status'];
export type NextStep = NonNullable<Application['nextStep']>;
export type ApplicationVersion = Json<paths['/api/v1/applications/{id}/versions']['get']['responses'][200]>[number];
export type Challenge = Json<paths['/api/v1/challenges/{id}']['get']['responses'][200]>;
export type ChallengeTerms = Challenge['terms'];
export type BudgetCategory = ApplicationContent['budget'][number]['category'];
export type PublicChallenge = Json<paths['/api/v1/public/challenges/{id}']['get']['responses'][200]>;
export type PublicStage = NonNullable<NonNullable<paths['/api/v1/public/challenges']['get']['parameters']['query']>['stage']>;
export type ChallengeVersion = Json<paths['/api/v1/public/challenges/{id}/versions']['get']['responses'][200]>[number];
export type Notice = Json<paths['/api/v1/public/notices/{id}']['get']['responses'][200]>;
export type Refusal = Json<paths['/api/v1/challenges/{id}/eligibility']['get']['responses'][200]>['refusals'][number];

export const BUDGET_CATEGORIES = [
  'equipment',
  'materials',
  'testing',
  'fuel_power',
  'publication_ip',
  'travel_meeting',
  'labour',
  'expert_consulting',
  'indirect',
  'other',
] as const satisfies readonly BudgetCategory[];

export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'rejected', 'withdrawn'] as const satisfies readonly ApplicationStatus[];
export const NEXT_STEPS = ['complete_and_submit', 'correct_and_resubmit', 'wait_for_check', 'wait_for_review', 'wait_for_notice', 'sign_contract', 'none'] as const satisfies readonly NextStep[];
export const PUBLIC_STAGES = ['open', 'formal_check', 'review', 'notice', 'awarded', 'not_awarded'] as const satisfies readonly PublicStage[];
export const CONTENT_SECTIONS = ['title', 'summary', 'keywords', 'pi', 'team', 'partners', 'technicalRoute', 'budget', 'milestones', 'attachmentIds', 'pledge'] as const;

type Exhaustive<All, Listed extends readonly unknown[]> = [All] extends [Listed[number]] ? true : never;
export const _exhaustive: [Exhaustive<BudgetCategory, typeof BUDGET_CATEGORIES>, Exhaustive<ApplicationStatus, typeof APPLICATION_STATUSES>, Exhaustive<NextStep, typeof NEXT_STEPS>, Exhaustive<PublicStage, typeof PUBLIC_STAGES>] = [true, true, true, true];

/** A draft with nothing in it yet, which the server accepts as a start. */
export function emptyContent(): ApplicationContent {
  return {
    title: '',
    summary: '',
    keywords: [],
    pi: { name: '', title: null, phone: null, email: null, personId: null },
    team: [],
    partners: [],
    technicalRoute: '',
    budget: [],
    milestones: [],
    attachmentIds: [],
    pledge: null,
  };
}

// ---- money: integer fen, entered and shown in 万元 (1 万元 = 10,000 yuan = 1,000,000 fen) -------

const FEN_PER_WAN = 1_000_000;
/** At most 6 decimals in 万元 (one fen), no sign, no exponent. */
export const WAN_PATTERN = /^\d{1,9}(\.\d{1,6})?$/;

/** "12.5" 万元 → 12,500,000 fen, exactly (no float arithmetic); null when not a plain amount. */
export function wanToFen(text: string): number | null {
  const s = text.trim();
  if (!WAN_PATTERN.test(s)) return null;
  const [whole = '0', fraction = ''] = s.split('.');
  const fen = Number(whole) * FEN_PER_WAN + Number(fraction.padEnd(6, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 12,500,000 fen → "12.5" (万元), exact, trailing zeros dropped. */
export function fenToWan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_WAN);
  const fraction = String(abs % FEN_PER_WAN).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

function group(n: string): string {
  return n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1,250 万元" in Chinese; English readers get yuan ("¥12,500,000"). */
export function formatWan(fen: number, lang: Lang): string {
  if (lang === 'en') return formatYuan(fen);
  const [w = '0', f] = fenToWan(fen).split('.');
  return `${group(w)}${f ? `.${f}` : ''} 万元`;
}

/** ¥1,234,567.80 */
export function formatYuan(fen: number): string {
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = String(Math.abs(fen) % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}¥${group(String(whole))}${cents === '00' ? '' : `.${cents}`}`;
}

// ---- server field errors --------------------------------------------------------------------

export interface LocalizedFieldError {
  path: string;
  text: string;
}

const ZH_MESSAGES: [RegExp, string][] = [
  [/^is required$/, '此项为必填项'],
  [/principal investigator is required/, '请填写项目负责人'],
  [/needs at least one line/, '请至少填写一项预算'],
  [/needs at least one milestone/, '请至少填写一个里程碑'],
  [/must be within the (\d+)-month duration/, '须在项目周期（$1 个月）之内'],
  [/integrity pledge must be signed/, '请签署诚信承诺书'],
  [/total must be more than zero/, '预算合计须大于零'],
  [/exceeds the cap/, '预算合计超过榜单的经费上限'],
  [/appears twice/, '同一科目不能重复'],
  [/is not a budget category/, '不是有效的预算科目'],
  [/whole non-negative number of fen/, '须为非负金额'],
  [/is not a file you uploaded/, '不是本单位上传的文件'],
  [/must be a PDF or an image/, '只能是 PDF 或图片'],
];

/** The server's field errors in the user's language: its Chinese where it gives one, else a known phrase. */
export function localizeFieldErrors(err: unknown, lang: Lang): LocalizedFieldError[] {
  if (!(err instanceof ApiError)) return [];
  return err.fieldErrors.map((fe) => {
    const path = fe.path.replace(/^body[./]/, '');
    if (lang === 'en') return { path, text: fe.message };
    if (fe.zh) return { path, text: fe.zh };
    for (const [re, zh] of ZH_MESSAGES) {
      const m = re.exec(fe.message);
      if (m) return { path, text: zh.replace('$1', m[1] ?? '') };
    }
    return { path, text: fe.message };
  });
}

/** Which top-level sections differ between two contents (for "what changed" in the versions list). */
export function changedSections(a: ApplicationContent | null, b: ApplicationContent): (typeof CONTENT_SECTIONS)[number][] {
  if (!a) return [];
  return CONTENT_SECTIONS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
