import { addCalendarDays, shanghaiDate } from '../platform/calendar/index.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import type { ItemInput, ProjectCategory } from '../modules/projects/index.ts';
import type { Services } from '../services.ts';

/**
 * Demo key-project list of Changping (清单化管理): forty items drawn from the public facts of PRODUCT.md —
 * phase III of the Zhongguancun Life Science Park, the Changping institutes and platforms, the named
 * companies, the forum's signed projects. Plans are relative to today, so red, amber, green and done all
 * occur whenever the demo is seeded; a baseline taken before a re-plan shows slippage.
 */
type Shape = 'done' | 'green' | 'soon' | 'late' | 'behind' | 'red' | 'missed';

interface DemoItem {
  name: string;
  nameEn: string;
  category: ProjectCategory;
  unit: string;
  person: string;
  shape: Shape;
  yi?: number;
  milestones: [string, string, string];
  kpi?: [name: string, unit: string, start: number, target: number];
}

const I = (name: string, nameEn: string, category: ProjectCategory, unit: string, person: string, shape: Shape, milestones: [string, string, string], kpi?: DemoItem['kpi'], yi?: number): DemoItem => ({ name, nameEn, category, unit, person, shape, milestones, ...(kpi ? { kpi } : {}), ...(yi !== undefined ? { yi } : {}) });

