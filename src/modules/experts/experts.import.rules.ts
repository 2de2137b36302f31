// Pure rules of the expert import: the columns, header mapping, and reading one row into a checked
// partial profile with row-level errors in Chinese and English. Nothing here touches the database.
import { isIsoDate, isOrcid, PRIORITY_FIELDS, type PriorityField } from '../registry/index.ts';
import { normalizeCreditCode } from '../../platform/auth/auth.rules.ts';
import type { Availability } from './experts.tables.ts';

export type Cell = string | number | boolean | Date | null;

export const IMPORT_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, hintZh: '必填，至多 100 字', hintEn: 'Required, at most 100 characters', example: '李明' },
  { key: 'orcid', zh: 'ORCID', en: 'ORCID', required: false, hintZh: '如 0000-0002-1825-0097，末位校验码须正确；用于匹配已有专家', hintEn: 'E.g. 0000-0002-1825-0097 with a correct check digit; matches an expert already in the pool', example: '0000-0002-1825-0097' },
  { key: 'email', zh: '电子邮箱', en: 'E-mail', required: false, hintZh: '专家账号的登录邮箱（须为已有的评审专家账号）；填写后关联账号并用于匹配已有专家', hintEn: 'Sign-in e-mail of the expert’s account (an existing account with the expert role); links the account and matches an expert already in the pool', example: 'liming@example.cn' },
  { key: 'creditCode', zh: '所属机构统一社会信用代码', en: 'Organisation credit code', required: false, hintZh: '机构名录中已登记的机构；与“所属机构”同时填写时须一致', hintEn: 'An organisation registered in the registry; must agree with “Organisation” when both are given', example: '12110114MB0000007X' },
  { key: 'organization', zh: '所属机构', en: 'Organisation', required: false, hintZh: '机构名录中的机构全称或简称', hintEn: 'Full or short name of a registered organisation', example: '北京生命科学研究所' },
  { key: 'affiliation', zh: '工作单位', en: 'Affiliation', required: false, hintZh: '自由填写（如院系、科室）；新专家为空时取所属机构名称', hintEn: 'Free text (e.g. department); for a new expert the organisation’s name when empty', example: '北京生命科学研究所 结构生物学中心' },
  { key: 'title', zh: '职称', en: 'Title', required: false, hintZh: '如 研究员、教授、主任医师', hintEn: 'E.g. professor, senior investigator', example: '研究员' },
  { key: 'fields', zh: '重点领域', en: 'Fields', required: false, hintZh: `用顿号或分号分隔：${PRIORITY_FIELDS.length} 个重点领域之一（如 医药健康、脑科学、人工智能）`, hintEn: 'Separated by 、 or ; — priority fields such as Pharmaceuticals and health, Brain science, AI', example: '医药健康、脑科学' },
  { key: 'keywords', zh: '关键词', en: 'Keywords', required: false, hintZh: '用顿号或分号分隔，至多 30 个，每个至多 50 字', hintEn: 'Separated by 、 or ;, at most 30, each at most 50 characters', example: '结构生物学、冷冻电镜' },
  { key: 'biography', zh: '个人简介', en: 'Biography', required: false, hintZh: '至多 10000 字', hintEn: 'At most 10,000 characters', example: '长期从事膜蛋白结构研究。' },
  { key: 'availability', zh: '可用状态', en: 'Availability', required: false, hintZh: '可用 或 暂停；为空时新专家为可用', hintEn: 'available or unavailable; a new expert is available when empty', example: '可用' },
  { key: 'unavailableUntil', zh: '暂停至', en: 'Unavailable until', required: false, hintZh: '日期，如 2026-12-31；仅在“可用状态”为暂停时填写', hintEn: 'A date such as 2026-12-31; only with availability “unavailable”', example: '' },
  { key: 'maxLoad', zh: '最大评审量', en: 'Maximum load', required: false, hintZh: '一轮评审最多分配的申报书数，1 至 1000 的整数；为空时新专家为 5', hintEn: 'Most applications in one review round, a whole number from 1 to 1000; 5 for a new expert when empty', example: '6' },
  {
    key: 'publications',
    zh: '代表性论文',
    en: 'Publications',
    required: false,
    hintZh: '多篇用英文分号 ; 分隔，每篇写作“年份|题目|合作者, 合作者”（合作者用逗号或顿号分隔，可省略）；填写后替换该专家的论文列表，为空则保持不变',
    hintEn: 'Entries separated by ";", each “year|title|co-author, co-author” (co-authors separated by commas, may be left out); replaces the expert’s publications, an empty cell keeps them',
    example: '2024|Structure of a human transporter|王磊, 孙悦; 2022|冷冻电镜方法进展|',
  },
] as const;

