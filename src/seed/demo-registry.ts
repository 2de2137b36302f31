import type { BulkLoad, OrganizationType, PriorityField, QualificationKind } from '../modules/registry/index.ts';
import { creditCodeCheckChar } from '../platform/auth/auth.rules.ts';
import { apportion, Rng } from './random.ts';

/**
 * Demo registry of the Beijing tenant. Figures follow the public facts in PRODUCT.md: the Changping
 * health industry has 900+ enterprises, of which 269 national high-tech, 133 专精特新, 19 unicorns or
 * potential unicorns and 18 listed, with about 80 billion yuan of revenue in 2022, and 80 companies
 * founded by scientists. Everything else is generated, deterministically, and marked as demo data.
 */

export interface DemoZone {
  code: string;
  parent: string | null;
  level: 'city' | 'zone' | 'park';
  nameZh: string;
  nameEn: string;
  lng: number;
  lat: number;
}

export const DEMO_ZONES: DemoZone[] = [
  { code: 'beijing', parent: null, level: 'city', nameZh: '北京市', nameEn: 'Beijing', lng: 116.4074, lat: 39.9042 },
  { code: 'zgc', parent: 'beijing', level: 'zone', nameZh: '中关村科学城', nameEn: 'Zhongguancun Science City', lng: 116.3105, lat: 39.9925 },
  { code: 'zgc-software-park', parent: 'zgc', level: 'park', nameZh: '中关村软件园', nameEn: 'Zhongguancun Software Park', lng: 116.2986, lat: 40.0455 },
  { code: 'huairou', parent: 'beijing', level: 'zone', nameZh: '怀柔科学城', nameEn: 'Huairou Science City', lng: 116.678, lat: 40.407 },
  { code: 'huairou-facilities', parent: 'huairou', level: 'park', nameZh: '怀柔综合性国家科学中心大科学装置集群', nameEn: 'Huairou big-science facility cluster', lng: 116.663, lat: 40.398 },
  { code: 'fsc', parent: 'beijing', level: 'zone', nameZh: '未来科学城', nameEn: 'Future Science City', lng: 116.437, lat: 40.101 },
  { code: 'life-valley', parent: 'fsc', level: 'park', nameZh: '生命谷', nameEn: 'Life Valley', lng: 116.292, lat: 40.106 },
  { code: 'energy-valley', parent: 'fsc', level: 'park', nameZh: '能源谷', nameEn: 'Energy Valley', lng: 116.45, lat: 40.104 },
  { code: 'zgc-life-park', parent: 'fsc', level: 'park', nameZh: '中关村生命科学园', nameEn: 'Zhongguancun Life Science Park', lng: 116.288, lat: 40.087 },
  { code: 'bda', parent: 'beijing', level: 'zone', nameZh: '北京经济技术开发区', nameEn: 'Beijing Economic-Technological Development Area', lng: 116.513, lat: 39.795 },
];

export const CHANGPING_HEALTH = { enterprises: 912, highTech: 269, srdiMunicipal: 118, srdiGiant: 15, unicorn: 7, potentialUnicorn: 12, listed: 18, scientistFounded: 80, revenue2022Fen: 80_000_000_000_00 };

