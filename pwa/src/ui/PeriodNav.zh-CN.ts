// The period navigation's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; PeriodNav.en.ts must have every key.

export const zhCN = {
  "tabs.label": "周期",
  "tabs.week": "周",
  "tabs.month": "月",
  label: "切换周期",
  prevWeek: "上一周",
  nextWeek: "下一周",
  prevMonth: "上个月",
  nextMonth: "下个月",
  thisWeek: "回到本周",
  thisMonth: "回到本月",
};