export type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export const COLUMN_BY_KEY = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));

export const MAX_IMPORT_ROWS = 5000;
export const NEW_EXPERT_MAX_LOAD = 5;

export const FIELD_LABELS: Record<PriorityField, { zh: string; en: string; aliases: string[] }> = {
  next_gen_it: { zh: '新一代信息技术', en: 'New-generation IT', aliases: ['信息技术'] },
  new_materials: { zh: '新材料', en: 'New materials', aliases: [] },
  clean_energy: { zh: '清洁能源', en: 'Clean energy', aliases: ['新能源'] },
  pharma_health: { zh: '医药健康', en: 'Pharmaceuticals and health', aliases: ['生物医药', '医药', 'pharmaceuticals'] },
  brain_science: { zh: '脑科学', en: 'Brain science', aliases: ['脑科学与类脑研究'] },
  quantum: { zh: '量子', en: 'Quantum', aliases: ['量子信息', '量子科技'] },
  blockchain: { zh: '区块链', en: 'Blockchain', aliases: [] },
  ai: { zh: '人工智能', en: 'Artificial intelligence', aliases: ['ai'] },
};

export const AVAILABILITY_LABELS: Record<Availability, { zh: string; en: string }> = { available: { zh: '可用', en: 'available' }, unavailable: { zh: '暂停', en: 'unavailable' } };

/** Half-width, lower case, no spaces or brackets: “脑 科学” and “脑科学” are one label. */
export function labelKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s"'“”‘’「」《》()（）_-]/g, '');
}

const FIELD_BY_LABEL = new Map<string, PriorityField>();
for (const f of PRIORITY_FIELDS) for (const l of [f, FIELD_LABELS[f].zh, FIELD_LABELS[f].en, ...FIELD_LABELS[f].aliases]) FIELD_BY_LABEL.set(labelKey(l), f);
const AVAILABILITY_BY_LABEL = new Map<string, Availability>([
  ['可用', 'available'],
  ['available', 'available'],
  ['是', 'available'],
  ['暂停', 'unavailable'],
  ['不可用', 'unavailable'],
  ['unavailable', 'unavailable'],
  ['否', 'unavailable'],
]);

const t = (zh: string, en: string) => ({ zh, en });

