// The words about an answer from the server in Simplified Chinese, the
// default language. `{name}` marks a parameter; RemoteNote.en.ts must have
// every key.

export const zhCN = {
  loading: "正在从服务器获取…",
  asOf: "数据截至 {time}。",
  offline: "现在离线，显示的是上次获取的结果。",
  error: "无法从服务器获取：{message}",
};
