// The coaching alerts' words in Simplified Chinese, the default language.
// `{name}` marks a parameter; alerts.en.ts must have every key.

export const zhCN = {
  "alert.phone_skills": "约访成功率连续三个月低于 20%。",
  "alert.phone_skills.do": "电话约访话术",
  "alert.needs_discovery": "成交率不低于团队平均，但件均保费不到团队的 70%。",
  "alert.needs_discovery.do": "需求挖掘和产品组合",
  "alert.referral_practice": "连续两周拜访量未达标。",
  "alert.referral_practice.do": "转介绍话术，补充客户名单",
  "alert.file_upkeep": "客户档案完整率低于 80%。",
  "alert.file_upkeep.do": "补全客户资料和互动记录",
};
