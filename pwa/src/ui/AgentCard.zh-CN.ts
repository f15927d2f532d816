// An agent's weekly card's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; AgentCard.en.ts must have every key.

export const zhCN = {
  "col.score": "得分",
  "cell.points": "{points} 分",
  "cell.of": "{actual}/{target}",
  "cell.pending": "{count} 天待审",
  "cell.pending1": "1 天待审",
  "col.premium": "保费",
  "card.noPending": "没有待审的日子",
  "card.streak": "连续达标 {count} 天",
  "card.streak1": "连续达标 1 天",
  "card.noStreak": "目前没有连续达标",
  rank: "第 {rank} 名",
};
