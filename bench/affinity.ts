// Text affinity (src/modules/review/affinity) at the size of a large call: 5,000 applications × 2,800 experts
// with synthetic but realistic Chinese, English and mixed texts, generated from a seeded vocabulary of
// life-science terms in 25 topics. Reports the time of each phase, CPU time and peak memory, then runs the
// straightforward all-pairs reference on a smaller instance next to the indexed computation, in the same run,
// and checks that they agree.
//   npx tsx bench/affinity.ts [--applications 5000] [--experts 2800] [--small-applications 500] [--small-experts 280] [--seed 1]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { scoreCorpus } from '../src/modules/review/affinity/affinity.ts';
import { analyseCorpus } from '../src/modules/review/affinity/corpus.ts';
import { computeAffinity, type AffinityDocument, type AffinityMatrix, type ExpertProfileText } from '../src/modules/review/affinity/index.ts';
import { referenceScores } from '../src/modules/review/affinity/reference.ts';
import { resolveOptions } from '../src/modules/review/affinity/types.ts';
import { fmt, machine, table } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    applications: { type: 'string', default: '5000' },
    experts: { type: 'string', default: '2800' },
    'small-applications': { type: 'string', default: '500' },
    'small-experts': { type: 'string', default: '280' },
    seed: { type: 'string', default: '1' },
  },
});
const log = (s: string) => process.stderr.write(s + '\n');

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// [Chinese, English] life-science terms. Topics draw from them; keywords also pair two of a topic's terms.
const TERMS: [string, string][] = [
  ['肿瘤免疫', 'tumor immunology'], ['免疫治疗', 'immunotherapy'], ['CAR-T细胞', 'CAR-T cells'], ['T细胞', 'T cells'],
  ['单细胞测序', 'single-cell sequencing'], ['转录组', 'transcriptome'], ['蛋白质组学', 'proteomics'], ['代谢组学', 'metabolomics'],
  ['基因编辑', 'gene editing'], ['CRISPR', 'CRISPR'], ['碱基编辑', 'base editing'], ['基因治疗', 'gene therapy'],
  ['干细胞', 'stem cells'], ['类器官', 'organoids'], ['组织工程', 'tissue engineering'], ['再生医学', 'regenerative medicine'],
  ['抗体药物', 'antibody drugs'], ['双特异性抗体', 'bispecific antibodies'], ['抗体偶联药物', 'antibody-drug conjugates'], ['单克隆抗体', 'monoclonal antibodies'],
  ['mRNA疫苗', 'mRNA vaccines'], ['疫苗', 'vaccines'], ['病毒', 'viruses'], ['病原体', 'pathogens'],
  ['肠道菌群', 'gut microbiota'], ['微生物组', 'microbiome'], ['耐药', 'drug resistance'], ['抗菌肽', 'antimicrobial peptides'],
  ['神经退行性疾病', 'neurodegenerative diseases'], ['阿尔茨海默病', "Alzheimer's disease"], ['帕金森病', "Parkinson's disease"], ['神经环路', 'neural circuits'],
  ['脑机接口', 'brain-computer interfaces'], ['神经调控', 'neuromodulation'], ['电生理', 'electrophysiology'], ['脑影像', 'brain imaging'],
  ['糖尿病', 'diabetes'], ['肥胖', 'obesity'], ['代谢', 'metabolism'], ['胰岛素', 'insulin'],
  ['心血管疾病', 'cardiovascular disease'], ['动脉粥样硬化', 'atherosclerosis'], ['心力衰竭', 'heart failure'], ['血管生成', 'angiogenesis'],
  ['肝癌', 'liver cancer'], ['肺癌', 'lung cancer'], ['乳腺癌', 'breast cancer'], ['结直肠癌', 'colorectal cancer'],
  ['液体活检', 'liquid biopsy'], ['早期筛查', 'early screening'], ['循环肿瘤DNA', 'circulating tumor DNA'], ['分子诊断', 'molecular diagnostics'],
  ['冷冻电镜', 'cryo-electron microscopy'], ['蛋白质结构', 'protein structure'], ['结构生物学', 'structural biology'], ['膜蛋白', 'membrane proteins'],
  ['合成生物学', 'synthetic biology'], ['代谢工程', 'metabolic engineering'], ['酶工程', 'enzyme engineering'], ['生物制造', 'biomanufacturing'],
  ['小分子药物', 'small-molecule drugs'], ['药物靶点', 'drug targets'], ['药物筛选', 'drug screening'], ['药代动力学', 'pharmacokinetics'],
  ['纳米材料', 'nanomaterials'], ['药物递送', 'drug delivery'], ['脂质纳米颗粒', 'lipid nanoparticles'], ['生物材料', 'biomaterials'],
  ['医学影像', 'medical imaging'], ['深度学习', 'deep learning'], ['人工智能', 'artificial intelligence'], ['图像分割', 'image segmentation'],
  ['生物信息学', 'bioinformatics'], ['多组学', 'multi-omics'], ['表观遗传', 'epigenetics'], ['DNA甲基化', 'DNA methylation'],
  ['中药', 'traditional Chinese medicine'], ['天然产物', 'natural products'], ['活性成分', 'active ingredients'], ['质量控制', 'quality control'],
  ['医疗器械', 'medical devices'], ['可穿戴设备', 'wearable devices'], ['生物传感器', 'biosensors'], ['微流控芯片', 'microfluidic chips'],
  ['临床试验', 'clinical trials'], ['真实世界研究', 'real-world evidence'], ['流行病学', 'epidemiology'], ['队列研究', 'cohort studies'],
  ['植物育种', 'plant breeding'], ['作物抗逆', 'crop stress tolerance'], ['分子标记', 'molecular markers'], ['基因组选择', 'genomic selection'],
  ['衰老', 'aging'], ['线粒体', 'mitochondria'], ['自噬', 'autophagy'], ['细胞凋亡', 'apoptosis'],
];
const FIELDS: [string, string][] = [['生物医药', 'biomedicine'], ['医疗器械', 'medical devices'], ['生物技术', 'biotechnology'], ['人工智能', 'artificial intelligence'], ['农业生物', 'agricultural biology'], ['公共卫生', 'public health']];
const ZH = [
  '本项目针对{0}中的{1}问题，拟建立基于{2}的新方法，并在{3}模型中验证其效果。',
  '围绕{0}与{1}的关键机制，系统解析{2}在{3}中的作用。',
  '研究团队前期在{0}领域积累了大量数据，将结合{1}和{2}技术开展{3}研究。',
  '预期成果包括{0}的新靶点、{1}的检测平台以及面向{2}的转化应用。',
  '通过{0}、{1}与{2}的交叉融合，推动{3}产业化。',
];
const EN = [
  'We study {0} and {1} using {2} in {3} models.',
  'This project develops {0}-based approaches to {1}, with applications in {2}.',
  'Building on our work in {0}, we combine {1} with {2} to address {3}.',
  'Expected outcomes include new {0} targets, a {1} platform and translation to {2}.',
];
const PUB_EN = ['{0} in {1}', 'Role of {0} in {1}', '{0} reveals {1} mechanisms', 'A {0} atlas of {1}', 'Targeting {0} for {1}'];
const PUB_ZH = ['{0}在{1}中的应用', '基于{0}的{1}研究', '{0}与{1}的关联分析'];
const BIO_ZH = ['长期从事{0}和{1}研究。', '主持国家级项目多项，研究方向为{0}、{1}与{2}。', '在{0}领域发表论文百余篇。'];
const BIO_EN = ['Works on {0} and {1}.', 'Research interests: {0}, {1} and {2}.', 'Has published widely on {0}.'];

