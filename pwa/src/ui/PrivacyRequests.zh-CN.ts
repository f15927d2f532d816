// The words of the register of personal-information requests in Simplified
// Chinese, the default language. `{name}` marks a parameter;
// PrivacyRequests.en.ts must have every key.

export const zhCN = {
  title: "个人信息请求",
  intro: "个人要求查阅复制、更正或删除其个人信息时，须在收到后15个工作日内处理。",
  none: "没有个人信息请求。",
  "kind.copy": "复制",
  "kind.correct": "更正",
  "kind.delete": "删除",
  received: "收到 {day}",
  due: "截止 {day}",
  overdue: "已逾期",
  open: "处理中",
  done: "已完成",
  refused: "已拒绝",
  person: "对象",
  unnamed: "(名单中无此人)",
  agent: "业务员 {name}",
  markDone: "完成",
  markRefused: "拒绝",
  download: "下载副本",
  offline: "离线时无法处理请求，请联网后重试。",
  failed: "操作未成功：{message}",
  loading: "正在获取…",
  retry: "重试",
};
