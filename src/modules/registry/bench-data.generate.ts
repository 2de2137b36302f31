import { creditCodeCheckChar } from '../../platform/auth/auth.rules.ts';
import { Rng } from '../../seed/random.ts';
import type { OrganizationType, PriorityField, QualificationKind } from './registry.tables.ts';

/*
 * A synthetic registry for benchmarks (`kechuang bench-data`): organisations with plausible Chinese and
 * English names, valid credit codes, zones, types, industries, priority fields and descriptions in real
 * Chinese terms, qualifications at plausible rates and annual figures in integer fen. Organisation i is
 * generated from (seed, i) alone, so any batch can be produced without the ones before it and the same
 * seed and date always give the same registry.
 */

export interface BenchOrganization {
  index: number;
  creditCode: string;
  nameZh: string;
  nameEn: string | null;
  shortName: string | null;
  type: OrganizationType;
  zoneCode: string | null;
  address: string;
  industryCode: string | null;
  priorityField: PriorityField | null;
  foundedOn: string;
  description: string;
  website: string | null;
  keywords: string[];
}
export interface BenchQualification {
  creditCode: string;
  kind: QualificationKind;
  certificateNo: string | null;
  validFrom: string;
  validTo: string | null;
  exchange: string | null;
  ticker: string | null;
}
export interface BenchFigures {
  creditCode: string;
  year: number;
  revenueFen: number;
  rdExpenditureFen: number;
  employees: number;
  rdStaff: number;
  patentsApplied: number;
  patentsGranted: number;
  taxPaidFen: number;
}
export interface BenchBatch {
  organizations: BenchOrganization[];
  qualifications: BenchQualification[];
  figures: BenchFigures[];
}

interface FieldSpec {
  weight: number;
  cores: [zh: string, en: string][];
  industries: string[];
  keywords: string[];
  uses: string[];
}