const ITEMS: DemoItem[] = [
  I('中关村生命科学园三期建设', 'Zhongguancun Life Science Park phase III', 'construction', '昌平区重点工程建设管理中心', '王建国', 'late', ['完成土地一级开发', '主体结构封顶', '竣工验收'], ['新增科研及产业空间', '万平方米', 0, 36], 85),
  I('生命科学园三期市政道路及管网配套', 'Park phase III roads and utilities', 'construction', '昌平区住房和城乡建设委员会', '刘志强', 'red', ['管线迁改完成', '道路主体贯通', '市政配套验收'], undefined, 12.6),
  I('昌平实验室科研用房建设', 'Changping Laboratory research buildings', 'construction', '昌平实验室', '陈立新', 'green', ['方案设计批复', '主体结构封顶', '投入使用'], ['建成实验用房', '万平方米', 0, 18], 42),
  I('北京生命科学研究所新园区建设', 'NIBS new campus', 'construction', '北京生命科学研究所', '周文博', 'soon', ['地下结构完成', '幕墙安装完成', '竣工验收'], undefined, 26),
  I('北京脑科学与类脑研究所二期实验楼', 'CIBR phase II laboratory building', 'construction', '北京脑科学与类脑研究所', '孙悦', 'green', ['施工许可取得', '主体结构封顶', '竣工验收'], undefined, 18.5),
  I('国家蛋白质科学中心大型仪器开放共享提升', 'NCPS instrument sharing upgrade', 'platform', '国家蛋白质科学中心（北京）', '李华', 'behind', ['共享管理系统上线', '新增质谱设备验收', '年度开放评价'], ['对外开放机时', '小时', 0, 20000], 3.2),
  I('生命谷国际精准医学产业园', 'Life Valley precision-medicine park', 'industry', '未来科学城管理委员会', '赵海峰', 'green', ['一期厂房交付', '首批企业入驻', '二期开工'], ['入驻企业', '家', 0, 60], 38),
  I('药品医疗器械创新服务站能力提升', 'Drug and device innovation service station', 'service', '昌平区市场监督管理局', '马丽', 'done', ['服务站揭牌运行', '开通审评预沟通通道', '年度服务评估'], ['提供前置咨询服务', '次', 0, 300]),
  I('实验动物公共服务平台扩容', 'Laboratory-animal platform expansion', 'platform', '昌平区科学技术委员会', '郭伟', 'soon', ['SPF级设施改造', '新增饲养笼位验收', '通过AAALAC认证'], ['饲养笼位', '个', 8000, 15000], 2.8),
  I('CMO/CDMO公共服务平台建设', 'CMO/CDMO public platform', 'platform', '北京生命谷生物医药发展有限公司', '黄晓东', 'red', ['GMP车间建成', '工艺验证完成', '对外承接订单'], ['服务企业', '家', 0, 40], 9.5),
  I('药物筛选与评价公共技术平台', 'Drug screening and evaluation platform', 'platform', '昌平实验室', '杨帆', 'green', ['高通量筛选线安装', '方法学验证', '开放服务'], ['完成化合物筛选', '万个', 0, 50]),
  I('生物芯片国家工程研究中心能力提升', 'National biochip engineering centre upgrade', 'research', '博奥生物集团有限公司', '李强', 'done', ['芯片产线改造', '新产品注册申报', '产业化验证'], ['新增注册证', '项', 0, 3]),
  I('百济神州昌平创新药研发中心扩建', 'BeiGene Changping R&D centre expansion', 'industry', '百济神州（北京）生物科技有限公司', '周晓', 'green', ['研发楼主体完工', '实验室装修', '投入使用'], ['新增研发人员', '人', 0, 400], 15),
  I('诺诚健华新药研发及产业化基地', 'InnoCare R&D and manufacturing base', 'industry', '北京诺诚健华医药科技有限公司', '吴磊', 'late', ['厂房封顶', '设备安装调试', 'GMP符合性检查'], undefined, 11),
  I('品驰医疗脑起搏器产业化二期', 'PINS neuromodulation devices phase II', 'industry', '北京品驰医疗设备有限公司', '郑涛', 'green', ['洁净车间改造', '新产线验证', '达产'], ['年产能', '台', 5000, 12000], 6.5),
  I('同仁堂经典名方中药新药研究', 'Tong Ren Tang classical-formula new drugs', 'research', '北京同仁堂股份有限公司', '刘敏', 'behind', ['完成药学研究', '提交临床试验申请', '获得临床批件'], ['完成新药申报', '个', 0, 4]),
  I('施普林格·自然科研服务中心落地', 'Springer Nature research-services centre', 'industry', '昌平区投资促进服务中心', '王宁', 'done', ['签约', '注册落地', '正式运营'], undefined),
  I('2023生命科学国际论坛签约项目落地', 'Forum 2023 signed projects landing', 'industry', '昌平区投资促进服务中心', '王宁', 'behind', ['完成项目注册', '首批项目开工', '全部项目落地'], ['落地项目', '个', 0, 12]),
  I('科学家创业企业孵化器', 'Scientist-founder incubator', 'talent', '中关村生命科学园发展有限责任公司', '何静', 'green', ['孵化器改造', '首批团队入孵', '年度考核'], ['累计科学家创办企业', '家', 80, 110]),
  I('专精特新企业梯度培育', 'Specialised-and-sophisticated SME pipeline', 'service', '昌平区经济和信息化局', '高原', 'green', ['发布培育名单', '开展专项辅导', '年度认定'], ['专精特新企业', '家', 133, 160]),
  I('国家高新技术企业倍增计划', 'High-tech enterprise doubling', 'service', '昌平区科学技术委员会', '郭伟', 'soon', ['政策宣讲', '申报辅导', '年度认定'], ['国家高新技术企业', '家', 269, 320]),
  I('独角兽及潜在独角兽企业培育', 'Unicorn pipeline', 'industry', '昌平区发展和改革委员会', '林涛', 'green', ['建立企业库', '一企一策服务', '年度评估'], ['独角兽及潜在独角兽企业', '家', 19, 24]),
  I('生物医药产业引导基金', 'Biomedicine guidance fund', 'industry', '昌平区财政局', '宋佳', 'missed', ['基金设立', '完成首期出资', '投资项目'], ['完成投资', '亿元', 0, 10], 20),
  I('能源谷氢能示范应用项目', 'Energy Valley hydrogen demonstration', 'research', '未来科学城管理委员会', '赵海峰', 'late', ['加氢站建成', '示范车辆投运', '示范评估'], ['示范车辆', '辆', 0, 200], 4.6),
  I('未来科学城能源谷综合能源站', 'Energy Valley integrated energy station', 'construction', '北京未来科学城发展集团有限公司', '田野', 'green', ['站房土建完成', '设备安装', '并网运行'], undefined, 7.2),
  I('北京化工大学科技成果转化基地', 'BUCT technology-transfer base', 'platform', '北京化工大学', '冯磊', 'green', ['基地挂牌', '成果对接会', '年度评估'], ['转化科技成果', '项', 0, 30]),
  I('高校院所协同创新平台', 'University–institute collaboration platform', 'platform', '昌平区科学技术委员会', '郭伟', 'done', ['签署合作协议', '联合实验室揭牌', '年度总结'], ['合作高校', '所', 0, 40]),
  I('高层次人才公寓建设', 'Housing for high-level researchers', 'construction', '昌平区住房和城乡建设委员会', '刘志强', 'soon', ['主体结构封顶', '精装修完成', '交付入住'], ['提供人才公寓', '套', 0, 600], 14),
  I('未来科学城国际人才社区', 'International talent community', 'talent', '未来科学城管理委员会', '赵海峰', 'green', ['社区规划批复', '国际学校开学', '社区运营'], undefined, 9),
  I('生命谷医疗器械检验检测中心', 'Medical-device testing centre', 'platform', '昌平区市场监督管理局', '马丽', 'red', ['实验室装修', '通过CMA资质认定', '对外服务'], ['检测项目', '项', 0, 120], 3.6),
  I('研究型医院临床试验能力建设', 'Clinical-trial capacity of the research hospital', 'service', '昌平区卫生健康委员会', '邓琳', 'green', ['GCP机构备案', '伦理委员会运行', '承接临床试验'], ['承接临床试验', '项', 0, 50]),
  I('生物安全三级实验室建设', 'BSL-3 laboratory', 'construction', '昌平实验室', '陈立新', 'late', ['设计审查', '工程验收', '通过国家认可'], undefined, 5.8),
  I('生命科学大数据中心', 'Life-science data centre', 'platform', '北京生命科学研究所', '周文博', 'green', ['机房建成', '数据平台上线', '开放共享'], ['存储容量', 'PB', 0, 100], 4.2),
  I('医学人工智能与机器人应用场景开放', 'Medical AI and robotics application scenarios', 'service', '昌平区经济和信息化局', '高原', 'done', ['征集场景需求', '发布场景清单', '完成对接'], ['发布应用场景', '个', 0, 20]),
  I('生物医药中试基地', 'Biomedicine pilot plant', 'platform', '北京生命谷生物医药发展有限公司', '黄晓东', 'soon', ['厂房改造', '中试线调试', '开放服务'], undefined, 6),
  I('人类遗传资源服务站', 'Human genetic resources service station', 'service', '昌平区科学技术委员会', '郭伟', 'green', ['服务站设立', '开展行政许可辅导', '年度评估'], ['辅导企业', '家', 0, 80]),
  I('生命谷展示中心', 'Life Valley exhibition centre', 'construction', '北京未来科学城发展集团有限公司', '田野', 'done', ['布展设计', '布展施工', '开馆'], undefined, 1.5),
  I('政策兑现“免申即享”服务平台', 'Proactive policy fulfilment platform', 'service', '昌平区政务服务管理局', '许晨', 'green', ['系统上线', '首批政策上平台', '年度兑现'], ['兑现政策资金', '万元', 0, 9000]),
  I('科研仪器设备共享服务网络', 'Shared instrument network', 'platform', '国家蛋白质科学中心（北京）', '李华', 'red', ['接入仪器', '统一预约上线', '年度考核'], ['接入大型仪器', '台', 0, 300]),
  I('昌平区健康产业集群规模提升', 'Changping health-industry cluster growth', 'industry', '昌平区发展和改革委员会', '林涛', 'green', ['发布产业规划', '重点项目签约', '年度统计'], ['健康产业规模', '亿元', 800, 1000]),
];