/** What a row error says. The codes are stable; the web app shows zh or en by the current language. */
export const ROW_MESSAGES = {
  required: () => t('必填', 'is required'),
  too_long: (n: number) => t(`至多 ${n} 个字符`, `at most ${n} characters`),
  invalid_orcid: () => t('不是有效的 ORCID（格式 0000-0000-0000-0000，末位校验码须正确）', 'not a valid ORCID iD (0000-0000-0000-0000 with a correct check digit)'),
  invalid_email: () => t('不是有效的电子邮箱', 'not a valid e-mail address'),
  no_account: () => t('没有使用该邮箱的账号；请先邀请该专家注册，或留空', 'no account has this e-mail; invite the expert first or leave it empty'),
  not_expert_account: () => t('该邮箱的账号不是评审专家账号', 'the account with this e-mail does not have the expert role'),
  account_linked_elsewhere: (name: string) => t(`该账号已关联专家「${name}」`, `this account is already linked to the expert ${name}`),
  orcid_and_email_differ: (a: string, b: string) => t(`ORCID 对应专家「${a}」，电子邮箱对应专家「${b}」，无法判断更新哪一位`, `the ORCID belongs to ${a} and the e-mail to ${b}; which expert to update is unclear`),
  ambiguous_match: (n: number) => t(`专家库中有 ${n} 位同名且同单位的专家；请填写 ORCID 或电子邮箱以区分`, `${n} experts in the pool have this name and organisation; give the ORCID or e-mail to tell them apart`),
  invalid_credit_code: () => t('统一社会信用代码无效（18 位，末位校验码须正确）', 'not a valid unified social credit code (18 characters with a correct check character)'),
  unknown_credit_code: () => t('机构名录中没有该统一社会信用代码的机构', 'no registered organisation has this credit code'),
  unknown_organization: () => t('机构名录中没有该名称的机构', 'no registered organisation has this name'),
  ambiguous_organization: () => t('机构名录中有多个同名机构；请填写统一社会信用代码', 'several registered organisations have this name; give the credit code'),
  organization_mismatch: () => t('与统一社会信用代码对应的机构不一致', 'does not match the organisation of the credit code'),
  unknown_field: (v: string) => t(`「${v}」不是可识别的重点领域`, `“${v}” is not a known priority field`),
  too_many_keywords: () => t('关键词至多 30 个', 'at most 30 keywords'),
  keyword_too_long: () => t('每个关键词至多 50 个字符', 'each keyword has at most 50 characters'),
  unknown_availability: () => t('须为“可用”或“暂停”', 'must be “available” or “unavailable”'),
  invalid_date: () => t('不是有效日期（如 2026-12-31）', 'not a valid date (e.g. 2026-12-31)'),
  until_needs_unavailable: () => t('仅当“可用状态”为暂停时填写', 'only with availability “unavailable”'),
  not_integer: () => t('须为整数', 'must be a whole number'),
  load_range: () => t('须为 1 至 1000 之间的整数', 'must be a whole number from 1 to 1000'),
  invalid_publication: (n: number) => t(`第 ${n} 篇论文格式应为“年份|题目|合作者, 合作者”`, `publication ${n} must read “year|title|co-author, co-author”`),
  publication_year: (n: number, max: number) => t(`第 ${n} 篇论文的年份须在 1900 至 ${max} 之间`, `publication ${n} needs a year from 1900 to ${max}`),
  duplicate_in_file: (row: number) => t(`与第 ${row} 行重复`, `duplicates row ${row}`),
  same_expert_in_file: (row: number) => t(`与第 ${row} 行是同一位专家`, `the same expert as row ${row}`),
  missing_column: () => t('缺少必需的列', 'a required column is missing'),
  duplicate_column: () => t('该列出现了两次', 'this column appears twice'),
  no_header: () => t('文件为空：第一行须为表头', 'the file is empty: the first row must be the header'),
  empty_file: () => t('文件中没有数据行', 'the file has no data rows'),
  too_many_rows: (max: number) => t(`数据行超过上限 ${max} 行，请拆分文件`, `more than ${max} data rows; split the file`),
  unreadable: () => t('无法读取文件内容（CSV 格式错误或不是有效的 xlsx 文件）', 'the file cannot be read (malformed CSV or not a valid xlsx workbook)'),
} satisfies Record<string, (...args: never[]) => { zh: string; en: string }>;

export type RowErrorCode = keyof typeof ROW_MESSAGES;

export interface RowError {
  row: number;
  /** The column's Chinese header, or null for the whole row or file. */
  column: string | null;
  code: RowErrorCode;
  zh: string;
  en: string;
}

