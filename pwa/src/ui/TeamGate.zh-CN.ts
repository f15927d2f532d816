// The team picker's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; TeamGate.en.ts must have every key.

export const zhCN = {
  "team.label": "团队",
  "team.unnamed": "团队 {id}",
  "team.none": "还没有团队。请先在管理页面创建团队。",
  "team.noList": "现在连不上服务器，本机也没有保存团队列表。",
  "team.mine": "你还没有分配到团队，请联系管理员。",
};
