import type { UserWithRoles } from '../platform/auth/auth.service.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import { shanghaiDate } from '../platform/calendar/index.ts';
import type { ExpertInput } from '../modules/experts/index.ts';
import type { PriorityField } from '../modules/registry/index.ts';
import type { Services } from '../services.ts';
import { DEMO_PASSWORD } from './demo-accounts.ts';

/** An ORCID iD with its ISO 7064 11,2 check digit, from 15 digits. */
export function orcidFrom(digits15: string): string {
  let total = 0;
  for (const d of digits15) total = (total + Number(d)) * 2;
  const r = (12 - (total % 11)) % 11;
  const all = digits15 + (r === 10 ? 'X' : String(r));
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12)}`;
}

type Pub = [yearsAgo: number, title: string, coauthors: string[]];
type Stint = [organization: string, fromYearsAgo: number, toYearsAgo: number | null];
type Decl = { kind: ExpertInput['declarations'][number]['kind']; person?: string; org?: string; note: string };

interface DemoExpert {
  name: string;
  /** A named organisation of the demo registry, or null for one outside it (hospitals). */
  org: string | null;
  affiliation: string;
  title: string;
  fields: PriorityField[];
  keywords: string[];
  bio: string;
  orcid?: string;
  maxLoad: number;
  /** Unavailable: for this many months, or open-ended (0). */
  away?: number;
  pubs: Pub[];
  history: Stint[];
  decl?: Decl[];
  account?: string;
}

// Fictitious experts of a life-science innovation centre in Changping. Some co-authors and declared
// relationships name PIs and team members of the demo applications (周晓, 吴磊, 郑涛, 孙悦, their
// 博 deputies and 刘敏), and some experts work or worked at the applicants, so the conflict rules find
// something to explain in every challenge that reaches the review.
const EXPERTS: DemoExpert[] = [
  { name: '陈静', org: '清华大学', affiliation: '清华大学 药学院', title: '副教授', fields: ['ai', 'pharma_health'], keywords: ['AI 药物设计', '分子生成', '图神经网络'], bio: '从事人工智能驱动的药物发现研究，发展基于 diffusion model 与 GNN 的分子生成和性质预测方法。', orcid: orcidFrom('000000021234560'), maxLoad: 5, pubs: [[1, '基于扩散模型的分子生成方法综述', ['周晓', '李航']], [3, 'Graph neural networks for kinase selectivity prediction', ['宋佳', '马骏']], [5, '药物-靶点相互作用预测的深度学习基准', ['高翔']]], history: [['清华大学', 6, null], ['北京大学', 10, 6]], account: 'expert@demo.kechuang.cn' },
  { name: '李建国', org: '北京生命科学研究所', affiliation: '北京生命科学研究所 结构生物学中心', title: '研究员', fields: ['pharma_health'], keywords: ['结构生物学', 'Cryo-EM', '膜蛋白'], bio: '长期从事膜转运蛋白结构与功能研究，建立了多套冷冻电镜（cryo-EM）样品制备流程。', orcid: orcidFrom('000000031478520'), maxLoad: 6, pubs: [[2, '人源葡萄糖转运蛋白的冷冻电镜结构', ['王璐', '赵鹏']], [4, 'Structural basis of drug efflux by ABC transporters', ['谢雨']], [7, '膜蛋白纳米盘重组技术', ['王璐']]], history: [['北京生命科学研究所', 12, null]] },
  { name: '张丽华', org: '北京脑科学与类脑研究所', affiliation: '北京脑科学与类脑研究所 神经环路研究部', title: '研究员', fields: ['brain_science'], keywords: ['神经环路', '光遗传学', '双光子成像'], bio: '研究情绪与记忆相关的神经环路，擅长光遗传（optogenetics）和在体双光子成像。', orcid: orcidFrom('000000027788990'), maxLoad: 4, pubs: [[2, '前额叶-杏仁核环路调控恐惧记忆消退', ['孙悦', '姜涛']], [5, 'Chronic two-photon imaging in freely moving mice', ['刘志强']]], history: [['北京脑科学与类脑研究所', 5, null], ['北京大学', 11, 5]] },
  { name: '刘志强', org: '北京大学', affiliation: '北京大学 工学院 生物医学工程系', title: '教授', fields: ['new_materials', 'brain_science'], keywords: ['柔性电子', '神经电极', '脑机接口'], bio: '研究超柔性神经电极与植入式脑机接口（BCI）器件，关注长期植入的生物相容性。', orcid: orcidFrom('000000016655443'), maxLoad: 6, pubs: [[1, '超柔性高密度神经电极的长期植入稳定性', ['刘敏', '杨帆']], [3, 'Mesh electronics for chronic neural recording', ['张丽华', '罗静怡']], [6, '柔性电极的聚酰亚胺封装工艺', ['吴晓明']]], history: [['北京大学', 9, null]] },
  { name: '王海燕', org: '国家蛋白质科学中心（北京）', affiliation: '国家蛋白质科学中心（北京） 蛋白质组学平台', title: '研究员', fields: ['pharma_health'], keywords: ['蛋白质组学', '质谱', '生物标志物'], bio: '负责大型质谱平台的开放共享，研究肿瘤蛋白质组和血液生物标志物（biomarker）。', orcid: orcidFrom('000000034455667'), maxLoad: 8, pubs: [[2, '肝癌蛋白质组分型与预后标志物', ['何伟', '谢雨']], [4, 'Data-independent acquisition for plasma proteomics', ['冯雅琴']]], history: [['国家蛋白质科学中心（北京）', 10, null]] },
  { name: '赵鹏', org: '昌平实验室', affiliation: '昌平实验室 免疫学研究部', title: '研究员', fields: ['pharma_health'], keywords: ['抗体工程', '免疫学', '双特异性抗体'], bio: '从事治疗性抗体和双特异性抗体（bispecific antibody）的发现与工程化改造。', maxLoad: 5, pubs: [[2, '双特异性抗体的可开发性评估体系', ['袁野']], [5, '人源葡萄糖转运蛋白抗体表位分析', ['李建国']]], history: [['昌平实验室', 3, null], ['北京生命科学研究所', 9, 3]], account: 'zhaopeng@demo.kechuang.cn' },
  { name: '孙建平', org: '北京航空航天大学', affiliation: '北京航空航天大学 生物与医学工程学院', title: '教授', fields: ['brain_science', 'new_materials'], keywords: ['神经调控', '脑深部电刺激', '医疗器械注册'], bio: '曾在企业主持植入式神经刺激器研发和注册检验，现从事闭环神经调控（closed-loop DBS）研究。', orcid: orcidFrom('000000025566778'), maxLoad: 4, pubs: [[2, '闭环脑深部电刺激的感知-刺激一体化设计', ['郑博', '郭红']], [6, '植入式脉冲发生器的电磁兼容测试', ['曾凡']]], history: [['北京航空航天大学', 2, null], ['北京品驰医疗设备有限公司', 9, 2]] },
  { name: '周立新', org: '清华大学', affiliation: '清华大学 医学院 生物医学工程系', title: '教授', fields: ['brain_science', 'ai'], keywords: ['脑机接口', '神经解码', '癫痫'], bio: '研究侵入式与非侵入式脑机接口的神经解码算法，开展癫痫患者颅内电极的临床研究。', orcid: orcidFrom('000000019988776'), maxLoad: 5, pubs: [[2, '颅内脑电的实时运动意图解码', ['唐文', '马骏']], [4, 'Adaptive decoders for long-term BCI use', ['彭涛']]], history: [['清华大学', 15, null]], decl: [{ kind: 'advisor', person: '郑涛', note: '郑涛博士研究生阶段的导师' }] },
  { name: '吴晓明', org: '北京化工大学', affiliation: '北京化工大学 材料科学与工程学院', title: '教授', fields: ['new_materials'], keywords: ['生物医用高分子', '封装材料', '聚酰亚胺'], bio: '研究植入器械用高分子封装材料及其长期老化评价。', maxLoad: 6, pubs: [[3, '植入器械聚酰亚胺封装层的加速老化评价', ['刘志强']], [6, '医用硅橡胶的表面改性', ['杜娟']]], history: [['北京化工大学', 14, null]] },
  { name: '郭红', org: null, affiliation: '北京清华长庚医院 神经外科', title: '主任医师', fields: ['brain_science', 'pharma_health'], keywords: ['脑深部电刺激', '帕金森病', '功能神经外科'], bio: '功能神经外科医生，完成脑深部电刺激（DBS）手术千余例，参与多项国产神经调控器械的临床试验。', maxLoad: 3, pubs: [[2, '国产脑起搏器治疗帕金森病的五年随访', ['孙建平']], [4, '脑深部电刺激术后程控策略', ['唐文']]], history: [['北京清华长庚医院', 8, null]] },
  { name: '何伟', org: null, affiliation: '北京大学第三医院 肿瘤化疗与放射病科', title: '主任医师', fields: ['pharma_health'], keywords: ['肿瘤内科', '临床试验', '靶向治疗'], bio: '长期从事肿瘤内科临床与新药临床试验（GCP），担任多项 I 期临床试验主要研究者。', maxLoad: 4, away: 3, pubs: [[1, 'BTK 抑制剂治疗复发难治淋巴瘤的真实世界研究', ['宋佳']], [3, '肝癌蛋白质组分型的临床验证', ['王海燕']]], history: [['北京大学第三医院', 16, null]] },
  { name: '高翔', org: '中关村实验室', affiliation: '中关村实验室 数据安全研究中心', title: '研究员', fields: ['next_gen_it', 'ai'], keywords: ['医疗数据安全', '隐私计算', '联邦学习'], bio: '研究医疗数据的隐私计算与联邦学习（federated learning）平台。', orcid: orcidFrom('000000022211334'), maxLoad: 5, pubs: [[2, '多中心医疗数据联邦学习平台', ['马骏', '潘伟']], [5, '药物-靶点相互作用预测的深度学习基准', ['陈静']]], history: [['中关村实验室', 3, null], ['北京邮电大学', 10, 3]] },
  { name: '林晓燕', org: '博奥生物集团有限公司', affiliation: '博奥生物集团有限公司 生物芯片北京国家工程研究中心', title: '高级工程师', fields: ['pharma_health'], keywords: ['生物芯片', '微流控', '分子诊断'], bio: '从事生物芯片与微流控（microfluidics）诊断系统的工程化开发。', maxLoad: 6, pubs: [[2, '数字 PCR 微流控芯片的批量制造工艺', ['彭涛']], [4, '单细胞捕获芯片的流道优化', ['冯雅琴']]], history: [['博奥生物集团有限公司', 11, null]] },
  { name: '马骏', org: '北京邮电大学', affiliation: '北京邮电大学 人工智能学院', title: '教授', fields: ['ai'], keywords: ['医学影像', '深度学习', '大模型'], bio: '研究医学影像分析与医疗大模型（LLM）的可信评估。', orcid: orcidFrom('000000037766554'), maxLoad: 7, pubs: [[1, '医疗大模型的幻觉评估基准', ['高翔']], [2, '颅内脑电的实时运动意图解码', ['周立新']]], history: [['北京邮电大学', 12, null]] },
  { name: '罗静怡', org: '北京航空航天大学', affiliation: '北京航空航天大学 仪器科学与光电工程学院', title: '教授', fields: ['new_materials', 'next_gen_it'], keywords: ['微纳加工', 'MEMS', '传感器'], bio: '研究 MEMS 传感器与微纳加工工艺，建有校级微纳加工平台。', maxLoad: 5, pubs: [[3, 'Mesh electronics for chronic neural recording', ['刘志强']], [5, '硅基微针阵列的深反应离子刻蚀', ['杜娟']]], history: [['北京航空航天大学', 13, null]] },
  { name: '梁晨', org: '北京生命科学研究所', affiliation: '北京生命科学研究所 化学生物学中心', title: '研究员', fields: ['pharma_health'], keywords: ['化学生物学', '小分子探针', '靶点发现'], bio: '发展化学蛋白质组学方法，用小分子探针发现新的药物靶点（target identification）。', orcid: orcidFrom('000000018877665'), maxLoad: 4, away: 4, pubs: [[2, '共价小分子探针的靶点鉴定', ['宋佳']], [4, '光亲和标记的化学蛋白质组学', ['王海燕']]], history: [['北京生命科学研究所', 7, null]] },
  { name: '宋佳', org: '北京大学', affiliation: '北京大学 药学院 药物化学系', title: '教授', fields: ['pharma_health'], keywords: ['药物化学', '激酶抑制剂', '构效关系'], bio: '从事激酶抑制剂的药物化学研究，多个候选化合物进入临床。', orcid: orcidFrom('000000026644221'), maxLoad: 5, pubs: [[2, '共价小分子探针的靶点鉴定', ['梁晨']], [3, 'Graph neural networks for kinase selectivity prediction', ['陈静']]], history: [['北京大学', 14, null]], decl: [{ kind: 'other', org: '北京诺诚健华医药科技有限公司', note: '曾担任该公司科学顾问委员会成员' }], account: 'songjia@demo.kechuang.cn' },
  { name: '唐文', org: null, affiliation: '首都医科大学宣武医院 神经内科', title: '主任医师', fields: ['brain_science'], keywords: ['癫痫', '神经调控', '颅内脑电'], bio: '神经内科医生，研究难治性癫痫的评估与神经调控治疗。', maxLoad: 3, pubs: [[2, '颅内脑电的实时运动意图解码', ['周立新']], [4, '脑深部电刺激术后程控策略', ['郭红']]], history: [['首都医科大学宣武医院', 18, null]] },
  { name: '韩磊', org: '怀柔实验室', affiliation: '怀柔实验室 储能研究部', title: '研究员', fields: ['clean_energy', 'new_materials'], keywords: ['储能', '固态电池', '植入式电源'], bio: '研究固态电池与微型储能器件，兼顾植入式医疗器械的微型电源。', maxLoad: 4, pubs: [[2, '植入式器件用微型固态电池', ['曾凡']], [5, '硫化物固态电解质界面稳定性', ['曹雪']]], history: [['怀柔实验室', 4, null], ['清华大学', 12, 4]] },
  { name: '曹雪', org: '中国矿业大学（北京）', affiliation: '中国矿业大学（北京） 化学与环境工程学院', title: '副教授', fields: ['clean_energy'], keywords: ['电化学', '电解质', '材料表征'], bio: '研究电化学储能材料的表征方法。', maxLoad: 3, away: 0, pubs: [[5, '硫化物固态电解质界面稳定性', ['韩磊']], [7, '原位拉曼表征锂沉积', []]], history: [['中国矿业大学（北京）', 8, null]] },
  { name: '许明', org: '北京同仁堂股份有限公司', affiliation: '北京同仁堂股份有限公司 研究院', title: '主任药师', fields: ['pharma_health'], keywords: ['中药质量控制', '指纹图谱', '中成药'], bio: '从事中成药质量标准与指纹图谱研究。', maxLoad: 5, pubs: [[2, '安宫牛黄丸的多成分质量控制', []], [4, '中成药指纹图谱的化学计量学评价', ['杜娟']]], history: [['北京同仁堂股份有限公司', 20, null]] },
  { name: '邓超', org: '昌平实验室', affiliation: '昌平实验室 转化医学研究部', title: '研究员', fields: ['pharma_health', 'ai'], keywords: ['转化医学', '肿瘤免疫', '生物信息学'], bio: '曾在创新药企业负责早期研发，现从事肿瘤免疫的转化研究。', orcid: orcidFrom('000000035544332'), maxLoad: 6, pubs: [[2, '肿瘤免疫微环境的单细胞图谱', ['冯雅琴', '周博']], [5, '双特异性抗体的可开发性评估体系', ['赵鹏']]], history: [['昌平实验室', 1, null], ['百济神州（北京）生物科技有限公司', 7, 1]], account: 'dengchao@demo.kechuang.cn' },
  { name: '冯雅琴', org: '北京大学', affiliation: '北京大学 生命科学学院', title: '教授', fields: ['pharma_health'], keywords: ['单细胞测序', '基因组学', 'scRNA-seq'], bio: '发展单细胞测序（scRNA-seq）技术，研究肿瘤与免疫细胞的异质性。', orcid: orcidFrom('000000014433221'), maxLoad: 6, pubs: [[2, '肿瘤免疫微环境的单细胞图谱', ['邓超', '周博']], [4, '单细胞捕获芯片的流道优化', ['林晓燕']]], history: [['北京大学', 12, null]] },
  { name: '彭涛', org: '清华大学', affiliation: '清华大学 精密仪器系', title: '教授', fields: ['next_gen_it', 'new_materials'], keywords: ['光学成像', '显微仪器', '国产化仪器'], bio: '研制高端光学显微与测序仪光学模块，推动科研仪器国产化。', maxLoad: 5, pubs: [[2, '数字 PCR 微流控芯片的批量制造工艺', ['林晓燕']], [4, 'Adaptive decoders for long-term BCI use', ['周立新']]], history: [['清华大学', 16, null]] },
  { name: '曾凡', org: '北京航空航天大学', affiliation: '北京航空航天大学 生物与医学工程学院', title: '副教授', fields: ['brain_science'], keywords: ['植入式医疗器械', '无线供能', '生物相容性'], bio: '研究植入式器械的无线供能与生物相容性评价。', maxLoad: 4, pubs: [[2, '植入式器件用微型固态电池', ['韩磊']], [3, '植入式脉冲发生器的无线充电', ['孙建平']]], history: [['北京航空航天大学', 6, null]] },
  { name: '谢雨', org: '国家蛋白质科学中心（北京）', affiliation: '国家蛋白质科学中心（北京） 结构计算组', title: '副研究员', fields: ['pharma_health', 'ai'], keywords: ['蛋白质结构预测', 'AlphaFold', '分子动力学'], bio: '研究蛋白质结构预测（AlphaFold）与分子动力学模拟在药物设计中的应用。', orcid: orcidFrom('000000023322110'), maxLoad: 6, pubs: [[1, '结构预测辅助的变构口袋发现', ['李建国']], [2, '肝癌蛋白质组分型与预后标志物', ['王海燕']]], history: [['国家蛋白质科学中心（北京）', 5, null]], account: 'xieyu@demo.kechuang.cn' },
  { name: '潘伟', org: '北京邮电大学', affiliation: '北京邮电大学 电子工程学院', title: '教授', fields: ['next_gen_it'], keywords: ['医疗物联网', '可穿戴设备', '低功耗通信'], bio: '研究医疗物联网与可穿戴设备的低功耗通信。', maxLoad: 5, pubs: [[2, '多中心医疗数据联邦学习平台', ['高翔']], [4, '植入式设备的体内无线通信信道', ['曾凡']]], history: [['北京邮电大学', 15, null]] },
  { name: '杜娟', org: '北京大学', affiliation: '北京大学 化学与分子工程学院', title: '研究员', fields: ['new_materials', 'pharma_health'], keywords: ['纳米材料', '生物传感', '电化学检测'], bio: '研究纳米材料生物传感器与即时检测（POCT）。', maxLoad: 5, pubs: [[3, '纳米酶电化学传感器', ['吴晓明']], [5, '硅基微针阵列的深反应离子刻蚀', ['罗静怡']]], history: [['北京大学', 9, null]] },
  { name: '袁野', org: '昌平实验室', affiliation: '昌平实验室 病毒学研究部', title: '研究员', fields: ['pharma_health'], keywords: ['病毒学', '疫苗', '中和抗体'], bio: '从事呼吸道病毒的疫苗与中和抗体研究。', maxLoad: 4, pubs: [[2, '广谱中和抗体的表位设计', ['赵鹏']], [4, 'mRNA 疫苗递送系统的稳定性', []]], history: [['昌平实验室', 3, null], ['北京生命科学研究所', 10, 3]] },
  { name: '姜涛', org: '北京生命科学研究所', affiliation: '北京生命科学研究所 神经科学中心', title: '研究员', fields: ['brain_science'], keywords: ['睡眠', '神经科学', '小鼠行为学'], bio: '研究睡眠调控的分子与神经环路机制。', orcid: orcidFrom('000000031122334'), maxLoad: 5, pubs: [[2, '前额叶-杏仁核环路调控恐惧记忆消退', ['张丽华']], [6, '睡眠稳态的突触机制', []]], history: [['北京生命科学研究所', 8, null]], decl: [{ kind: 'student', person: '吴磊', note: '吴磊曾在本人实验室攻读博士学位' }] },
];

/** The demo expert pool; the demo account expert@demo.kechuang.cn is 陈静's. */
export async function seedDemoExperts(services: Services, tenantId: string, orgIds: Map<string, string>, accounts: Map<string, UserWithRoles>): Promise<void> {
  const ctx: CommandContext = { tenantId, actorUserId: null, actorLabel: 'system:seed', requestId: null };
  const today = shanghaiDate(services.clock.now());
  const year = Number(today.slice(0, 4));
  const yearsAgo = (n: number) => `${year - n}-${n === 0 ? today.slice(5) : '09-01'}`;
  const monthsAhead = (n: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + n);
    return d.toISOString().slice(0, 10);
  };
  const orgId = (name: string | null | undefined) => (name ? (orgIds.get(name) ?? null) : null);
  // Panel members of the demo's open review round score online, so they sign in with accounts of their own.
  for (const [i, e] of EXPERTS.filter((x) => x.account && !accounts.has(x.account)).entries()) {
    const user = await services.auth.createUser(ctx, { email: e.account!, mobile: `1380000${String(101 + i).padStart(4, '0')}`, displayName: e.name, password: DEMO_PASSWORD, roles: ['expert'], organizationId: null }, 'seed');
    accounts.set(e.account!, user);
  }
  for (const e of EXPERTS) {
    await services.experts.create(ctx, {
      name: e.name,
      userId: e.account ? (accounts.get(e.account)?.id ?? null) : null,
      organizationId: orgId(e.org),
      affiliation: e.affiliation,
      title: e.title,
      fields: e.fields,
      keywords: e.keywords,
      biography: e.bio,
      orcid: e.orcid ?? null,
      availability: e.away === undefined ? 'available' : 'unavailable',
      unavailableUntil: e.away ? monthsAhead(e.away) : null,
      maxLoad: e.maxLoad,
      affiliations: e.history.map(([org, from, to]) => ({ organizationId: orgId(org), organizationName: org, fromDate: yearsAgo(from), toDate: to === null ? null : yearsAgo(to) })),
      publications: e.pubs.map(([ago, title, coauthors]) => ({ title, year: year - ago, coauthors: coauthors.map((name) => ({ name, expertId: null })) })),
      declarations: (e.decl ?? []).map((d) => ({ kind: d.kind, personName: d.person ?? null, organizationId: orgId(d.org), organizationName: d.org ?? null, note: d.note })),
    });
  }
}
