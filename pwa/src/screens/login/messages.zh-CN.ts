// The sign-in screen's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; messages.en.ts must have every key.

export const zhCN = {
  title: "登录",
  intro: "记录每天的活动量，离线也能用。",
  username: "用户名",
  password: "密码",
  submit: "登录",
  submitting: "正在登录…",
  invalid: "用户名或密码不正确。",
  rateLimited: "尝试次数过多，请稍后再试。",
  serverFull: "服务器存储空间已满，暂时无法登录。请稍后再试，或请系统管理员清理服务器磁盘。",
  offline: "无法连接服务器。请联网后再登录。",
  failed: "登录失败：{message}",
  expired: "登录已过期，请重新登录。未发送的更改仍保存在本机。",
  wiped: "此设备已被退出，本机数据已清除。",
  departed: "你的账号已停用：客户已移交同事，最后的修改已发送，本机数据已清除。",
  lockedFor: "尝试次数过多，请 {minutes} 分钟后再试。",
  lockedFor1: "尝试次数过多，请 1 分钟后再试。",
};
