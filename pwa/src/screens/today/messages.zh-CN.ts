// The Today screen's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; messages.en.ts must have every key.

export const zhCN = {
  title: "今天",
  hello: "{name}，加油！",
  plan: "今日计划与完成",
  noPlan: "今天还没有计划。",
  setPlan: "填写今日计划",
  editLog: "打开今日日志",
  record: "记一笔",
  streak: "连续达标",
  streakDays: "{n} 天",
  streakHint: "拜访连续 7 天达标可得连续达标奖。",
  streakNone: "审核通过的日子才计入；今天达标后交日志。",
  done: "今日记录",
  nothing: "今天还没有记录。点上面的按钮记一笔。",
  pending: "待发送",
  voided: "已作废",
  delete: "删除",
  edit: "修改",
  view: "查看",
  confirmDelete: "删除这条记录？",
  with: "与 {name}",
  logState: "日志：{state}",
};
