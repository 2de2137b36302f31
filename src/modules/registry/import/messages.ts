const t = (zh: string, en: string): { zh: string; en: string } => ({ zh, en });

/** What a row error says, in Chinese and English. Codes are stable: the web app may key on them. */
export const ROW_MESSAGES = {
  required: () => t('必填', 'is required'),
  invalid_credit_code: () => t('统一社会信用代码无效（18 位，末位校验码须正确）', 'not a valid unified social credit code (18 characters with a correct check character)'),
  too_long: (n: number) => t(`至多 ${n} 个字符`, `at most ${n} characters`),
  too_short: (n: number) => t(`至少 ${n} 个字符`, `at least ${n} characters`),
  unknown_org_type: () => t('不是可识别的机构类型（如 企业、高校、科研院所）', 'not a known organisation type (e.g. 企业, enterprise)'),
  unknown_zone: () => t('系统中没有该园区代码', 'no zone with this code'),
  invalid_industry_code: () => t('不是 GB/T 4754 行业代码（如 C2710）', 'not a GB/T 4754 industry code (e.g. C2710)'),
  unknown_priority_field: () => t('不是可识别的重点领域', 'not a known priority field'),
  unknown_qualification_kind: () => t('不是可识别的资质类型', 'not a known qualification kind'),
  invalid_date: () => t('不是有效日期（如 2024-01-31）', 'not a valid date (e.g. 2024-01-31)'),
  future_date: () => t('不能晚于今天', 'is in the future'),
  invalid_url: () => t('网址须以 http:// 或 https:// 开头且不含空格', 'must be an http:// or https:// address without spaces'),
  too_many_keywords: () => t('关键词至多 30 个', 'at most 30 keywords'),
  keyword_too_long: () => t('每个关键词至多 40 个字符', 'each keyword has at most 40 characters'),
  invalid_year: (max: number) => t(`年度须为 1949 至 ${max} 之间的整数`, `must be a year from 1949 to ${max}`),
  not_a_number: () => t('不是数字（请填写普通数字，如 1234.56）', 'not a plain number (e.g. 1234.56)'),
  negative: () => t('不能为负数', 'must not be negative'),
  too_many_decimals: () => t('金额至多两位小数（精确到分）', 'at most two decimals (to the fen)'),
  not_integer: () => t('须为整数', 'must be a whole number'),
  too_large: () => t('数值过大', 'the number is too large'),
  validity_order: () => t('有效期止早于有效期起', 'the validity ends before it starts'),
  listing_needs_ticker: () => t('上市企业须填写上市交易所和股票代码', 'a listing needs its exchange and ticker'),
  rd_staff_exceeds_employees: () => t('研发人员数不能超过从业人员数', 'R&D staff cannot exceed employees'),
  duplicate_in_file: (row: number) => t(`与第 ${row} 行重复`, `duplicates row ${row}`),
  unknown_organization: () => t('该统一社会信用代码的机构尚未登记，请先导入机构名录', 'no organisation with this credit code is registered; import it first'),
  missing_column: () => t('缺少必需的列', 'a required column is missing'),
  duplicate_column: () => t('该列出现了两次', 'this column appears twice'),
  no_header: () => t('文件为空：第一行须为表头', 'the file is empty: the first row must be the header'),
  empty_file: () => t('文件中没有数据行', 'the file has no data rows'),
  too_many_rows: (max: number) => t(`数据行超过上限 ${max} 行，请拆分文件`, `more than ${max} data rows; split the file`),
  unreadable: () => t('无法读取文件内容（CSV 格式错误或不是有效的 xlsx 文件）', 'the file cannot be read (malformed CSV or not a valid xlsx workbook)'),
} satisfies Record<string, (...args: never[]) => { zh: string; en: string }>;

export type RowErrorCode = keyof typeof ROW_MESSAGES;
