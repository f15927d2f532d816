// The words of the app PIN's settings in Simplified Chinese, the default
// language. `{name}` marks a parameter; PinSettings.en.ts must have every key.

export const zhCN = {
  title: "应用PIN",
  intro: "设置后，应用在后台超过所选的分钟数，回来时要先输入PIN。连续输错 {max} 次，本机将退出登录并清除本机数据。忘记PIN时可退出登录，用密码重新登录（PIN随之取消）。",
  uiOnly: "PIN只锁住界面：本机保存的数据并没有用它加密。",
  new: "新PIN（4–6位数字）",
  again: "再输入一次",
  minutes: "在后台多久后需要PIN",
  minutesN: "{n} 分钟",
  set: "设置PIN",
  on: "已开启：在后台超过 {n} 分钟后需要输入PIN。",
  current: "当前PIN",
  remove: "取消PIN",
  cancel: "返回",
  invalid: "PIN要4到6位数字。",
  mismatch: "两次输入的PIN不一样。",
  wrong: "PIN不对。",
  saved: "已保存。",
  removed: "PIN已取消。",
  failed: "未能保存：{message}",
};