/** Named organisations: the institutions and companies of PRODUCT.md (credit codes are generated). */
export const NAMED_ORGS: {
  stem: string;
  nameZh: string;
  nameEn: string;
  shortName: string;
  type: OrganizationType;
  zone: string;
  industryCode?: string;
  field: PriorityField;
  founded: string;
  description: string;
  keywords: string[];
  health?: boolean;
  quals?: { kind: QualificationKind; exchange?: string; ticker?: string; since?: string }[];
}[] = [
  { stem: '91110114MA0000001', nameZh: '博奥生物集团有限公司', nameEn: 'CapitalBio Corporation', shortName: '博奥生物', type: 'enterprise', zone: 'zgc-life-park', industryCode: 'C3581', field: 'pharma_health', founded: '2000-09-30', description: '生物芯片国家工程研究中心依托单位，从事生物芯片、分子诊断和健康管理。', keywords: ['生物芯片', '分子诊断', '国家工程研究中心'], health: true, quals: [{ kind: 'high_tech' }, { kind: 'srdi_little_giant' }] },
  { stem: '91110114MA0000002', nameZh: '百济神州（北京）生物科技有限公司', nameEn: 'BeiGene (Beijing) Co., Ltd.', shortName: '百济神州', type: 'enterprise', zone: 'zgc-life-park', industryCode: 'C2761', field: 'pharma_health', founded: '2010-10-28', description: '全球性生物科技公司，专注于肿瘤创新药物的研发与商业化。', keywords: ['创新药', '肿瘤', '抗体'], health: true, quals: [{ kind: 'high_tech' }, { kind: 'listed', exchange: '上交所科创板', ticker: '688235', since: '2021-12-15' }] },
  { stem: '91110114MA0000003', nameZh: '北京诺诚健华医药科技有限公司', nameEn: 'Beijing InnoCare Pharma Tech Co., Ltd.', shortName: '诺诚健华', type: 'enterprise', zone: 'zgc-life-park', industryCode: 'C2720', field: 'pharma_health', founded: '2015-11-03', description: '专注于肿瘤和自身免疫性疾病的创新药研发。', keywords: ['创新药', '小分子', '自身免疫'], health: true, quals: [{ kind: 'high_tech' }, { kind: 'listed', exchange: '上交所科创板', ticker: '688428', since: '2022-09-21' }] },
  { stem: '91110114MA0000004', nameZh: '北京品驰医疗设备有限公司', nameEn: 'Beijing PINS Medical Co., Ltd.', shortName: '品驰医疗', type: 'enterprise', zone: 'life-valley', industryCode: 'C3589', field: 'pharma_health', founded: '2008-04-15', description: '脑起搏器等神经调控植入式医疗器械的研发与生产。', keywords: ['脑起搏器', '神经调控', '医疗器械'], health: true, quals: [{ kind: 'high_tech' }, { kind: 'srdi_little_giant' }] },
  { stem: '91110000MA0000005', nameZh: '北京同仁堂股份有限公司', nameEn: 'Beijing Tong Ren Tang Co., Ltd.', shortName: '同仁堂', type: 'enterprise', zone: 'bda', industryCode: 'C2740', field: 'pharma_health', founded: '1997-06-18', description: '中华老字号中药企业，中成药研发、生产与销售。', keywords: ['中成药', '中医药', '老字号'], quals: [{ kind: 'listed', exchange: '上交所主板', ticker: '600085', since: '1997-06-25' }] },
  { stem: '12110114MB0000006', nameZh: '昌平实验室', nameEn: 'Changping Laboratory', shortName: '昌平实验室', type: 'national_lab', zone: 'life-valley', field: 'pharma_health', founded: '2020-11-01', description: '生命科学领域的国家实验室。', keywords: ['生命科学', '国家实验室'] },
  { stem: '12110114MB0000007', nameZh: '北京生命科学研究所', nameEn: 'National Institute of Biological Sciences, Beijing', shortName: '北生所', type: 'institute', zone: 'zgc-life-park', field: 'pharma_health', founded: '2003-03-01', description: '从事生命科学基础研究的新型科研机构。', keywords: ['生命科学', '基础研究'] },
  { stem: '12110114MB0000008', nameZh: '北京脑科学与类脑研究所', nameEn: 'Chinese Institute for Brain Research, Beijing', shortName: '北脑所', type: 'new_rd_institute', zone: 'life-valley', field: 'brain_science', founded: '2018-03-22', description: '脑认知原理、脑重大疾病和类脑智能研究。', keywords: ['脑科学', '类脑智能', '神经科学'] },
  { stem: '12110114MB0000009', nameZh: '国家蛋白质科学中心（北京）', nameEn: 'National Center for Protein Sciences (Beijing)', shortName: '蛋白质中心', type: 'platform', zone: 'life-valley', field: 'pharma_health', founded: '2012-06-01', description: '蛋白质组学研究与大型仪器开放共享平台。', keywords: ['蛋白质组学', '质谱', '开放共享'] },
  { stem: '12110108MB0000010', nameZh: '中关村实验室', nameEn: 'Zhongguancun Laboratory', shortName: '中关村实验室', type: 'national_lab', zone: 'zgc', field: 'next_gen_it', founded: '2021-09-01', description: '网络与信息领域的国家实验室。', keywords: ['网络空间', '信息技术'] },
  { stem: '12110116MB0000011', nameZh: '怀柔实验室', nameEn: 'Huairou Laboratory', shortName: '怀柔实验室', type: 'national_lab', zone: 'huairou', field: 'clean_energy', founded: '2020-09-01', description: '能源领域的国家实验室。', keywords: ['能源', '大科学装置'] },
  { stem: '12100000MB0000012', nameZh: '北京大学', nameEn: 'Peking University', shortName: '北大', type: 'university', zone: 'zgc', field: 'pharma_health', founded: '1898-07-03', description: '综合性研究型大学。', keywords: ['高校', '基础研究'] },
  { stem: '12100000MB0000013', nameZh: '清华大学', nameEn: 'Tsinghua University', shortName: '清华', type: 'university', zone: 'zgc', field: 'ai', founded: '1911-04-29', description: '综合性研究型大学。', keywords: ['高校', '工程科学'] },
  { stem: '12100000MB0000014', nameZh: '北京航空航天大学', nameEn: 'Beihang University', shortName: '北航', type: 'university', zone: 'zgc', field: 'new_materials', founded: '1952-10-25', description: '以航空航天为特色的研究型大学。', keywords: ['高校', '航空航天'] },
  { stem: '12100000MB0000015', nameZh: '北京邮电大学', nameEn: 'Beijing University of Posts and Telecommunications', shortName: '北邮', type: 'university', zone: 'zgc', field: 'next_gen_it', founded: '1955-04-01', description: '以信息科技为特色的研究型大学。', keywords: ['高校', '通信'] },
  { stem: '12100000MB0000016', nameZh: '北京化工大学', nameEn: 'Beijing University of Chemical Technology', shortName: '北化', type: 'university', zone: 'fsc', field: 'new_materials', founded: '1958-09-01', description: '以化工为特色的研究型大学，昌平校区位于未来科学城。', keywords: ['高校', '化工', '新材料'] },
  { stem: '12100000MB0000017', nameZh: '中国矿业大学（北京）', nameEn: 'China University of Mining and Technology (Beijing)', shortName: '矿大（北京）', type: 'university', zone: 'zgc', field: 'clean_energy', founded: '1909-01-01', description: '以矿业和能源为特色的研究型大学。', keywords: ['高校', '能源', '矿业'] },
];

