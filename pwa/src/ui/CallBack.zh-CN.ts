// The post-call sheet's words in Simplified Chinese; CallBack.en.ts must have every key.

export const zhCN = {
  title: "记一笔约访?",
  who: "对象",
  when: "通话时间",
  save: "记下约访",
  dismiss: "不用了",
  failed: "保存失败：{message}",
};
