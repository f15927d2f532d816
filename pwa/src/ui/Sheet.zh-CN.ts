// A sheet's words in Simplified Chinese, the default language. `{name}` marks
// a parameter; Sheet.en.ts must have every key.

export const zhCN = {
  askTitle: "放弃填写的内容？",
  askBody: "刚才填写的还没有保存。",
  keep: "继续填写",
  discard: "放弃",
};
