// The month rule's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; monthRule.en.ts must have every key.

export const zhCN = {
  rule: "月度积分是本月开始的各周积分的平均。",
  carriedIn: "{day} 那周计入 {month}。",
  runsTo: "{day} 那周（到 {end}）计入 {month}。",
  notYet: "本月第一周从 {day} 开始，尚无周成绩。",
  countsIn: "计入 {month}",
};
