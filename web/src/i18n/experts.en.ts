import type expertsZh from './experts.zh-CN.ts';

type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** English texts of the experts pages; the type forces exactly the keys of the Chinese ones. */
const expertsEn: SameKeys<typeof expertsZh> = {
  title: 'Expert pool',
};

export default expertsEn;
