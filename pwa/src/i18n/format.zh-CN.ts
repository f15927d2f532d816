// The formatters' words in Simplified Chinese, the default language. `{name}`
// marks a parameter; format.en.ts must have every key.

export const zhCN = {
  week: "第{n}周",
};