export function rowError<C extends RowErrorCode>(row: number, column: ColumnKey | null, code: C, ...args: Parameters<(typeof ROW_MESSAGES)[C]>): RowError {
  const m = (ROW_MESSAGES[code] as (...a: unknown[]) => { zh: string; en: string })(...args);
  return { row, column: column ? COLUMN_BY_KEY.get(column)!.zh : null, code, zh: m.zh, en: m.en };
}

// ---- header ---------------------------------------------------------------------------------

export type HeaderMap = Map<ColumnKey, number>;

const COLUMN_BY_LABEL = new Map<string, ColumnKey>();
for (const c of IMPORT_COLUMNS) for (const l of [c.key, c.zh, c.en]) COLUMN_BY_LABEL.set(labelKey(l), c.key);

/**
 * Maps header cells to columns: Chinese or English names, or the exports' “中文 / English” form.
 * Unknown columns are ignored and reported; a missing name column or a repeated column is an error.
 */
export function mapHeader(cells: Cell[], row: number): { header: HeaderMap; ignored: string[]; errors: RowError[] } {
  const header: HeaderMap = new Map();
  const ignored: string[] = [];
  const errors: RowError[] = [];
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (!text) return;
    const key = text
      .split(' / ')
      .map((part) => COLUMN_BY_LABEL.get(labelKey(part)))
      .find((k) => k !== undefined);
    if (!key) ignored.push(text);
    else if (header.has(key)) errors.push(rowError(row, key, 'duplicate_column'));
    else header.set(key, i);
  });
  for (const c of IMPORT_COLUMNS) if (c.required && !header.has(c.key)) errors.push(rowError(row, c.key, 'missing_column'));
  return { header, ignored, errors };
}

// ---- cells ----------------------------------------------------------------------------------

/** A cell as text; an exported formula guard (a leading apostrophe before = + - @) is taken off again. */
export function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