const BRAND = ['康', '泰', '瑞', '诺', '华', '博', '安', '恒', '睿', '德', '益', '普', '和', '健', '惠', '盛', '源', '元', '思', '达', '信', '百', '正', '君', '海', '明', '嘉', '祥', '凯', '欣', '宁', '卓', '晟', '禾', '臻', '奥', '佳', '润', '昊', '联'];
const HEALTH_CORE: { core: string; industry: string; keywords: string[] }[] = [
  { core: '生物科技', industry: 'M7340', keywords: ['生物技术', '研发外包'] },
  { core: '医药科技', industry: 'C2720', keywords: ['创新药', '化学药'] },
  { core: '生物制药', industry: 'C2761', keywords: ['生物药', '抗体'] },
  { core: '医疗器械', industry: 'C3589', keywords: ['医疗器械', '体外诊断'] },
  { core: '基因技术', industry: 'M7340', keywords: ['基因测序', '精准医疗'] },
  { core: '细胞治疗技术', industry: 'C2761', keywords: ['细胞治疗', 'CAR-T'] },
  { core: '医学检验', industry: 'Q8492', keywords: ['医学检验', '第三方检测'] },
  { core: '智能医疗科技', industry: 'C3581', keywords: ['医疗人工智能', '手术机器人'] },
  { core: '药业', industry: 'C2710', keywords: ['原料药', '制剂'] },
  { core: '医药研发', industry: 'M7340', keywords: ['CRO', '临床前研究'] },
  { core: '生物医药', industry: 'C2761', keywords: ['疫苗', '生物医药'] },
];
const OTHER: { zone: string; field: PriorityField; core: string; industry: string; keywords: string[]; n: number }[] = [
  { zone: 'zgc-software-park', field: 'ai', core: '智能科技', industry: 'I6513', keywords: ['人工智能', '大模型'], n: 60 },
  { zone: 'zgc', field: 'next_gen_it', core: '信息技术', industry: 'I6510', keywords: ['软件', '云计算'], n: 70 },
  { zone: 'zgc', field: 'quantum', core: '量子科技', industry: 'M7320', keywords: ['量子计算', '量子通信'], n: 8 },
  { zone: 'zgc', field: 'blockchain', core: '区块链技术', industry: 'I6519', keywords: ['区块链', '数字身份'], n: 10 },
  { zone: 'huairou', field: 'new_materials', core: '新材料科技', industry: 'C3985', keywords: ['新材料', '科学仪器'], n: 35 },
  { zone: 'energy-valley', field: 'clean_energy', core: '新能源科技', industry: 'D4415', keywords: ['氢能', '储能'], n: 45 },
  { zone: 'bda', field: 'next_gen_it', core: '集成电路', industry: 'C3973', keywords: ['集成电路', '芯片'], n: 55 },
  { zone: 'bda', field: 'pharma_health', core: '生物医药', industry: 'C2761', keywords: ['生物医药', '产业化'], n: 40 },
];

