// Both sides cut into weighted term bags, one bag per field. Keywords of both sides go first, so that
// running text already knows every keyword phrase it may contain.
import { Analyser, type Bag } from './analyse.ts';
import { AffinityInputError, APPLICATION_SOURCES, EXPERT_SOURCES, type AffinityDocument, type ExpertProfileText } from './types.ts';

export interface Corpus {
  analyser: Analyser;
  /** [application][APPLICATION_SOURCES index] */
  applications: Bag[][];
  /** [expert][EXPERT_SOURCES index] */
  experts: Bag[][];
}

function checkIds(kind: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !id) throw new AffinityInputError(`${kind}: every id must be a non-empty string`);
    if (seen.has(id)) throw new AffinityInputError(`${kind}: duplicate id ${id}`);
    seen.add(id);
  }
}

export function analyseCorpus(applications: readonly AffinityDocument[], experts: readonly ExpertProfileText[]): Corpus {
  checkIds('applications', applications.map((a) => a.id));
  checkIds('experts', experts.map((e) => e.id));
  const analyser = new Analyser();
  const appBags = applications.map(() => APPLICATION_SOURCES.map((): Bag => new Map()));
  const expertBags = experts.map(() => EXPERT_SOURCES.map((): Bag => new Map()));
  const app = (i: number, s: (typeof APPLICATION_SOURCES)[number]) => appBags[i]![APPLICATION_SOURCES.indexOf(s)]!;
  const expert = (i: number, s: (typeof EXPERT_SOURCES)[number]) => expertBags[i]![EXPERT_SOURCES.indexOf(s)]!;

  applications.forEach((a, i) => a.keywords?.forEach((k) => analyser.keyword(k, app(i, 'keyword'))));
  experts.forEach((e, i) => {
    e.keywords?.forEach((k) => analyser.keyword(k, expert(i, 'keyword')));
    e.fields?.forEach((k) => analyser.keyword(k, expert(i, 'field')));
  });
  applications.forEach((a, i) => {
    analyser.text(a.title, app(i, 'title'));
    analyser.text(a.abstract, app(i, 'abstract'));
  });
  experts.forEach((e, i) => {
    // Titles one by one: a keyword phrase must not run from the end of one title into the next.
    e.publications?.forEach((p) => analyser.text(p.title, expert(i, 'publication')));
    analyser.text(e.biography, expert(i, 'biography'));
  });
  return { analyser, applications: appBags, experts: expertBags };
}