export function splitList(s: string): string[] {
  return s
    .split(/[、;；,，\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The fields of one row as read; undefined means the cell was empty (keep as is, or the default for a new expert). */
export interface ParsedExpert {
  row: number;
  name: string;
  orcid?: string;
  email?: string;
  creditCode?: string;
  organization?: string;
  affiliation?: string;
  title?: string;
  fields?: PriorityField[];
  keywords?: string[];
  biography?: string;
  availability?: Availability;
  unavailableUntil?: string;
  maxLoad?: number;
  publications?: { title: string; year: number; coauthors: { name: string; expertId: null }[] }[];
}

export const isEmptyRow = (cells: Cell[]) => cells.every((c) => cellText(c) === '');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function parsePublications(s: string, row: number, maxYear: number, errors: RowError[]): ParsedExpert['publications'] {
  const out: NonNullable<ParsedExpert['publications']> = [];
  s.split(/;|\n/)
    .map((x) => x.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const [yearText = '', title = '', coauthors = '', ...rest] = entry.split('|').map((x) => x.trim());
      if (!title || rest.length > 0 || !/^\d{4}$/.test(yearText)) return void errors.push(rowError(row, 'publications', 'invalid_publication', i + 1));
      const year = Number(yearText);
      if (year < 1900 || year > maxYear) return void errors.push(rowError(row, 'publications', 'publication_year', i + 1, maxYear));
      if (title.length > 500) return void errors.push(rowError(row, 'publications', 'too_long', 500));
      out.push({ title, year, coauthors: splitList(coauthors).map((name) => ({ name: name.slice(0, 100), expertId: null })) });
    });
  return out;
}

/** Reads and checks one data row on its own (the pool and the registry are checked later). */
export function parseRow(cells: Cell[], header: HeaderMap, row: number, today: string): { value: ParsedExpert; errors: RowError[] } {
  const errors: RowError[] = [];
  const raw = (k: ColumnKey): Cell | undefined => {
    const i = header.get(k);
    return i === undefined ? undefined : cells[i];
  };
  const text = (k: ColumnKey) => cellText(raw(k));
  const limited = (k: ColumnKey, max: number): string | undefined => {
    const v = text(k);
    if (!v) return undefined;
    if (v.length > max) errors.push(rowError(row, k, 'too_long', max));
    return v;
  };

  const value: ParsedExpert = { row, name: text('name') };
  if (!value.name) errors.push(rowError(row, 'name', 'required'));
  else if (value.name.length > 100) errors.push(rowError(row, 'name', 'too_long', 100));

  const orcid = text('orcid').toUpperCase().replace(/^HTTPS?:\/\/ORCID\.ORG\//, '');
  if (orcid) {
    if (isOrcid(orcid)) value.orcid = orcid;
    else errors.push(rowError(row, 'orcid', 'invalid_orcid'));
  }
  const email = text('email').toLowerCase();
  if (email) {
    if (EMAIL.test(email) && email.length <= 254) value.email = email;
    else errors.push(rowError(row, 'email', 'invalid_email'));
  }
  const credit = text('creditCode');
  if (credit) {
    const code = normalizeCreditCode(credit);
    if (code) value.creditCode = code;
    else errors.push(rowError(row, 'creditCode', 'invalid_credit_code'));
  }
  value.organization = limited('organization', 200);
  value.affiliation = limited('affiliation', 200);
  value.title = limited('title', 100);
  value.biography = limited('biography', 10000);

  const fields = text('fields');
  if (fields) {
    const out: PriorityField[] = [];
    for (const label of splitList(fields)) {
      const f = FIELD_BY_LABEL.get(labelKey(label));
      if (f) out.push(f);
      else errors.push(rowError(row, 'fields', 'unknown_field', label));
    }
    value.fields = [...new Set(out)];
  }
  const keywords = text('keywords');
  if (keywords) {
    const list = [...new Set(splitList(keywords))];
    if (list.length > 30) errors.push(rowError(row, 'keywords', 'too_many_keywords'));
    else if (list.some((k) => k.length > 50)) errors.push(rowError(row, 'keywords', 'keyword_too_long'));
    else value.keywords = list;
  }

  const availability = text('availability');
  if (availability) {
    const a = AVAILABILITY_BY_LABEL.get(labelKey(availability));
    if (a) value.availability = a;
    else errors.push(rowError(row, 'availability', 'unknown_availability'));
  }
  const until = text('unavailableUntil');
  if (until) {
    if (!isIsoDate(until)) errors.push(rowError(row, 'unavailableUntil', 'invalid_date'));
    else if (value.availability !== 'unavailable') errors.push(rowError(row, 'unavailableUntil', 'until_needs_unavailable'));
    else value.unavailableUntil = until;
  }

  const load = raw('maxLoad');
  const loadText = cellText(load);
  if (loadText) {
    const n = typeof load === 'number' ? load : /^[+]?\d+(\.0+)?$/.test(loadText) ? Number(loadText) : NaN;
    if (!Number.isInteger(n)) errors.push(rowError(row, 'maxLoad', 'not_integer'));
    else if (n < 1 || n > 1000) errors.push(rowError(row, 'maxLoad', 'load_range'));
    else value.maxLoad = n;
  }

  const pubs = text('publications');
  if (pubs) value.publications = parsePublications(pubs, row, Number(today.slice(0, 4)) + 1, errors);
  return { value, errors };
}

/** The key that finds the same expert in the file or the pool when there is neither ORCID nor e-mail. */
export function nameOrgKey(name: string, org: string): string {
  return `${labelKey(name)}|${labelKey(org)}`;
}

/** Publications as written in the file (for the export and to compare with what the pool has). */
export function formatPublications(pubs: { title: string; year: number; coauthors: { name: string }[] }[]): string {
  return pubs.map((p) => `${p.year}|${p.title}|${p.coauthors.map((c) => c.name).join(', ')}`).join('; ');
}
