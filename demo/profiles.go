package demo

// script is what becomes of one work log in the demo.
type script int

const (
	approved         script = iota // submitted, approved
	submitted                      // submitted, waiting for review
	draft                          // never submitted
	returned                       // submitted, returned with a comment, not yet fixed
	returnedWaiting                // returned, amended and resubmitted, waiting again
	returnedApproved               // returned, amended, resubmitted and approved
	approvedAmended                // approved, then changed by the agent: back in the queue as amended
)

// profile is the character of one demo agent: how much they do, how well
// it converts, what they struggle with and what became of their logs.
type profile struct {
	username, name, about string
	female                bool
	seed                  uint64

	plan100      int     // names in Plan 100
	fresh        int     // of them added during the four weeks
	oldCustomers int     // customers from before Plan 100
	referral     float64 // share of names that are referrals
	calls        float64 // appointment calls per working day
	apptRate     float64 // share of calls to prospects that win an appointment
	visits       float64 // visits per working day, at least
	siRate       float64 // chance a first visit leads to a sales interview
	ciRate       float64 // chance a sales interview leads to a closing interview
	closeRate    float64 // chance a closing interview ends in a deal
	premium      [2]int  // yuan
	small        bool    // sells small-premium products
	weekend      float64 // chance of working a weekend day
	complete     float64 // chance a customer file is complete
	late         bool    // fills in logs days later

	plan        map[string]int // the day's plan
	tags        []string       // problem tags they meet, repeated by weight
	logs        map[int]script // by log index from the newest (0 = today); approved otherwise
	returnNotes []string       // the supervisor's comments on returned logs, in order
	vague       []string       // the summaries of logs that were returned

	// goal assumptions for the month
	income       int
	avgPremium   float64
	closeAssumed float64
	perDay       float64
	focus        string // the coaching note's focus tag
}

// supervisor and admin of the demo team.
const (
	supervisorUsername = "zhoumin"
	supervisorName     = "周敏"
	adminUsername      = "demo-admin"
	adminName          = "演示管理员"
)

