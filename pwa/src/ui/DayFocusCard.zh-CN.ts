// The words of the day's focus on Today in Simplified Chinese, the default
// language. DayFocusCard.en.ts must have every key.

export const zhCN = {
  title: "今日重点",
  by: "主管在晨会上定的重点",
};
