// Words that say nothing about a research topic. Small on purpose: BM25's IDF already discounts words that
// most experts use (研究, method, analysis); this list only removes function words and the boilerplate of
// applications, which would otherwise add noise to every pair. Matched after lower-casing, before stemming.

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each either et few for from further had has have having he ' +
    'her here hers him his how however i if in into is it its itself just may me might more most must my no nor not ' +
    'now of off on once only or other our ours out over own per same she should so some such than that the their ' +
    'theirs them then there these they this those through thus to too under until up upon us very via was we were ' +
    'what when where whether which while who whom why will with within without would yet you your al etc ie eg vs ' +
    'based using use used new novel study studies research project proposal approach method methods toward towards'
  ).split(' '),
);

export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 并 并且 而 而且 但 但是 也 都 又 还 就 才 将 把 被 让 给 对 对于 关于 ' +
    '从 自 由 于 以 为 为了 因 因为 所以 因此 如 如果 若 则 即 其 其中 之 之一 这 那 这些 那些 这个 该 此 本 各 每 某 ' +
    '我 我们 你 你们 他 他们 她 它 它们 自己 个 种 一种 一个 一些 一 等 等等 中 上 下 内 外 间 之间 后 前 时 可 可以 ' +
    '能 能够 会 应 应该 需 需要 要 已 已经 正在 不 没有 无 有 很 更 最 较 非常 所 所有 通过 进行 开展 基于 利用 采用 ' +
    '使用 实现 具有 相关 主要 研究 项目 申请 课题'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return ENGLISH_STOP_WORDS.has(word) || CHINESE_STOP_WORDS.has(word);
}
