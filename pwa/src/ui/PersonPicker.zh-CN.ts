// The person picker's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; PersonPicker.en.ts must have every key.

export const zhCN = {
  search: "输入姓名查找",
  nobody: "（不指定）",
  customer: "客户",
  prospect: "计划100",
  none: "没有找到“{query}”。",
  more: "还有 {n} 人，输入姓名缩小范围。",
  change: "更换",
  unknown: "（已不在名单中）",
};
