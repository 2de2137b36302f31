/** Chinese texts of expert scoring, progress and results pages (merged into zh-CN.ts under `scoringUi`). scoring.en.ts must have the same keys. */
const scoringZh = {
  title: '专家评分',
};

export default scoringZh;
