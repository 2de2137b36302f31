import type reviewZh from './review.zh-CN.ts';

type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** English texts of the review pages; the type forces exactly the keys of the Chinese ones. */
const reviewEn: SameKeys<typeof reviewZh> = {
  title: 'Expert review',
};

export default reviewEn;