// A long tail of rarer words (gene names, methods, places…), Zipf-distributed: made-up English words from
// syllables and Chinese two- or three-character words, 20,000 of each.
const HANZI = '酶链肽酸醇胺酯苷嘌嘧啶醛酮烯烃铂钛锌铁铜硒钙钾钠镁磷硫氮碳氢氧氯溴碘硼硅锂钴镍锰铬钒钼钨金银汞铅锡铝砷锑铋芽孢菌株藻苔藓蕨榕樟杉柏松桦桑槐柳杨梧桐竹兰菊荷莲梅桃杏李梨枣柿橘柚椰芒榴葡萄瓜豆麦稻粟黍薯芋姜蒜葱韭芹苋菠茄椒芥萝卜鲤鲫鲢鳙鳗鳝虾蟹蚌螺贝鲸豚猴猿鼠兔蛙蛇蜥龟鳄鹰雀燕鸽鹤鹭鸥骨髓肝肾脾肺胃肠胰胆膀胱脑脊椎颈腰腕踝膝肘肩胸腹盆腔鼻喉耳眼舌齿唇皮肤毛发甲腺泡囊膜核仁丝粒颗环链束簇团层带区域';
const SYLLABLES = ['ka', 'lo', 'mi', 'tren', 'vax', 'zo', 'pri', 'dex', 'nol', 'sta', 'ric', 'fen', 'gly', 'cor', 'thi', 'ump', 'bel', 'xen', 'qui', 'ros'];
const TAIL = 20_000;
function tailWord(i: number, lang: 0 | 1): string {
  const r = rng(1_000_003 * (i + 1) + lang);
  const n = 2 + Math.floor(r() * 2);
  if (lang === 0) return Array.from({ length: n }, () => HANZI[Math.floor(r() * HANZI.length)]!).join('');
  return Array.from({ length: n + 1 }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]!).join('');
}
const tails: [string[], string[]] = [Array.from({ length: TAIL }, (_, i) => tailWord(i, 0)), Array.from({ length: TAIL }, (_, i) => tailWord(i, 1))];

