import type { OrganizationType, PriorityField, QualificationKind } from '../registry.tables.ts';
import type { QualificationStatus } from '../registry.rules.ts';

/** Chinese labels written in exports (the same as the web app shows) and accepted on import. */
export const ORG_TYPE_LABELS: Record<OrganizationType, string> = {
  enterprise: '企业',
  university: '高等院校',
  institute: '科研院所',
  national_lab: '国家实验室',
  new_rd_institute: '新型研发机构',
  hospital: '医疗机构',
  platform: '公共技术平台',
  investor: '投资机构',
};

export const PRIORITY_FIELD_LABELS: Record<PriorityField, string> = {
  next_gen_it: '新一代信息技术',
  new_materials: '新材料',
  clean_energy: '清洁能源',
  pharma_health: '医药健康',
  brain_science: '脑科学',
  quantum: '量子',
  blockchain: '区块链',
  ai: '人工智能',
};

export const QUALIFICATION_KIND_LABELS: Record<QualificationKind, string> = {
  high_tech: '国家高新技术企业',
  srdi_municipal: '北京市专精特新中小企业',
  srdi_little_giant: '国家级专精特新小巨人企业',
  tech_sme: '科技型中小企业',
  unicorn: '独角兽企业',
  potential_unicorn: '潜在独角兽企业',
  listed: '上市企业',
};

export const QUALIFICATION_STATUS_LABELS: Record<QualificationStatus, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
  not_yet_valid: '尚未生效',
};

/** Further spellings people use in their own spreadsheets. */
const ORG_TYPE_ALIASES: Record<OrganizationType, string[]> = {
  enterprise: ['企业', '公司'],
  university: ['高校', '大学', '高等学校'],
  institute: ['研究所', '研究院', '科研机构'],
  national_lab: [],
  new_rd_institute: ['新研机构'],
  hospital: ['医院'],
  platform: ['技术平台', '公共平台'],
  investor: ['投资公司', '基金'],
};
const QUALIFICATION_KIND_ALIASES: Record<QualificationKind, string[]> = {
  high_tech: ['高新技术企业', '高新企业', '国高新'],
  srdi_municipal: ['北京市专精特新', '专精特新中小企业', '专精特新', '市级专精特新'],
  srdi_little_giant: ['国家级专精特新小巨人', '专精特新小巨人', '专精特新小巨人企业', '小巨人'],
  tech_sme: ['科技型中小企业', '科小'],
  unicorn: ['独角兽'],
  potential_unicorn: ['潜在独角兽'],
  listed: ['上市公司', '上市'],
};
const PRIORITY_FIELD_ALIASES: Record<PriorityField, string[]> = {
  next_gen_it: ['新一代信息技术产业', '信息技术'],
  new_materials: [],
  clean_energy: ['新能源', '清洁能源产业'],
  pharma_health: ['医药', '生物医药', '医药健康产业'],
  brain_science: ['脑科学与类脑研究'],
  quantum: ['量子信息', '量子科技'],
  blockchain: [],
  ai: ['ai', '人工智能产业'],
};

/** Lower-case, no spaces, quotes or brackets, half-width: "专精特新“小巨人”企业" and "专精特新小巨人企业" compare equal. */
export function labelKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s"'“”‘’「」『』《》()（）]/g, '');
}

function lookup<K extends string>(labels: Record<K, string>, aliases: Record<K, string[]>): Map<string, K> {
  const m = new Map<string, K>();
  for (const code of Object.keys(labels) as K[]) {
    m.set(labelKey(code), code);
    m.set(labelKey(labels[code]), code);
    for (const a of aliases[code]) m.set(labelKey(a), code);
  }
  return m;
}

export const ORG_TYPE_BY_LABEL = lookup(ORG_TYPE_LABELS, ORG_TYPE_ALIASES);
export const QUALIFICATION_KIND_BY_LABEL = lookup(QUALIFICATION_KIND_LABELS, QUALIFICATION_KIND_ALIASES);
export const PRIORITY_FIELD_BY_LABEL = lookup(PRIORITY_FIELD_LABELS, PRIORITY_FIELD_ALIASES);

/** English labels, for messages that name a type or qualification in both languages. */
export const ORG_TYPE_LABELS_EN: Record<OrganizationType, string> = {
  enterprise: 'enterprise',
  university: 'university',
  institute: 'research institute',
  national_lab: 'national laboratory',
  new_rd_institute: 'new-type R&D institute',
  hospital: 'hospital',
  platform: 'public technology platform',
  investor: 'investor',
};

export const QUALIFICATION_KIND_LABELS_EN: Record<QualificationKind, string> = {
  high_tech: 'national high-tech enterprise',
  srdi_municipal: 'Beijing specialised-and-sophisticated SME',
  srdi_little_giant: 'national "little giant" SME',
  tech_sme: 'tech-based SME',
  unicorn: 'unicorn',
  potential_unicorn: 'potential unicorn',
  listed: 'listed company',
};
