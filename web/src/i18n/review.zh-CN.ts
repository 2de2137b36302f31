/** Chinese texts of the review pages (merged into zh-CN.ts under `reviewUi`). review.en.ts must have the same keys. */
const reviewZh = {
  title: '专家评审',
};

export default reviewZh;
