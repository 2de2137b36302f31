import type { ImportKind } from './import.tables.ts';

/** How a cell is read; see rules.ts. */
export type CellKind = 'creditCode' | 'text' | 'orgType' | 'zoneCode' | 'industryCode' | 'priorityField' | 'date' | 'url' | 'keywords' | 'qualificationKind' | 'year' | 'yuan' | 'count';

export interface ColumnSpec {
  field: string;
  /** Header written in templates and exports. */
  zh: string;
  en: string;
  /** Other headers accepted on import (compared after removing spaces and case). */
  aliases?: string[];
  cell: CellKind;
  required?: boolean;
  maxLength?: number;
  minLength?: number;
  hintZh: string;
  hintEn: string;
  example: string;
}

export const ORGANIZATION_COLUMNS: ColumnSpec[] = [
  { field: 'creditCode', zh: '统一社会信用代码', en: 'creditCode', aliases: ['信用代码', 'credit code', 'uscc'], cell: 'creditCode', required: true, hintZh: '18 位，末位校验码须正确；已登记的代码会更新该机构', hintEn: '18 characters with a correct check character; an existing code updates that organisation', example: '91110108MA01ABCDE0' },
  { field: 'nameZh', zh: '名称', en: 'nameZh', aliases: ['机构名称', '中文名称', 'name'], cell: 'text', required: true, minLength: 2, maxLength: 200, hintZh: '机构全称', hintEn: 'Full name in Chinese', example: '北京示例科技有限公司' },
  { field: 'nameEn', zh: '英文名称', en: 'nameEn', cell: 'text', maxLength: 300, hintZh: '可空', hintEn: 'Optional', example: 'Beijing Example Technology Co., Ltd.' },
  { field: 'shortName', zh: '简称', en: 'shortName', cell: 'text', maxLength: 50, hintZh: '可空', hintEn: 'Optional', example: '示例科技' },
  { field: 'type', zh: '类型', en: 'type', aliases: ['机构类型'], cell: 'orgType', required: true, hintZh: '企业、高校、科研院所、国家实验室、新型研发机构、医院、公共技术平台、投资机构（或英文代码）', hintEn: 'enterprise, university, institute, national_lab, new_rd_institute, hospital, platform, investor (or the Chinese label)', example: '企业' },
  { field: 'zoneCode', zh: '所在园区代码', en: 'zoneCode', aliases: ['园区代码'], cell: 'zoneCode', hintZh: '系统中已有的园区代码，如 zgc', hintEn: 'Code of an existing zone, e.g. zgc', example: 'zgc' },
  { field: 'address', zh: '地址', en: 'address', cell: 'text', maxLength: 300, hintZh: '可空', hintEn: 'Optional', example: '北京市海淀区中关村大街 1 号' },
  { field: 'industryCode', zh: '行业代码', en: 'industryCode', aliases: ['国民经济行业代码'], cell: 'industryCode', hintZh: 'GB/T 4754-2017 代码，如 C2710', hintEn: 'GB/T 4754-2017 code, e.g. C2710', example: 'C2710' },
  { field: 'priorityField', zh: '重点领域', en: 'priorityField', cell: 'priorityField', hintZh: '新一代信息技术、新材料、清洁能源、医药健康、脑科学、量子、区块链、人工智能（或英文代码）', hintEn: 'next_gen_it, new_materials, clean_energy, pharma_health, brain_science, quantum, blockchain, ai (or the Chinese label)', example: '人工智能' },
  { field: 'foundedOn', zh: '成立日期', en: 'foundedOn', cell: 'date', hintZh: '日期，如 2015-03-01；不能晚于今天', hintEn: 'A date such as 2015-03-01; not in the future', example: '2015-03-01' },
  { field: 'description', zh: '简介', en: 'description', cell: 'text', maxLength: 5000, hintZh: '可空', hintEn: 'Optional', example: '专注于人工智能芯片研发' },
  { field: 'website', zh: '网址', en: 'website', cell: 'url', maxLength: 300, hintZh: '以 http:// 或 https:// 开头', hintEn: 'Starts with http:// or https://', example: 'https://example.cn' },
  { field: 'keywords', zh: '关键词', en: 'keywords', cell: 'keywords', hintZh: '用 ; 或 、 分隔，至多 30 个，每个至多 40 字', hintEn: 'Separated by ; or 、, at most 30, each at most 40 characters', example: '人工智能;芯片' },
];