/** Milestones and KPI of one demo item, so that on `today` the rules give the wanted shape. */
function plan(d: DemoItem, today: string, i: number): Omit<ItemInput, 'code' | 'responsibleOrgId'> {
  const day = (n: number) => addCalendarDays(today, n);
  const start = day(-420 - (i % 5) * 30);
  const done = d.shape === 'done';
  const end = done ? day(-20 - i) : day(240 + (i % 7) * 45);
  const second: Record<Shape, number> = { done: -60, green: 75 + i, soon: 6 + (i % 5), late: -(8 + (i % 15)), behind: 90, red: -(45 + i), missed: 60 };
  const first = day(-300 + i);
  const milestones: ItemInput['milestones'] = [
    { name: d.milestones[0], plannedDate: first, actualDate: addCalendarDays(first, (i % 4) * 5) },
    { name: d.milestones[1], plannedDate: day(second[d.shape]), actualDate: done ? day(second.done + 3) : null },
    { name: d.milestones[2], plannedDate: end, actualDate: done ? end : null },
  ];
  const kpis: ItemInput['kpis'] = [];
  if (d.kpi) {
    const [name, unit, s, t] = d.kpi;
    const due = d.shape === 'missed' ? day(-25) : end;
    const share = Math.min(1, Math.max(0, (Date.parse(today) - Date.parse(start)) / (Date.parse(due) - Date.parse(start))));
    const got = done ? 1 : d.shape === 'behind' ? share * 0.6 : d.shape === 'missed' ? 0.55 : Math.min(1, share * 1.08);
    // Counts (enterprises, instruments, hours) are whole numbers; small targets keep one decimal.
    const raw = s + (t - s) * got;
    const actual = Math.abs(t - s) >= 20 ? Math.round(raw) : Math.round(raw * 10) / 10;
    kpis.push({ name, unit, startValue: s, target: t, actual, dueDate: due });
  }
  return {
    name: d.name,
    nameEn: d.nameEn,
    category: d.category,
    responsibleUnit: d.unit,
    responsiblePerson: d.person,
    contactPhone: `010-8974${String(1000 + i * 37).slice(-4)}`,
    startDate: start,
    endDate: end,
    budgetFen: d.yi === undefined ? null : Math.round(d.yi * 10_000) * 1_000_000,
    description: '（演示数据）',
    milestones,
    kpis,
  };
}

