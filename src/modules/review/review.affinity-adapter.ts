// Feeds a round's applications and the expert pool to the affinity module (./affinity) and answers by ids.
// IDF is taken over the whole pool, not the panel: a panel of six would make every shared term look common,
// and a pair's score should not change when someone else joins the panel.
import { computeAffinity, type AffinityDocument, type AffinityMatrix, type AffinityTerm, type ExpertProfileText } from './affinity/index.ts';

/** What affinity reads of an application (a ReviewSubject has these and more). */
export interface SubjectText {
  applicationId: string;
  title: string;
  summary: string;
  keywords: readonly string[];
}

/** What affinity reads of an expert profile. */
export interface ExpertText {
  id: string;
  keywords: readonly string[];
  fields: readonly string[];
  biography: string;
  publications: readonly { title: string; year: number }[];
}

/** Research fields are stored as codes; texts name them in words, so both labels are read. */
const FIELD_WORDS: Record<string, string[]> = {
  next_gen_it: ['新一代信息技术', 'information technology'],
  new_materials: ['新材料', 'new materials'],
  clean_energy: ['清洁能源', 'clean energy'],
  pharma_health: ['医药健康', '生物医药', 'pharmaceuticals', 'health'],
  brain_science: ['脑科学', 'brain science'],
  quantum: ['量子', 'quantum'],
  blockchain: ['区块链', 'blockchain'],
  ai: ['人工智能', 'artificial intelligence'],
};

export function toAffinityDocument(s: SubjectText): AffinityDocument {
  return { id: s.applicationId, title: s.title, abstract: s.summary, keywords: s.keywords };
}

export function toExpertProfileText(e: ExpertText): ExpertProfileText {
  return {
    id: e.id,
    keywords: e.keywords,
    fields: e.fields.flatMap((f) => FIELD_WORDS[f] ?? [f]),
    biography: e.biography,
    publications: e.publications.map((p) => ({ title: p.title, year: p.year })),
  };
}

export interface ExplainedTerm {
  term: string;
  contribution: number;
  expertSources: { source: string; share: number }[];
  applicationSources: { source: string; share: number }[];
}

/** Scores on the affinity module's absolute 0–1 scale (`query` normalisation), looked up by ids. */
export class RoundAffinity {
  private readonly items: Map<string, number>;
  private readonly experts: Map<string, number>;

  constructor(readonly matrix: AffinityMatrix) {
    this.items = new Map(matrix.applications.map((id, i) => [id, i]));
    this.experts = new Map(matrix.experts.map((id, i) => [id, i]));
  }

  /** 0 for an unknown item or expert (no text, nothing shared). */
  score(itemId: string, expertId: string): number {
    const a = this.items.get(itemId);
    const e = this.experts.get(expertId);
    return a === undefined || e === undefined ? 0 : this.matrix.at(a, e);
  }

  /** Rows for the solver: items × experts, in the given orders. */
  rows(itemIds: readonly string[], expertIds: readonly string[]): number[][] {
    return itemIds.map((i) => expertIds.map((e) => this.score(i, e)));
  }

  explain(itemId: string, expertId: string, topN = 10): ExplainedTerm[] {
    const a = this.items.get(itemId);
    const e = this.experts.get(expertId);
    if (a === undefined || e === undefined) return [];
    return this.matrix.explain(a, e, topN).map((t: AffinityTerm) => ({ term: t.term, contribution: t.contribution, expertSources: t.expert, applicationSources: t.application }));
  }
}

export function roundAffinity(subjects: readonly SubjectText[], pool: readonly ExpertText[]): RoundAffinity {
  return new RoundAffinity(computeAffinity(subjects.map(toAffinityDocument), pool.map(toExpertProfileText)));
}
