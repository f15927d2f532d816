// The time field's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; TimeField.en.ts must have every key.

export const zhCN = {
  zone: "按团队所在时区（{zone}）填写。",
};
