// The words of the form that records a personal-information request in
// Simplified Chinese, the default language. `{name}` marks a parameter;
// RequestForm.en.ts must have every key.

export const zhCN = {
  add: "记录个人信息请求",
  new: "记录个人信息请求",
  kind: "请求类型",
  "kind.copy": "复制其个人信息",
  "kind.correct": "更正其个人信息",
  "kind.delete": "删除其个人信息",
  note: "备注",
  noteHint: "最多500字，无需写入个人信息。",
  save: "保存",
  cancel: "取消",
  offline: "离线时无法记录请求，请联网后重试。",
  failed: "未能记录：{message}",
  saved: "已记录，截止 {day}。",
  register: "查看请求登记",
};
