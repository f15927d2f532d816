// The activity timeline's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; Timeline.en.ts must have every key.

export const zhCN = {
  nextStep: "下一步：",
  premium: "保费：",
  pending: "待发送",
  voided: "已作废",
  voidReason: "作废原因：{reason}",
  unknownKind: "活动",
  edit: "修改",
  view: "查看",
};
