// The pending deltas' words in Simplified Chinese, the default language.
// `{name}` marks a parameter; pending.en.ts must have every key.

export const zhCN = {
  delta: "{delta} 待审",
  beside: "{count} ({pending})",
  kind: "{kind} {count}",
  amended: "已修改，待重审",
  amendedDays: "{count} 天已修改，待重审",
  amendedDay: "1 天已修改，待重审",
};