const FIELDS: Record<PriorityField, FieldSpec> = {
  next_gen_it: {
    weight: 25,
    cores: [['信息技术', 'Information Technology'], ['软件', 'Software'], ['网络科技', 'Network Technology'], ['集成电路', 'Integrated Circuit'], ['通信技术', 'Communication Technology'], ['云计算', 'Cloud Computing'], ['数据科技', 'Data Technology']],
    industries: ['I6510', 'I6513', 'I6520', 'C3973', 'C3921', 'I6450', 'I6540'],
    keywords: ['云计算', '大数据', '集成电路', '芯片', '物联网', '5G', '工业软件', '信息安全', '操作系统', '数据库', '边缘计算', '半导体'],
    uses: ['金融', '政务', '智能制造', '智慧城市', '电信运营商', '能源电力'],
  },
  ai: {
    weight: 15,
    cores: [['人工智能', 'Artificial Intelligence'], ['智能科技', 'Intelligent Technology'], ['机器人', 'Robotics'], ['自动驾驶', 'Autonomous Driving'], ['智能视觉', 'Machine Vision']],
    industries: ['I6513', 'C3491', 'I6520', 'C3670', 'M7320'],
    keywords: ['人工智能', '大模型', '计算机视觉', '自然语言处理', '机器人', '自动驾驶', '语音识别', '机器学习', '智能制造', '知识图谱'],
    uses: ['医疗影像', '智能交通', '工业质检', '智慧教育', '金融风控', '安防'],
  },
  pharma_health: {
    weight: 20,
    cores: [['生物医药', 'Biopharma'], ['生物科技', 'Biotech'], ['医药科技', 'Pharmaceutical Technology'], ['医疗器械', 'Medical Device'], ['基因技术', 'Gene Technology'], ['细胞治疗', 'Cell Therapy'], ['医学检验', 'Medical Laboratory']],
    industries: ['C2710', 'C2720', 'C2761', 'C2762', 'C3581', 'C3589', 'M7340', 'Q8492'],
    keywords: ['创新药', '抗体', '疫苗', '体外诊断', '基因测序', '细胞治疗', '医疗器械', '精准医疗', '中医药', '生物制剂', '临床试验', '生物医药'],
    uses: ['肿瘤', '心脑血管疾病', '罕见病', '慢性病管理', '传染病防控', '医学影像'],
  },
  new_materials: {
    weight: 12,
    cores: [['新材料', 'Advanced Materials'], ['材料科技', 'Materials Technology'], ['纳米科技', 'Nanotechnology'], ['复合材料', 'Composite Materials'], ['高分子材料', 'Polymer Materials']],
    industries: ['C3985', 'C2651', 'C3240', 'C3091', 'C2659', 'C3985'],
    keywords: ['石墨烯', '碳纤维', '纳米材料', '稀土永磁', '高分子材料', '半导体材料', '特种合金', '先进陶瓷', '新材料'],
    uses: ['航空航天', '新能源汽车', '电子信息', '高端装备', '生物医用'],
  },
  clean_energy: {
    weight: 12,
    cores: [['新能源', 'New Energy'], ['能源科技', 'Energy Technology'], ['氢能', 'Hydrogen Energy'], ['储能技术', 'Energy Storage'], ['光伏科技', 'Photovoltaic Technology']],
    industries: ['D4415', 'D4416', 'C3841', 'C3825', 'D4411', 'C3849'],
    keywords: ['氢能', '储能', '光伏', '锂电池', '燃料电池', '智能电网', '风电', '碳中和', '新能源'],
    uses: ['电网调峰', '新能源汽车', '工业园区', '数据中心', '分布式能源'],
  },
  brain_science: {
    weight: 4,
    cores: [['脑科学', 'Brain Science'], ['神经科技', 'Neurotechnology'], ['脑机接口', 'Brain-Computer Interface']],
    industries: ['M7340', 'C3589', 'M7320'],
    keywords: ['脑机接口', '神经调控', '类脑智能', '脑疾病', '神经影像', '认知科学', '脑科学'],
    uses: ['帕金森病', '抑郁症', '康复医疗', '睡眠障碍', '智能辅具'],
  },
  quantum: {
    weight: 3,
    cores: [['量子科技', 'Quantum Technology'], ['量子信息', 'Quantum Information'], ['量子计算', 'Quantum Computing']],
    industries: ['M7320', 'C3974', 'I6513'],
    keywords: ['量子计算', '量子通信', '量子测量', '量子密钥分发', '超导量子', '光量子'],
    uses: ['保密通信', '精密测量', '药物设计', '金融计算'],
  },
  blockchain: {
    weight: 5,
    cores: [['区块链', 'Blockchain'], ['数字科技', 'Digital Technology'], ['隐私计算', 'Privacy Computing']],
    industries: ['I6519', 'I6531', 'I6440'],
    keywords: ['区块链', '数字身份', '分布式账本', '智能合约', '数字资产', '隐私计算'],
    uses: ['供应链金融', '政务数据共享', '版权保护', '跨境贸易'],
  },
};
const FIELD_KEYS = Object.keys(FIELDS) as PriorityField[];
const FIELD_TOTAL = FIELD_KEYS.reduce((a, f) => a + FIELDS[f].weight, 0);

const BRAND: [string, string][] = [
  ['康', 'Kang'], ['泰', 'Tai'], ['瑞', 'Rui'], ['诺', 'Nuo'], ['华', 'Hua'], ['博', 'Bo'], ['安', 'An'], ['恒', 'Heng'], ['睿', 'Rui'], ['德', 'De'],
  ['益', 'Yi'], ['普', 'Pu'], ['和', 'He'], ['健', 'Jian'], ['惠', 'Hui'], ['盛', 'Sheng'], ['源', 'Yuan'], ['元', 'Yuan'], ['思', 'Si'], ['达', 'Da'],
  ['信', 'Xin'], ['百', 'Bai'], ['正', 'Zheng'], ['君', 'Jun'], ['海', 'Hai'], ['明', 'Ming'], ['嘉', 'Jia'], ['祥', 'Xiang'], ['凯', 'Kai'], ['欣', 'Xin'],
  ['宁', 'Ning'], ['卓', 'Zhuo'], ['晟', 'Sheng'], ['禾', 'He'], ['臻', 'Zhen'], ['奥', 'Ao'], ['佳', 'Jia'], ['润', 'Run'], ['昊', 'Hao'], ['联', 'Lian'],
  ['科', 'Ke'], ['天', 'Tian'], ['中', 'Zhong'], ['远', 'Yuan'], ['光', 'Guang'], ['智', 'Zhi'], ['云', 'Yun'], ['星', 'Xing'], ['磐', 'Pan'], ['启', 'Qi'],
];

