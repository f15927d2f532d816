// The form buttons' words in Simplified Chinese, the default language.
// `{name}` marks a parameter; FormActions.en.ts must have every key.

export const zhCN = {
  cancel: "取消",
};
