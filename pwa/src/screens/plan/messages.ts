// Plan 100's own words, in Chinese and English, and the lines that put a
// prospect's source and scores into words. The domain's words (stages,
// grades, sources, scores, kinds) come from data/labels.

import type { Prospect } from "../../data";
import { label } from "../../data/labels";
import { messages } from "../../i18n";

export const tr = messages(
  {
    title: "计划100",
    add: "添加名单",
    count: "{total} 个名单，其中 {open} 个在跟进",
    shown: "符合条件：{n} 个",
    search: "搜索",
    searchHint: "姓名、电话或介绍人",
    stage: "阶段",
    stageOpen: "跟进中",
    all: "全部",
    grade: "等级",
    source: "来源",
    sort: "排序",
    sortPriority: "优先跟进",
    sortName: "按姓名",
    sortNewest: "最新添加",
    priority: "★ 优先",
    noGrade: "未分级",
    referredBy: "{source}：{name}",
    more: "显示更多（还有 {n} 个）",
    loading: "正在加载…",
    empty: "计划100 还没有名单。点「添加名单」，把认识的人和朋友介绍的人加进来：岗前班结束时要梳理出 30 个名单。",
    noMatch: "没有符合条件的名单。",
    clear: "清除筛选",
    added: "已添加「{name}」。",
    open: "打开",

    newTitle: "添加名单",
    name: "姓名",
    phone: "电话",
    none: "未选",
    referrer: "介绍人",
    scores: "打分（0–10，8 分以上为高）",
    notScored: "未打分",
    notes: "备注",
    save: "保存修改",
    create: "添加",
    saved: "已保存，联网时自动同步。",
    unchanged: "没有修改。",
    failed: "保存失败：{message}",
    fix: "请先改正标出的问题。",

    back: "← 计划100",
    notFound: "找不到这个名单，可能已被删除。",
    stageSaved: "阶段已改为「{stage}」。",
    record: "记录活动",
    edit: "修改资料",
    closeEdit: "收起",
    convert: "转为客户档案",
    convertHint: "见过面、愿意继续往来的名单，建立客户档案来记录家庭、需求和每次拜访。",
    openFile: "查看客户档案",
    history: "活动记录",
    historyEmpty: "还没有活动记录。打了电话或见了面，用上面的按钮记一笔。",
    delete: "删除名单",
    confirmDelete: "删除「{name}」？已记录的活动会保留。",
  },
  {
    title: "Plan 100",
    add: "Add a name",
    count: "{total} names, {open} in progress",
    shown: "Matching: {n}",
    search: "Search",
    searchHint: "Name, phone or referrer",
    stage: "Stage",
    stageOpen: "In progress",
    all: "All",
    grade: "Grade",
    source: "Source",
    sort: "Order",
    sortPriority: "Priority first",
    sortName: "By name",
    sortNewest: "Newest first",
    priority: "★ Priority",
    noGrade: "No grade",
    referredBy: "{source}: {name}",
    more: "Show more ({n} left)",
    loading: "Loading…",
    empty: "Plan 100 has no names yet. Tap “Add a name” for the people you know and those friends refer: after the pre-job class you list 30.",
    noMatch: "No names match.",
    clear: "Clear filters",
    added: "Added “{name}”.",
    open: "Open",

    newTitle: "Add a name",
    name: "Name",
    phone: "Phone",
    none: "Not chosen",
    referrer: "Referred by",
    scores: "Scores (0–10, 8+ is high)",
    notScored: "Not scored",
    notes: "Notes",
    save: "Save changes",
    create: "Add",
    saved: "Saved; it syncs when the network is there.",
    unchanged: "Nothing changed.",
    failed: "Could not save: {message}",
    fix: "Fix the marked problems first.",

    back: "← Plan 100",
    notFound: "This name is not here; it may have been deleted.",
    stageSaved: "Stage set to “{stage}”.",
    record: "Record an activity",
    edit: "Edit details",
    closeEdit: "Close",
    convert: "Turn into a customer file",
    convertHint: "For a name you have met and will keep seeing: a customer file holds the family, the needs and every visit.",
    openFile: "Open the customer file",
    history: "Activities",
    historyEmpty: "No activities yet. After a call or a meeting, record it with the buttons above.",
    delete: "Delete this name",
    confirmDelete: "Delete “{name}”? Its recorded activities are kept.",
  },
);

/** 转介绍：张姐, or the source alone; "" without one. */
export function sourceText(p: Prospect): string {
  if (p.source === "referral" && p.referrer) return tr("referredBy", { source: label("source", p.source), name: p.referrer });
  return label("source", p.source);
}

/** 需求匹配度 8 · 购买力 9 · 信任度 –: the three scores, "–" where not scored. */
export function scoresText(p: Prospect): string {
  const score = (n: number | null) => (n === null ? "–" : String(n));
  return [
    `${label("score", "need")} ${score(p.need)}`,
    `${label("score", "wealth")} ${score(p.wealth)}`,
    `${label("score", "trust")} ${score(p.trust)}`,
  ].join(" · ");
}
