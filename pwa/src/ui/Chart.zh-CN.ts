// A chart's words in Simplified Chinese, the default language. `{name}` marks
// a parameter; Chart.en.ts must have every key.

export const zhCN = {
  "chart.data": "数据表",
  "chart.failed": "图表无法加载，数字见数据表。",
  "chart.none": "—",
};