// profiles are the five demo agents, in the order they are shown.
var profiles = []*profile{
	{
		username: "lina", name: "李娜", about: "明星业务员:访量稳定、成交多", female: true, seed: 11,
		plan100: 58, fresh: 34, oldCustomers: 14, referral: 0.6,
		calls: 9, apptRate: 0.32, visits: 5.5, siRate: 0.4, ciRate: 0.5, closeRate: 0.45,
		premium: [2]int{5000, 20000}, weekend: 0.5, complete: 0.92,
		plan:        map[string]int{"prospect": 2, "call": 10, "appointment": 4, "visit": 5, "sales_interview": 2, "closing_interview": 1},
		tags:        []string{"referral_script", "proposal_explanation", "other", "other"},
		logs:        map[int]script{0: submitted, 5: approvedAmended, 14: returnedApproved},
		returnNotes: []string{"今天的日志太简单了:成交面谈的客户是谁、下一步是什么?请补充后重新提交。"},
		vague:       []string{"今天跑了几个客户,签了一单,挺顺利。"},
		income:      30000, avgPremium: 10000, closeAssumed: 0.08, perDay: 5,
		focus: "referral_script",
	},
	{
		username: "wangqiang", name: "王强", about: "稳健型:每天按计划完成", seed: 23,
		plan100: 45, fresh: 24, oldCustomers: 12, referral: 0.45,
		calls: 8, apptRate: 0.26, visits: 4, siRate: 0.3, ciRate: 0.55, closeRate: 0.5,
		premium: [2]int{4000, 12000}, weekend: 0.2, complete: 0.85,
		plan:        map[string]int{"prospect": 2, "call": 8, "appointment": 3, "visit": 4, "sales_interview": 1, "closing_interview": 1},
		tags:        []string{"objection_handling", "proposal_explanation", "product_knowledge", "other"},
		logs:        map[int]script{0: draft, 1: submitted, 9: returnedApproved},
		returnNotes: []string{"问题只写了“客户拒绝”,请写清楚客户的原话和你是怎么回应的,再提交。"},
		vague:       []string{"今天拜访完成,客户拒绝了。"},
		income:      12000, avgPremium: 6000, closeAssumed: 0.06, perDay: 4,
		focus: "proposal_explanation",
	},
	{
		username: "zhangxiaoyu", name: "张晓雨", about: "新人:约访成功率低", female: true, seed: 37,
		plan100: 38, fresh: 14, oldCustomers: 4, referral: 0.3,
		calls: 11, apptRate: 0.12, visits: 2.5, siRate: 0.3, ciRate: 0.45, closeRate: 0.3,
		premium: [2]int{3000, 6000}, weekend: 0.15, complete: 0.5,
		plan: map[string]int{"prospect": 3, "call": 12, "appointment": 3, "visit": 4, "sales_interview": 1},
		tags: []string{"appointment_script", "appointment_script", "product_knowledge", "objection_handling"},
		logs: map[int]script{0: submitted, 1: submitted, 2: returned, 4: returnedWaiting, 8: returnedApproved, 16: returnedApproved},
		returnNotes: []string{
			"问题写得太笼统:客户具体提出了什么异议?你是怎么回应的?请补充后重新提交。",
			"今天打了这么多电话只约到一位,请把你用的开场白写下来,明早我们一起改。",
			"拜访记录缺少客户信息,请先把客户档案补全再提交。",
			"请写明每个电话的结果和下一步,不要只写“打电话”。",
		},
		vague:  []string{"今天打电话,没约到人。", "今天见了一个客户,他说再考虑。", "今天比较累,明天继续。", "打了一上午电话。"},
		income: 10000, avgPremium: 5000, closeAssumed: 0.05, perDay: 4,
		focus: "appointment_script",
	},
	{
		username: "liujianguo", name: "刘建国", about: "拜访量高、件均保费低", seed: 41,
		plan100: 54, fresh: 30, oldCustomers: 14, referral: 0.4,
		calls: 9, apptRate: 0.3, visits: 7, siRate: 0.35, ciRate: 0.55, closeRate: 0.5,
		premium: [2]int{1200, 4500}, small: true, weekend: 0.35, complete: 0.6,
		plan: map[string]int{"prospect": 2, "call": 9, "appointment": 4, "visit": 6, "sales_interview": 1, "closing_interview": 1},
		tags: []string{"needs_discovery", "needs_discovery", "proposal_explanation", "other"},
		logs: map[int]script{0: draft, 1: submitted, 3: returned, 11: returnedApproved},
		returnNotes: []string{
			"拜访记录里有两位客户没有写拜访结果和下一步,请补充后重新提交。",
			"六个拜访都只写了“拜访”,请写清每位客户的需求,我们好一起看怎么做产品组合。",
		},
		vague:  []string{"今天拜访6位,完成任务。", "拜访了很多客户,都挺好。"},
		income: 10000, avgPremium: 2500, closeAssumed: 0.06, perDay: 6,
		focus: "needs_discovery",
	},
	{
		username: "chensisi", name: "陈思思", about: "日志常常迟交", female: true, seed: 53,
		plan100: 40, fresh: 18, oldCustomers: 6, referral: 0.4,
		calls: 7, apptRate: 0.22, visits: 3.5, siRate: 0.3, ciRate: 0.5, closeRate: 0.45,
		premium: [2]int{3500, 15000}, weekend: 0.25, complete: 0.7, late: true,
		plan: map[string]int{"prospect": 2, "call": 8, "appointment": 3, "visit": 4, "sales_interview": 1, "closing_interview": 1},
		tags: []string{"other", "other", "needs_discovery", "objection_handling"},
		logs: map[int]script{0: draft, 1: draft, 2: submitted, 3: submitted, 6: returnedApproved, 10: returnedApproved},
		returnNotes: []string{
			"这份日志是隔了几天才补填的吧?请当天下班前30分钟填写,并把每个拜访的下一步写清楚。",
			"日志请当天提交。补填时请把客户的反馈写具体,不要只写“还行”。",
		},
		vague:  []string{"补填:那天跑了几个客户,具体记不太清了。", "补填:拜访了客户,还行。"},
		income: 12000, avgPremium: 8000, closeAssumed: 0.06, perDay: 4,
		focus: "other",
	},
}