function creditCode(stem: string): string {
  return stem + creditCodeCheckChar(stem)!;
}

const ALPH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function generatedCode(rng: Rng, region: string, used: Set<string>): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < 8; i++) body += ALPH[rng.int(0, 30)];
    const stem = `91${region}MA${body.slice(0, 1)}${body.slice(1)}`.slice(0, 17);
    const code = creditCode(stem);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86400_000).toISOString().slice(0, 10);
}
function addYears(date: string, years: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

const REGION: Record<string, string> = { zgc: '110108', 'zgc-software-park': '110108', huairou: '110116', 'huairou-facilities': '110116', fsc: '110114', 'life-valley': '110114', 'energy-valley': '110114', 'zgc-life-park': '110114', bda: '110115' };

/** Builds the demo registry as of `today` (YYYY-MM-DD, Asia/Shanghai). */
export function demoRegistry(today: string): BulkLoad & { named: typeof NAMED_ORGS } {
  const rng = new Rng(20230401);
  const used = new Set<string>(NAMED_ORGS.map((o) => creditCode(o.stem)));
  const names = new Set<string>(NAMED_ORGS.map((o) => o.nameZh));
  const thisYear = Number(today.slice(0, 4));
  const orgs: BulkLoad['organizations'] = [];
  const quals: BulkLoad['qualifications'] = [];
  const figures: BulkLoad['figures'] = [];

  const uniqueName = (core: string) => {
    for (;;) {
      const n = `北京${rng.pick(BRAND)}${rng.pick(BRAND)}${core}有限公司`;
      if (!names.has(n)) {
        names.add(n);
        return n;
      }
    }
  };

  // Changping health-industry enterprises: the named four plus generated ones.
  const namedHealth = NAMED_ORGS.filter((o) => o.health);
  const healthCodes: string[] = namedHealth.map((o) => creditCode(o.stem));
  const parks = ['life-valley', 'zgc-life-park', 'fsc'];
  for (let i = healthCodes.length; i < CHANGPING_HEALTH.enterprises; i++) {
    const core = rng.pick(HEALTH_CORE);
    const zone = parks[rng.next() < 0.45 ? 0 : rng.next() < 0.7 ? 1 : 2]!;
    const code = generatedCode(rng, REGION[zone]!, used);
    const founded = `${rng.int(1998, thisYear - 1)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const scientist = i - healthCodes.length < CHANGPING_HEALTH.scientistFounded;
    orgs.push({
      creditCode: code,
      nameZh: uniqueName(core.core),
      type: 'enterprise',
      zoneCode: zone,
      industryCode: core.industry,
      priorityField: 'pharma_health',
      foundedOn: founded,
      address: `北京市昌平区${rng.pick(['生命园路', '科学园路', '中关村生命科学园路', '回龙观东大街', '北清路', '未来科学城南区'])}${rng.int(1, 99)}号`,
      description: `${core.keywords.join('、')}领域的${scientist ? '科学家创办' : '创新型'}企业（演示数据）。`,
      keywords: scientist ? [...core.keywords, '科学家创业'] : core.keywords,
    });
    healthCodes.push(code);
  }

  // Qualifications among them, valid today, with exact counts; the named ones keep theirs.
  const pool = rng.shuffle(healthCodes.slice(namedHealth.length));
  const named = (kind: QualificationKind) => namedHealth.filter((o) => o.quals?.some((q) => q.kind === kind)).length;
  let cursor = 0;
  const take = (n: number) => pool.slice(cursor, (cursor += n));
  const overlap = (from: string[], n: number) => rng.shuffle([...from]).slice(0, n);
  const highTech = take(CHANGPING_HEALTH.highTech - named('high_tech'));
  const giants = [...overlap(highTech, 10), ...take(CHANGPING_HEALTH.srdiGiant - named('srdi_little_giant') - 10)];
  const municipal = [...overlap(highTech.filter((c) => !giants.includes(c)), 60), ...take(CHANGPING_HEALTH.srdiMunicipal - 60)];
  const unicorns = take(CHANGPING_HEALTH.unicorn);
  const potential = take(CHANGPING_HEALTH.potentialUnicorn);
  const listed = [...overlap(highTech, 10), ...take(CHANGPING_HEALTH.listed - named('listed') - 10)];

  const certNo = (prefix: string, year: number) => `${prefix}${year}11${String(rng.int(0, 999999)).padStart(6, '0')}`;
  for (const code of highTech) {
    // Certificates last three years; about one in twelve ends within the next 90 days.
    const endsSoon = rng.next() < 1 / 12;
    const validTo = endsSoon ? addDays(today, rng.int(5, 85)) : addDays(today, rng.int(120, 1000));
    const validFrom = addDays(addYears(validTo, -3), 1);
    quals.push({ creditCode: code, kind: 'high_tech', certificateNo: certNo('GR', Number(validFrom.slice(0, 4))), validFrom, validTo });
  }
  // Some companies lost the status: an expired certificate, which does not count.
  for (const code of take(40)) {
    const validTo = addDays(today, -rng.int(30, 700));
    quals.push({ creditCode: code, kind: 'high_tech', certificateNo: certNo('GR', Number(validTo.slice(0, 4)) - 3), validFrom: addDays(addYears(validTo, -3), 1), validTo });
  }
  for (const code of giants) {
    const validFrom = addDays(today, -rng.int(100, 900));
    quals.push({ creditCode: code, kind: 'srdi_little_giant', certificateNo: null, validFrom, validTo: addDays(addYears(validFrom, 3), -1) });
  }
  for (const code of municipal) {
    const validFrom = addDays(today, -rng.int(30, 1000));
    quals.push({ creditCode: code, kind: 'srdi_municipal', certificateNo: null, validFrom, validTo: addDays(addYears(validFrom, 3), -1) });
  }
  for (const code of unicorns) quals.push({ creditCode: code, kind: 'unicorn', validFrom: addDays(today, -rng.int(200, 1500)), validTo: null });
  for (const code of potential) quals.push({ creditCode: code, kind: 'potential_unicorn', validFrom: addDays(today, -rng.int(100, 700)), validTo: null });
  const exchanges = [['上交所科创板', '688'], ['深交所创业板', '300'], ['港交所', '0'], ['北交所', '83']] as const;
  for (const code of listed) {
    const [exchange, prefix] = rng.pick(exchanges);
    quals.push({ creditCode: code, kind: 'listed', exchange, ticker: `${prefix}${String(rng.int(1, 999)).padStart(prefix === '0' ? 4 : 3, '0')}`, validFrom: addDays(today, -rng.int(200, 3000)), validTo: null });
  }
  for (const o of NAMED_ORGS) {
    for (const q of o.quals ?? []) {
      const validFrom = q.since ?? addDays(today, -rng.int(200, 800));
      quals.push({
        creditCode: creditCode(o.stem),
        kind: q.kind,
        certificateNo: q.kind === 'high_tech' ? certNo('GR', Number(validFrom.slice(0, 4))) : null,
        validFrom,
        validTo: q.kind === 'listed' ? null : addDays(addYears(validFrom, 3), -1),
        exchange: q.exchange ?? null,
        ticker: q.ticker ?? null,
      });
    }
  }

  // Other zones' enterprises.
  for (const g of OTHER) {
    for (let i = 0; i < g.n; i++) {
      const code = generatedCode(rng, REGION[g.zone]!, used);
      orgs.push({
        creditCode: code,
        nameZh: uniqueName(g.core),
        type: 'enterprise',
        zoneCode: g.zone,
        industryCode: g.industry,
        priorityField: g.field,
        foundedOn: `${rng.int(2000, thisYear - 1)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        description: `${g.keywords.join('、')}领域的创新型企业（演示数据）。`,
        keywords: g.keywords,
      });
      if (rng.next() < 0.35) {
        const validFrom = addDays(today, -rng.int(30, 1000));
        quals.push({ creditCode: code, kind: 'high_tech', certificateNo: certNo('GR', Number(validFrom.slice(0, 4))), validFrom, validTo: addDays(addYears(validFrom, 3), -1) });
      }
      if (rng.next() < 0.12) quals.push({ creditCode: code, kind: 'tech_sme', validFrom: addDays(today, -rng.int(10, 300)), validTo: `${thisYear}-12-31` });
    }
  }

  // Annual figures from 2022 to last year; the Changping health industry's 2022 revenue is 80 billion yuan.
  const enterpriseCodes = [...healthCodes, ...orgs.filter((o) => !healthCodes.includes(o.creditCode)).map((o) => o.creditCode)];
  const weights = healthCodes.map((_, i) => (i < 2 ? 400 : i < namedHealth.length ? 60 : rng.heavy()));
  const base2022 = apportion(CHANGPING_HEALTH.revenue2022Fen, weights);
  const revenue = new Map<string, number>();
  healthCodes.forEach((c, i) => revenue.set(c, base2022[i]!));
  for (const c of enterpriseCodes) if (!revenue.has(c)) revenue.set(c, Math.round(rng.heavy() * 3_000_000_00));
  for (const code of enterpriseCodes) {
    let rev = revenue.get(code)!;
    for (let year = 2022; year < thisYear; year++) {
      if (year > 2022) rev = Math.round((rev * rng.int(96, 124)) / 100);
      const yuanPerEmployee = rng.int(600_000, 1_600_000);
      const employees = Math.max(5, Math.round(rev / 100 / yuanPerEmployee));
      const rdStaff = Math.round((employees * rng.int(15, 45)) / 100);
      const applied = Math.round(rdStaff * rng.int(5, 30) / 100);
      figures.push({
        creditCode: code,
        year,
        revenueFen: rev,
        rdExpenditureFen: Math.round((rev * rng.int(6, 28)) / 100),
        employees,
        rdStaff,
        patentsApplied: applied,
        patentsGranted: Math.round((applied * rng.int(30, 80)) / 100),
        taxPaidFen: Math.round((rev * rng.int(2, 7)) / 100),
      });
    }
  }

  const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
  const GIVEN = ['建国', '晓明', '文静', '海涛', '丽华', '志强', '雪梅', '振华', '思远', '婉清', '立新', '晨曦', '明哲', '雅琴', '国栋', '静怡'];
  const PEOPLE_AT: { stem: string; fields: string[] }[] = [
    { stem: '12110114MB0000006', fields: ['生命科学', '药物发现'] },
    { stem: '12110114MB0000007', fields: ['细胞生物学', '分子生物学'] },
    { stem: '12110114MB0000008', fields: ['脑科学', '神经环路', '类脑智能'] },
    { stem: '12110114MB0000009', fields: ['蛋白质组学', '结构生物学'] },
    { stem: '12100000MB0000012', fields: ['化学生物学', '医学'] },
    { stem: '12100000MB0000013', fields: ['人工智能', '生物医学工程'] },
  ];
  const people: BulkLoad['people'] = [];
  const personNames = new Set<string>();
  for (const at of PEOPLE_AT) {
    for (let i = 0; i < 6; i++) {
      let name: string;
      do name = rng.pick(SURNAMES) + rng.pick(GIVEN);
      while (personNames.has(name));
      personNames.add(name);
      people.push({ creditCode: creditCode(at.stem), nameZh: name, title: rng.pick(['研究员', '教授', '副研究员', '高级工程师', '特聘研究员']), fields: [rng.pick(at.fields), rng.pick(at.fields)].filter((v, k, a) => a.indexOf(v) === k), bio: '（演示数据）' });
    }
  }

  return { organizations: orgs, qualifications: quals, figures, people, named: NAMED_ORGS };
}

export const namedCreditCode = creditCode;