const TOPICS = 25;
function world(seed: number) {
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  // Each topic: 8 terms, 6 from a block of its own that shares 2 with the next topic's (fields overlap), 2 anywhere.
  const structure = rng(4242);
  const topics = Array.from({ length: TOPICS }, (_, k) =>
    Array.from({ length: 8 }, (_, i) => (i < 6 ? (4 * k + i) % TERMS.length : Math.floor(structure() * TERMS.length))),
  );
  const term = (topic: number, lang: 0 | 1) => {
    const t = rand() < 0.8 ? topics[topic]![int(8)]! : int(TERMS.length);
    return TERMS[t]![lang];
  };
  // Log-uniform rank: word i is drawn with probability ∝ 1 / (i + 1).
  const tail = (lang: 0 | 1) => tails[lang][Math.floor(Math.exp(rand() * Math.log(TAIL + 1))) - 1]!;
  const fill = (tpl: string, topic: number, lang: 0 | 1) => tpl.replace(/\{(\d)\}/g, () => term(topic, lang));
  const sentence = (topic: number, lang: 0 | 1) =>
    fill((lang ? EN : ZH)[int((lang ? EN : ZH).length)]!, topic, lang) + (lang ? ` See ${tail(1)}, ${tail(1)} and ${tail(1)}.` : `涉及${tail(0)}、${tail(0)}和${tail(0)}。`);
  const sentences = (n: number, topic: number, lang: 0 | 1) => Array.from({ length: n }, () => sentence(topic, lang)).join(lang ? ' ' : '');
  const keywords = (n: number, topic: number, lang: 0 | 1) =>
    [...new Set(Array.from({ length: n }, () => (rand() < 0.3 ? term(topic, lang) + (lang ? ' ' : '') + term(topic, lang) : term(topic, lang))))];
  return { rand, int, term, tail, fill, sentences, keywords };
}

/** 65% Chinese, 25% English, 10% Chinese with English keywords; a title, an abstract of 4–7 sentences, 3–6 keywords. */
function applications(n: number, seed: number): { docs: AffinityDocument[]; topic: number[] } {
  const w = world(seed);
  const topic = Array.from({ length: n }, () => w.int(TOPICS));
  const docs = topic.map((k, i) => {
    const r = w.rand();
    const lang: 0 | 1 = r < 0.65 || r >= 0.9 ? 0 : 1;
    return {
      id: `A${i}`,
      title: w.fill(lang ? '{0} for {1} in {2}' : '基于{0}的{1}与{2}研究', k, lang),
      abstract: w.sentences(4 + w.int(4), k, lang),
      keywords: w.keywords(3 + w.int(4), k, r >= 0.9 ? 1 : lang),
    };
  });
  return { docs, topic };
}

/** Keywords 4–8 (both languages for half), 1–2 fields, a biography of 3–5 sentences, 5–40 publications (60% English). */
function experts(n: number, seed: number): { docs: ExpertProfileText[]; topic: number[] } {
  const w = world(seed);
  const topic = Array.from({ length: n }, () => w.int(TOPICS));
  const docs = topic.map((k, i) => {
    const lang: 0 | 1 = w.rand() < 0.7 ? 0 : 1;
    const kw = w.keywords(4 + w.int(5), k, lang);
    return {
      id: `E${i}`,
      keywords: w.rand() < 0.5 ? [...kw, ...w.keywords(3, k, lang ? 0 : 1)] : kw,
      fields: Array.from({ length: 1 + w.int(2) }, () => FIELDS[w.int(FIELDS.length)]![lang]),
      biography: Array.from({ length: 2 + w.int(3) }, () => w.fill((lang ? BIO_EN : BIO_ZH)[w.int(3)]!, k, lang)).join(lang ? ' ' : '') + w.sentences(1, k, lang),
      publications: Array.from({ length: 5 + w.int(36) }, () => {
        const en = w.rand() < 0.6;
        const title = w.fill(en ? PUB_EN[w.int(PUB_EN.length)]! : PUB_ZH[w.int(PUB_ZH.length)]!, k, en ? 1 : 0);
        return { title: `${title}${en ? ': ' : '：'}${w.tail(en ? 1 : 0)}`, year: 2010 + w.int(16) };
      }),
    };
  });
  return { docs, topic };
}

const MB = (bytes: number) => fmt(bytes / 2 ** 20);
const seed = Number(args.seed);

