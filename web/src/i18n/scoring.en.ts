import type scoringZh from './scoring.zh-CN.ts';

type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** English texts of the scoring pages; the type forces exactly the keys of the Chinese ones. */
const scoringEn: SameKeys<typeof scoringZh> = {
  title: 'Expert scoring',
};

export default scoringEn;