export async function seedDemoProjects(services: Services, ctx: CommandContext, orgIds: Map<string, string>): Promise<void> {
  const { projects, projectPlans } = services;
  const today = shanghaiDate(services.clock.now());
  const year = Number(today.slice(0, 4));
  const list = await projects.createList(ctx, {
    nameZh: `${year}年昌平区重点科技项目清单（演示）`,
    nameEn: `Changping key science projects ${year} (demo)`,
    ownerOffice: '昌平区科学技术委员会',
    year,
    description: '清单化管理、项目化推进：生命谷、能源谷与中关村生命科学园的重点建设、平台、产业与服务项目，按里程碑和考核指标自动计算红黄绿状态。（演示数据）',
  });
  const inputs = ITEMS.map((d, i): ItemInput => ({ code: `CP-${year}-${String(i + 1).padStart(3, '0')}`, responsibleOrgId: orgIds.get(d.unit) ?? null, ...plan(d, today, i) }));
  // The plan as it stood at the start of the year: the baseline. Five items were re-planned since.
  const replanned = new Map([2, 4, 13, 24, 27].map((i, k) => [i, 30 + k * 20]));
  const original = inputs.map((p, i) => {
    const slip = replanned.get(i);
    if (!slip) return p;
    const back = (d: string) => addCalendarDays(d, -slip);
    return { ...p, endDate: back(p.endDate), milestones: p.milestones.map((m, k) => (k === 0 || m.actualDate ? m : { ...m, plannedDate: back(m.plannedDate) })), kpis: p.kpis.map((k) => ({ ...k, target: k.target, dueDate: back(k.dueDate) })) };
  });
  const ids: string[] = [];
  for (const p of original) ids.push((await projects.createItem(ctx, list.id, p)).id);
  await projectPlans.createBaseline(ctx, list.id, '年初计划', `${year}年初区政府常务会审议通过的计划（演示）`);
  for (const i of replanned.keys()) await projects.updateItem(ctx, ids[i]!, inputs[i]!);
  // An officer's judgement against the rules, with the reason shown beside the status.
  await projects.overrideStatus(ctx, ids[1]!, 'amber', '管线迁改已由区住建委协调完毕，施工单位已恢复作业，预计两周内完成（演示）');
  await projects.publish(ctx, list.id, 'changping-key-projects');
}
