// The follow-ups card's words in Simplified Chinese; FollowUpsCard.en.ts must have every key.

export const zhCN = {
  title: "待跟进",
  dueToday: "今天",
  overdue: "逾期 {n} 天",
  last: "上次：{outcome}",
  next: "下一步：{step}",
  more: "还有 {n} 个，全部显示",
  record: "记录跟进",
};
