// The shell's words in Simplified Chinese, the default language: what is on
// screen whatever the screen (the status strip, the tab bar, the account,
// the update prompt, loading), the roles and the connection's states. Every
// key here must exist in en.ts too (the type there enforces it). `{name}`
// marks a parameter. Each screen and shared piece has its own catalogue.

export const zhCN = {
  "app.name": "展业手册",
  "app.loading": "正在加载…",
  "app.loadFailed": "页面加载失败。请检查网络后重试。",
  "app.retry": "重试",

  "app.notFound": "没有这个页面。",
  "nav.label": "主要功能",
  "nav.today": "今天",
  "nav.plan": "计划100",
  "nav.customers": "客户",
  "nav.log": "日志",
  "nav.me": "我的",
  "nav.queue": "审核",
  "nav.dashboard": "看板",
  "nav.meeting": "晨会",
  "nav.admin": "管理",
  "nav.team": "团队",
  "nav.sync": "同步",
  "strip.open": "查看同步状态",
  "strip.pending": "未发送 {count}",
  "strip.rejected": "被拒绝 {count}",
  "strip.serverFull": "服务器空间不足，更改稍后发送",
  "strip.lastSync": "同步于 {time}",
  "strip.history": "正在下载历史记录…",

  "stall.title": "有 {count} 条更改已 {minutes} 分钟没能发送出去。",
  "stall.serverError": "服务器出错（{status} {code}），暂时收不下更改。",
  "stall.serverFull": "服务器存储空间已满，暂时不接收更改。",
  "stall.busy": "服务器太忙（{status}），一再推迟接收。",
  "stall.refused": "服务器拒绝接收（{status} {code}）：{message}",
  "stall.local": "本机出错，没能发送：{message}",
  "stall.forbidden": "此设备的同步身份属于另一个账号，服务器不接收。",
  "stall.upgrade": "服务器要求先更新应用。",
  "stall.auth": "登录已过期，重新登录后才能发送。",
  "stall.kept": "更改都保存在本机。",
  "stall.sendNow": "立即发送",
  "stall.save": "保存到文件",
  "storage.fullWrite": "手机存储空间已满，这条更改没有保存。请清理手机空间后再试（同步页显示本应用的占用）。",
  "strip.storageFull": "存储空间已满，更改没能保存",

  "lang.switch": "English",

  "role.agent": "业务员",
  "role.supervisor": "主管",
  "role.admin": "管理员",

  "session.signedInAs": "{name}（{role}）",
  "session.logout": "退出登录",
  "session.logoutPending":
    "还有 {count} 条更改没有发送到服务器。退出后它们会保留在本机，等你用同一账号重新登录后再发送。确定退出吗？",
  "session.logoutConfirm": "仍然退出",
  "session.cancel": "取消",
  "session.everywhere": "在所有设备上退出",
  "session.everywhereWarning": "所有设备（包括这台）都将退出登录。其他设备下次联网时会清除本机数据，包括未发送的更改。",
  "session.everywhereConfirm": "全部退出",
  "session.everywhereFailed": "未能退出所有设备：{message}",

  "sync.online": "在线",
  "sync.offline": "离线",
  "sync.unreachable": "无法连接服务器",
  "sync.unknown": "连接状态未知",
  "sync.syncing": "正在同步…",
  "sync.never": "尚未同步",

  "update.available": "有新版本可用。",
  "update.apply": "更新",
  "update.later": "稍后",
  "update.pendingFirst": "还有未发送的更改。请先联网同步，再更新。",

  "pin.title": "请输入PIN",
  "pin.who": "{name}，应用已锁定",
  "pin.entered": "已输入 {n} 位",
  "pin.delete": "删除",
  "pin.ok": "确定",
  "pin.checking": "正在核对…",
  "pin.wrong": "PIN不对。再错 {left} 次，本机将退出登录并清除数据。",
  "pin.forgot": "忘记PIN？退出登录",
} as const;

export type MessageKey = keyof typeof zhCN;
