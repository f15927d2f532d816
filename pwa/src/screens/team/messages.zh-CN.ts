// The team standings' words in Simplified Chinese, the default language.
// `{name}` marks a parameter; messages.en.ts must have every key.

export const zhCN = {
  title: "团队排名",
  local: "现在连不上服务器：这是根据本机保存的团队积分算出的排名，可能不是最新的。",
  loading: "正在读取本机数据…",
  empty: "团队里还没有业务员。",
  champion: "月度活动冠军：{name}",
  me: "我",
  rank: "第 {rank} 名",
  score: "{score} 分",
  pending: "{count} 天待审批",
  pending1: "1 天待审批",
  noScore: "尚无周成绩",
  note: "只有审批通过的日子计分，“+2 待审”是还在等审批的变化（审批后又修改的日子，重审前仍按审批通过的数计）；并列时拜访多者在前，再看成交。",
};
