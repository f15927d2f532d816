// The sync screen's words in Simplified Chinese, the default language.
// `{name}` marks a parameter; messages.en.ts must have every key.

export const zhCN = {
  "status.title": "同步状态",
  "status.pending": "未发送的更改",
  "status.lastSync": "上次成功同步",
  "status.now": "立即同步",
  "status.retryAt": "将于 {time} 自动重试",
  "status.ok": "同步完成",
  "status.offlineNote": "离线时记录照常保存，联网后自动发送。",
  "status.authNeeded": "需要重新登录才能同步。",
  "status.forbidden": "此设备的同步身份属于另一个账号：{message}",
  "status.upgrade": "服务器要求更新应用。更新后未发送的更改会继续发送。",
  "status.departed": "你的账号已停用；所有修改已发送，正在清除本机数据。",
  "status.error": "同步出错（{status} {code}）：{message}",

  "records.title": "本机保存的记录",
  "records.collection": "类别",
  "records.count": "条数",
  "records.empty": "本机还没有记录。",

  "collection.prospects": "准客户（计划100）",
  "collection.customers": "客户档案",
  "collection.activities": "活动",
  "collection.day_logs": "工作日志",
  "collection.goals": "目标",
  "collection.coaching_notes": "辅导记录",
  "collection.consents": "同意记录",
  "collection.members": "团队成员",
  "collection.scores": "积分",

  "rejected.title": "被拒绝的更改",
  "rejected.none": "没有被拒绝的更改。",
  "rejected.intro": "服务器没有接受下面的更改。请阅读原因后重新发送或放弃。",
  "rejected.reason": "原因",
  "rejected.serverSays": "服务器说明：{message}",
  "rejected.fix": "修改",
  "rejected.discard": "放弃",
  "rejected.resend": "重新发送",
  "rejected.confirmDiscard": "放弃后这条更改将永久删除。确定吗？",
  "rejected.consent": "记录同意并重新发送",
  "rejected.consentNow": "同意已经记录，可以重新发送。",

  "reject.invalid": "内容不符合要求（格式、类型或取值范围）。",
  "reject.forbidden": "你没有权限写入这条记录或这个字段。",
  "reject.unknown_collection": "服务器不认识这类记录，应用可能需要更新。",
  "reject.clock_skew": "手机时间与服务器相差太多。请校正手机时间后重新发送。",
  "reject.stale": "日志在审核后又被修改，请重新审核。",
  "reject.too_large": "内容太长（文字最多 8000 字）。",
  "reject.consent_required": "这条更改含有客户还没有同意记录的信息（联系方式、健康需求、收入或家庭），或未满 14 岁的子女缺少监护人同意。记录同意后再重新发送。",
  "reject.unknown": "服务器拒绝了这条更改。",


  "fix.title": "修改后重新发送",
  "fix.json": "（JSON）",
  "fix.badJson": "{field} 不是有效的 JSON。",
  "fix.send": "重新发送",
};