/** Share of applications whose top-n experts are of the application's own topic (a sanity check of the scores, not a benchmark). */
function sameTopic(m: AffinityMatrix, appTopic: number[], expertTopic: number[], n: number): number {
  let hit = 0;
  let all = 0;
  appTopic.forEach((k, a) =>
    m.top(a, n).forEach((x) => {
      all++;
      if (expertTopic[x.expert] === k) hit++;
    }),
  );
  return all ? hit / all : 0;
}

function full(A: number, E: number) {
  const apps = applications(A, seed);
  const xs = experts(E, seed + 1);
  const chars = (s?: string) => s?.length ?? 0;
  const appChars = apps.docs.reduce((s, d) => s + chars(d.title) + chars(d.abstract) + (d.keywords ?? []).join('').length, 0);
  const expertChars = xs.docs.reduce((s, d) => s + chars(d.biography) + (d.keywords ?? []).join('').length + (d.publications ?? []).reduce((t, p) => t + p.title.length, 0), 0);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  log(`full: ${fmt(A)} × ${fmt(E)} (${fmt(appChars)} + ${fmt(expertChars)} characters)…`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const m = computeAffinity(apps.docs, xs.docs);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  const nonZero = m.scores.reduce((n, s) => n + (s > 0 ? 1 : 0), 0);
  const best = Array.from({ length: A }, (_, a) => m.top(a, 1)[0]?.score ?? 0).sort((x, y) => x - y);
  return { A, E, appChars, expertChars, m, wall, medianBest: best[Math.floor(A / 2)] ?? 0, cpuMs: (cpu.user + cpu.system) / 1000, rssBefore, peak, nonZero, p1: sameTopic(m, apps.topic, xs.topic, 1), p5: sameTopic(m, apps.topic, xs.topic, 5) };
}

/** Wall and CPU milliseconds of one call (CPU is what holds steady on a busy machine). */
function timed<T>(fn: () => T): { value: T; ms: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(c);
  return { value, ms, cpu: (used.user + used.system) / 1000 };
}

/** Both scorings on one analysed corpus: the text analysis they share is timed apart. */
function small(A: number, E: number) {
  const apps = applications(A, seed + 2).docs;
  const xs = experts(E, seed + 3).docs;
  log(`reference: ${fmt(A)} × ${fmt(E)}…`);
  const o = resolveOptions();
  const analyse = timed(() => analyseCorpus(apps, xs));
  const fast = timed(() => scoreCorpus(analyse.value, apps.map((a) => a.id), xs.map((x) => x.id), o));
  const slow = timed(() => referenceScores(analyse.value, o));
  let diff = 0;
  fast.value.scores.forEach((x, i) => (diff = Math.max(diff, Math.abs(x - slow.value[i]!))));
  return { A, E, analyse, fast, slow, diff };
}

const f = full(Number(args.applications), Number(args.experts));
const s = small(Number(args['small-applications']), Number(args['small-experts']));
const out = (x: string) => process.stdout.write(x + '\n');
const st = f.m.stats;
out(`\n${machine()}; seed ${seed}; load average ${loadavg().map((x) => x.toFixed(1)).join(', ')} at the end\n`);
out(
  table(
    ['size', 'characters (apps + experts)', 'terms', 'postings', 'analyse ms', 'index ms', 'score ms', 'total ms', 'CPU ms', 'RSS before MB', 'peak RSS MB', 'scores > 0', 'median best score', 'top-1 / top-5 same topic'],
    [[
      `${fmt(f.A)} × ${fmt(f.E)}`,
      `${fmt(f.appChars)} + ${fmt(f.expertChars)}`,
      fmt(st.terms),
      fmt(st.postings),
      fmt(st.analyseMs),
      fmt(st.indexMs),
      fmt(st.scoreMs),
      fmt(f.wall),
      fmt(f.cpuMs),
      MB(f.rssBefore),
      MB(f.peak),
      `${((100 * f.nonZero) / (f.A * f.E)).toFixed(1)} %`,
      f.medianBest.toFixed(3),
      `${(100 * f.p1).toFixed(1)} % / ${(100 * f.p5).toFixed(1)} %`,
    ]],
  ),
);
out('');
out(
  table(
    ['size', 'analysis ms (CPU)', 'indexed scoring ms (CPU)', 'all-pairs scoring ms (CPU)', 'ratio, CPU', 'max |difference|'],
    [[
      `${fmt(s.A)} × ${fmt(s.E)}`,
      `${fmt(s.analyse.ms)} (${fmt(s.analyse.cpu)})`,
      `${fmt(s.fast.ms)} (${fmt(s.fast.cpu)})`,
      `${fmt(s.slow.ms)} (${fmt(s.slow.cpu)})`,
      `${(s.slow.cpu / s.fast.cpu).toFixed(1)} ×`,
      s.diff.toExponential(1),
    ]],
  ),
);
