/** Chinese texts of the experts pages (merged into zh-CN.ts under `expertsUi`). experts.en.ts must have the same keys. */
const expertsZh = {
  title: '专家库',
};

export default expertsZh;
