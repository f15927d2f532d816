// The words of a form holding unsaved input in Simplified Chinese, the
// default language. `{name}` marks a parameter; FormGuard.en.ts must have
// every key.

export const zhCN = {
  elsewhere: "另一处已修改为：",
  empty: "（空）",
  useThat: "用那个",
  keepMine: "保留我的",
  updated: "这条记录刚在别处改过：你没动过的内容已换成新版本，你的修改都还在，保存后生效。",
  restored: "上次没保存的内容已恢复。",
  dropRestored: "不要这些内容",
  leaveTitle: "放弃没保存的内容？",
  leaveText: "你填写的内容还没有保存。离开会放弃这些内容。",
  stay: "继续填写",
  leave: "放弃并离开",
};