/** Zones of the demo tenant that organisations sit in, with their weight, district and credit-code region. */
const PLACES: { zone: string | null; weight: number; district: string; region: string; roads: string[] }[] = [
  { zone: 'zgc', weight: 26, district: '海淀区', region: '110108', roads: ['中关村大街', '海淀大街', '知春路', '学院路', '北四环西路', '上地信息路'] },
  { zone: 'zgc-software-park', weight: 10, district: '海淀区', region: '110108', roads: ['东北旺西路', '西北旺东路', '软件园二期'] },
  { zone: 'huairou', weight: 6, district: '怀柔区', region: '110116', roads: ['雁栖大街', '杨雁路', '怀北路'] },
  { zone: 'huairou-facilities', weight: 2, district: '怀柔区', region: '110116', roads: ['科学城东路', '中科院大学路'] },
  { zone: 'fsc', weight: 12, district: '昌平区', region: '110114', roads: ['未来科学城南区', '北清路', '鲁疃西路'] },
  { zone: 'life-valley', weight: 7, district: '昌平区', region: '110114', roads: ['生命园路', '科学园路'] },
  { zone: 'energy-valley', weight: 5, district: '昌平区', region: '110114', roads: ['未来科学城北区', '定泗路'] },
  { zone: 'zgc-life-park', weight: 6, district: '昌平区', region: '110114', roads: ['中关村生命科学园路', '回龙观东大街'] },
  { zone: 'bda', weight: 22, district: '大兴区', region: '110115', roads: ['荣华中路', '科创十三街', '经海路', '宏达北路'] },
  { zone: null, weight: 4, district: '朝阳区', region: '110105', roads: ['望京街', '酒仙桥路'] },
];
const PLACE_TOTAL = PLACES.reduce((a, p) => a + p.weight, 0);

/** Per thousand organisations; the rest are enterprises. */
const TYPE_PER_MILLE: [OrganizationType, number][] = [
  ['investor', 25],
  ['institute', 15],
  ['platform', 12],
  ['new_rd_institute', 10],
  ['hospital', 8],
  ['university', 4],
  ['national_lab', 1],
];