export const QUALIFICATION_COLUMNS: ColumnSpec[] = [
  { field: 'creditCode', zh: '统一社会信用代码', en: 'creditCode', aliases: ['信用代码', 'credit code', 'uscc'], cell: 'creditCode', required: true, hintZh: '须为已登记机构的代码', hintEn: 'Code of a registered organisation', example: '91110108MA01ABCDE0' },
  { field: 'kind', zh: '资质类型', en: 'kind', aliases: ['资质', '类型'], cell: 'qualificationKind', required: true, hintZh: '国家高新技术企业、北京市专精特新、国家级专精特新小巨人、科技型中小企业、独角兽、潜在独角兽、上市企业（或英文代码）', hintEn: 'high_tech, srdi_municipal, srdi_little_giant, tech_sme, unicorn, potential_unicorn, listed (or the Chinese label)', example: '国家高新技术企业' },
  { field: 'certificateNo', zh: '证书编号', en: 'certificateNo', cell: 'text', maxLength: 60, hintZh: '可空', hintEn: 'Optional', example: 'GR202411000001' },
  { field: 'validFrom', zh: '有效期起', en: 'validFrom', aliases: ['生效日期', '认定日期'], cell: 'date', required: true, hintZh: '日期，如 2024-01-01；同一机构、类型与起始日视为同一资质', hintEn: 'A date such as 2024-01-01; organisation, kind and start date identify a qualification', example: '2024-01-01' },
  { field: 'validTo', zh: '有效期止', en: 'validTo', aliases: ['截止日期', '到期日期'], cell: 'date', hintZh: '不能早于有效期起；上市、独角兽可空', hintEn: 'Not before the start; empty for listings and unicorns', example: '2026-12-31' },
  { field: 'exchange', zh: '上市交易所', en: 'exchange', aliases: ['交易所'], cell: 'text', maxLength: 40, hintZh: '上市企业必填', hintEn: 'Required for a listing', example: '' },
  { field: 'ticker', zh: '股票代码', en: 'ticker', cell: 'text', maxLength: 20, hintZh: '上市企业必填', hintEn: 'Required for a listing', example: '' },
];

export const FIGURE_COLUMNS: ColumnSpec[] = [
  { field: 'creditCode', zh: '统一社会信用代码', en: 'creditCode', aliases: ['信用代码', 'credit code', 'uscc'], cell: 'creditCode', required: true, hintZh: '须为已登记机构的代码', hintEn: 'Code of a registered organisation', example: '91110108MA01ABCDE0' },
  { field: 'year', zh: '年度', en: 'year', aliases: ['年份'], cell: 'year', required: true, hintZh: '1949 至今年；同一机构同一年度只有一条', hintEn: '1949 to this year; one record per organisation and year', example: '2024' },
  { field: 'revenueFen', zh: '营业收入（元）', en: 'revenue', aliases: ['营业收入', '营收', 'revenue (yuan)'], cell: 'yuan', hintZh: '单位：元，至多两位小数，不能为负', hintEn: 'In yuan, at most two decimals, not negative', example: '12345678.90' },
  { field: 'rdExpenditureFen', zh: '研发投入（元）', en: 'rdExpenditure', aliases: ['研发投入', '研发费用', 'rd expenditure (yuan)'], cell: 'yuan', hintZh: '单位：元，至多两位小数，不能为负', hintEn: 'In yuan, at most two decimals, not negative', example: '1234567.00' },
  { field: 'employees', zh: '从业人员数', en: 'employees', aliases: ['员工人数', '职工人数'], cell: 'count', hintZh: '非负整数', hintEn: 'A non-negative whole number', example: '120' },
  { field: 'rdStaff', zh: '研发人员数', en: 'rdStaff', aliases: ['研发人员'], cell: 'count', hintZh: '非负整数，不超过从业人员数', hintEn: 'A non-negative whole number, at most the employees', example: '45' },
  { field: 'patentsApplied', zh: '专利申请数', en: 'patentsApplied', cell: 'count', hintZh: '非负整数', hintEn: 'A non-negative whole number', example: '12' },
  { field: 'patentsGranted', zh: '专利授权数', en: 'patentsGranted', cell: 'count', hintZh: '非负整数', hintEn: 'A non-negative whole number', example: '8' },
  { field: 'taxPaidFen', zh: '纳税额（元）', en: 'taxPaid', aliases: ['纳税额', '实缴税金', 'tax paid (yuan)'], cell: 'yuan', hintZh: '单位：元，至多两位小数，不能为负', hintEn: 'In yuan, at most two decimals, not negative', example: '345678.12' },
];

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  organizations: ORGANIZATION_COLUMNS,
  qualifications: QUALIFICATION_COLUMNS,
  figures: FIGURE_COLUMNS,
};

export const KIND_LABELS: Record<ImportKind, { zh: string; en: string }> = {
  organizations: { zh: '机构名录', en: 'Organisations' },
  qualifications: { zh: '机构资质', en: 'Qualifications' },
  figures: { zh: '年度经营数据', en: 'Annual figures' },
};
