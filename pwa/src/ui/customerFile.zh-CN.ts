// A customer file's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; customerFile.en.ts must have every key.

export const zhCN = {
  complete: "完整",
  missing: "缺：{parts}",
  sep: "、",
  age: "{n}岁",
  noDetails: "年龄、职业未填",
};