const CODE_SPACE = 31 ** 7;
const ALPH = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, unique credit code per (seed, index): a bijection of the index onto 31^7 organisation codes. */
function creditCodeOf(seed: number, index: number, type: OrganizationType, region: string): string {
  let n = (index * 1_000_003 + (seed % CODE_SPACE)) % CODE_SPACE;
  let body = '';
  for (let k = 0; k < 7; k++) {
    body = ALPH[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  const dept = type === 'enterprise' || type === 'investor' ? '91' : type === 'new_rd_institute' ? '52' : '12';
  const stem = `${dept}${region}M${type === 'enterprise' ? 'A' : 'B'}${body}`;
  return stem + creditCodeCheckChar(stem)!;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86400_000).toISOString().slice(0, 10);
}
function addYears(date: string, years: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}
const minDate = (a: string, b: string) => (a < b ? a : b);

function pickN<T>(rng: Rng, xs: readonly T[], n: number): T[] {
  return rng.shuffle([...xs]).slice(0, n);
}

function typeOf(rng: Rng): OrganizationType {
  let r = rng.next() * 1000;
  for (const [t, w] of TYPE_PER_MILLE) {
    if (r < w) return t;
    r -= w;
  }
  return 'enterprise';
}

function placeOf(rng: Rng) {
  let r = rng.next() * PLACE_TOTAL;
  for (const p of PLACES) {
    if (r < p.weight) return p;
    r -= p.weight;
  }
  return PLACES[0]!;
}

function fieldOf(rng: Rng): PriorityField | null {
  if (rng.next() < 0.04) return null;
  let r = rng.next() * FIELD_TOTAL;
  for (const f of FIELD_KEYS) {
    if (r < FIELDS[f].weight) return f;
    r -= FIELDS[f].weight;
  }
  return 'ai';
}

function names(rng: Rng, type: OrganizationType, core: [string, string]): { zh: string; en: string; short: string; slug: string } {
  const b = [rng.pick(BRAND), rng.pick(BRAND)];
  if (rng.next() < 0.3) b.push(rng.pick(BRAND));
  const brandZh = b.map((x) => x[0]).join('');
  const brandEn = b[0]![1] + b.slice(1).map((x) => x[1].toLowerCase()).join('');
  const region = rng.next() < 0.7 ? ['北京', 'Beijing '] : rng.next() < 0.5 ? ['中关村', 'Zhongguancun '] : ['', ''];
  const [coreZh, coreEn] = core;
  return { ...namesOf(rng, type, region, brandZh, brandEn, coreZh, coreEn), slug: brandEn.toLowerCase() };
}

function namesOf(rng: Rng, type: OrganizationType, region: string[], brandZh: string, brandEn: string, coreZh: string, coreEn: string): { zh: string; en: string; short: string } {
  switch (type) {
    case 'enterprise': {
      const techy = /科技|技术|软件/.test(coreZh);
      const suffix = rng.pick(techy ? ['有限公司', '股份有限公司', '发展有限公司'] : ['科技有限公司', '技术有限公司', '科技股份有限公司', '有限公司']);
      const enSuffix = suffix.includes('股份') ? 'Co., Ltd. (joint-stock)' : 'Co., Ltd.';
      return { zh: `${region[0]}${brandZh}${coreZh}${suffix}`, en: `${region[1]}${brandEn} ${coreEn}${techy ? '' : ' Technology'} ${enSuffix}`, short: `${brandZh}${coreZh.slice(0, 2)}` };
    }
    case 'investor': {
      const [zh, en] = rng.pick([['创业投资', 'Venture Capital'], ['股权投资', 'Equity Investment'], ['投资管理', 'Investment Management'], ['私募基金管理', 'Private Fund Management']]);
      const partnership = rng.next() < 0.4;
      return { zh: `${region[0]}${brandZh}${zh}${partnership ? '中心（有限合伙）' : '有限公司'}`, en: `${region[1]}${brandEn} ${en} ${partnership ? 'Partnership (LP)' : 'Co., Ltd.'}`, short: `${brandZh}资本` };
    }
    case 'institute':
      return { zh: `北京${brandZh}${coreZh}研究所`, en: `Beijing ${brandEn} Institute of ${coreEn}`, short: `${brandZh}所` };
    case 'new_rd_institute':
      return { zh: `北京${brandZh}${coreZh}创新研究院`, en: `Beijing ${brandEn} ${coreEn} Innovation Institute`, short: `${brandZh}研究院` };
    case 'platform': {
      const [zh, en] = rng.pick([['公共技术服务平台', 'Public Technology Service Platform'], ['中试平台', 'Pilot Platform'], ['产业创新中心', 'Industrial Innovation Center']]);
      return { zh: `北京${brandZh}${coreZh}${zh}`, en: `Beijing ${brandEn} ${coreEn} ${en}`, short: `${brandZh}平台` };
    }
    case 'hospital': {
      const [zh, en] = rng.pick([['医院', 'Hospital'], ['中医医院', 'Hospital of Traditional Chinese Medicine'], ['肿瘤医院', 'Cancer Hospital'], ['口腔医院', 'Stomatological Hospital']]);
      return { zh: `北京${brandZh}${zh}`, en: `Beijing ${brandEn} ${en}`, short: `${brandZh}医院` };
    }
    case 'university': {
      const [zh, en] = rng.pick([['理工大学', 'University of Technology'], ['科技大学', 'University of Science and Technology'], ['医科大学', 'Medical University'], ['信息工程学院', 'Institute of Information Engineering']]);
      return { zh: `北京${brandZh}${zh}`, en: `Beijing ${brandEn} ${en}`, short: `${brandZh}大` };
    }
    case 'national_lab':
      return { zh: `${brandZh}${coreZh}国家重点实验室`, en: `${brandEn} State Key Laboratory of ${coreEn}`, short: `${brandZh}实验室` };
  }
}

function description(rng: Rng, type: OrganizationType, f: FieldSpec, kws: string[]): string {
  const [a, b, c] = [kws[0]!, kws[1] ?? kws[0]!, kws[2] ?? kws[0]!];
  const use = rng.pick(f.uses);
  const first =
    type === 'enterprise'
      ? rng.pick([
          `专注于${a}、${b}和${c}的研发、生产与销售，产品应用于${use}等领域。`,
          `以${a}为核心技术的创新型企业，主要从事${b}相关产品研发和技术服务，服务${use}行业客户。`,
          `主营${a}与${b}，拥有自主知识产权的${c}平台，已在${use}场景规模化应用。`,
        ])
      : type === 'investor'
        ? `聚焦${a}、${b}等硬科技方向的早期和成长期投资，重点关注${use}领域的科技成果转化。`
        : `开展${a}和${b}方向的基础研究与关键技术攻关，面向${use}推动${c}成果转化和产业化。`;
  const second = rng.pick(['', '', `拥有发明专利${rng.int(3, 120)}项。`, `与高校和科研院所共建${a}联合实验室。`, `参与制定${b}相关国家标准和行业标准。`]);
  return `${first}${second}（合成数据）`;
}

const EXCHANGES: [string, string][] = [
  ['上交所科创板', '688'],
  ['深交所创业板', '300'],
  ['北交所', '83'],
  ['上交所主板', '603'],
];

/** One organisation with its qualifications and figures, from (seed, index) alone. */
export function benchOrganization(seed: number, index: number, today: string, years: number): BenchBatch {
  const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  rng.next();
  const type = typeOf(rng);
  const place = placeOf(rng);
  const field = fieldOf(rng);
  const spec = FIELDS[field ?? rng.pick(FIELD_KEYS)];
  const core = rng.pick(spec.cores);
  const n = names(rng, type, core);
  const creditCode = creditCodeOf(seed, index, type, place.region);
  const thisYear = Number(today.slice(0, 4));
  // Most organisations are young: founding years skew towards the last decade.
  const age = Math.min(40, Math.floor(rng.heavy() * 2.5));
  const foundedOn = minDate(addDays(today, -1), `${thisYear - 1 - age}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`);
  const kws = pickN(rng, spec.keywords, rng.int(2, 4));
  const org: BenchOrganization = {
    index,
    creditCode,
    nameZh: n.zh,
    nameEn: rng.next() < 0.75 ? n.en : null,
    shortName: rng.next() < 0.6 ? n.short : null,
    type,
    zoneCode: place.zone,
    address: `北京市${place.district}${rng.pick(place.roads)}${rng.int(1, 300)}号${rng.next() < 0.5 ? `${rng.int(1, 20)}号楼` : ''}`,
    industryCode: type === 'enterprise' || rng.next() < 0.5 ? rng.pick(spec.industries) : null,
    priorityField: field,
    foundedOn,
    description: description(rng, type, spec, kws),
    website: rng.next() < 0.5 ? `https://www.${n.slug}${index.toString(36)}.example.cn` : null,
    keywords: kws,
  };

  const quals: BenchQualification[] = [];
  const enterprise = type === 'enterprise';
  const q = (kind: QualificationKind, validFrom: string, validTo: string | null, certificateNo: string | null, listing?: [string, string]) =>
    quals.push({ creditCode, kind, certificateNo, validFrom, validTo, exchange: listing?.[0] ?? null, ticker: listing?.[1] ?? null });
  const sinceFounding = (maxDaysAgo: number) => {
    const earliest = Math.max(0, Math.round((Date.parse(today) - Date.parse(foundedOn)) / 86400_000));
    return addDays(today, -rng.int(0, Math.max(0, Math.min(maxDaysAgo, earliest))));
  };
  if (enterprise) {
    // National high-tech: three-year certificates, renewed; about a quarter hold a current one.
    if (rng.next() < 0.3) {
      let from = sinceFounding(1400);
      if (rng.next() < 0.35 && addYears(from, -3) >= foundedOn) {
        const prev = addYears(from, -3);
        q('high_tech', prev, addDays(from, -1), `GR${prev.slice(0, 4)}11${pad(rng.int(0, 999_999), 6)}`);
      } else if (rng.next() < 0.15 && addYears(from, -3) >= foundedOn) from = addYears(from, -3); // lapsed: expired, not renewed
      q('high_tech', from, addDays(addYears(from, 3), -1), `GR${from.slice(0, 4)}11${pad(rng.int(0, 999_999), 6)}`);
    }
    // Tech-based SME: evaluated every year.
    if (rng.next() < 0.22) {
      const y = rng.int(Math.max(Number(foundedOn.slice(0, 4)) + 1, thisYear - 1), thisYear);
      const from = `${y}-0${rng.int(3, 9)}-${pad(rng.int(1, 28))}`;
      if (from >= foundedOn && from <= today) q('tech_sme', from, `${y}-12-31`, `${y}11${place.region.slice(2)}${pad(rng.int(0, 99_999), 5)}`);
    }
    const r = rng.next();
    if (r < 0.06) {
      const from = sinceFounding(1000);
      q('srdi_municipal', from, addDays(addYears(from, 3), -1), null);
    } else if (r < 0.068) {
      const from = sinceFounding(1000);
      q('srdi_little_giant', from, addDays(addYears(from, 3), -1), null);
    }
    const u = rng.next();
    if (u < 0.0003) q('unicorn', sinceFounding(1500), null, null);
    else if (u < 0.0015) q('potential_unicorn', sinceFounding(800), null, null);
    if (rng.next() < 0.004 && age >= 3) {
      const [exchange, prefix] = rng.pick(EXCHANGES);
      q('listed', sinceFounding(3000), null, null, [exchange, prefix + pad(rng.int(0, 10 ** (6 - prefix.length) - 1), 6 - prefix.length)]);
    }
  }

  // Annual figures for the last `years` full years after founding: enterprises mostly report, others sometimes.
  const figures: BenchFigures[] = [];
  if (enterprise ? rng.next() < 0.85 : rng.next() < 0.4) {
    const scale = rng.heavy(); // 1 … 500
    let employees = Math.max(3, Math.round(8 * scale * (0.6 + rng.next())));
    let revenueFen = Math.round(employees * rng.int(300_000, 1_500_000) * 100);
    const rdShare = 0.03 + rng.next() * (field ? 0.25 : 0.08);
    for (let y = thisYear - years; y < thisYear; y++) {
      if (y < Number(foundedOn.slice(0, 4))) continue;
      const growth = 0.85 + rng.next() * 0.45;
      employees = Math.max(3, Math.round(employees * (0.9 + rng.next() * 0.25)));
      revenueFen = Math.round(revenueFen * growth);
      const rdStaff = Math.min(employees, Math.round(employees * (0.1 + rng.next() * 0.5)));
      figures.push({
        creditCode,
        year: y,
        revenueFen,
        rdExpenditureFen: Math.round(revenueFen * rdShare),
        employees,
        rdStaff,
        patentsApplied: Math.floor(rdStaff * rng.next() * 0.3),
        patentsGranted: Math.floor(rdStaff * rng.next() * 0.12),
        taxPaidFen: Math.round(revenueFen * (0.02 + rng.next() * 0.06)),
      });
    }
  }
  return { organizations: [org], qualifications: quals, figures };
}

/** Organisations [from, to) with their qualifications and figures. */
export function benchBatch(seed: number, from: number, to: number, today: string, years: number): BenchBatch {
  const out: BenchBatch = { organizations: [], qualifications: [], figures: [] };
  for (let i = from; i < to; i++) {
    const b = benchOrganization(seed, i, today, years);
    out.organizations.push(...b.organizations);
    out.qualifications.push(...b.qualifications);
    out.figures.push(...b.figures);
  }
  return out;
}

/** The zones organisations are placed in (codes of the demo tenant's zones, see DEMO_ZONES). */
export const BENCH_ZONE_CODES = PLACES.map((p) => p.zone).filter((z): z is string => z !== null);
