package demo

// The phrase banks of the demo: names, occupations, outcomes, problems and
// comments, in the words of the guide (seed/activity-management-guide.zh.txt).
// Every list is read by index from a seeded generator, so their order is
// part of the demo's content.

var surnames = []string{
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
	"何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
	"袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
	"叶", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭",
}

var maleGiven = []string{
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "鹏", "斌", "辉", "健", "峰",
	"建华", "志强", "海涛", "文博", "子豪", "浩然", "俊杰", "宇航", "国庆", "立新", "晓东", "振宇", "家明", "永康",
}

var femaleGiven = []string{
	"芳", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "慧", "玲", "倩", "颖", "琳", "洁", "萍",
	"秀英", "桂英", "晓燕", "丽华", "欣怡", "雨涵", "思琪", "佳怡", "梦婷", "淑珍", "海燕", "春梅", "文静", "晓雯",
}

var childNames = []string{"乐乐", "朵朵", "豆豆", "果果", "天天", "小米", "欣欣", "浩浩", "可可", "贝贝", "安安", "宁宁"}

// occupation is a job with the household income band it usually brings
// and whether it carries an accident risk worth insuring.
type occupation struct {
	name, income string
	risky        bool
}

var occupations = []occupation{
	{"中学教师", "100k_300k", false},
	{"小学教师", "100k_300k", false},
	{"公务员", "100k_300k", false},
	{"医生", "300k_1m", false},
	{"护士", "100k_300k", false},
	{"程序员", "300k_1m", false},
	{"外企财务经理", "300k_1m", false},
	{"私营企业主", "over_1m", false},
	{"餐馆老板", "300k_1m", false},
	{"奶茶店老板", "100k_300k", false},
	{"销售经理", "300k_1m", false},
	{"工厂技术员", "under_100k", true},
	{"快递站点负责人", "100k_300k", true},
	{"会计", "100k_300k", false},
	{"律师", "300k_1m", false},
	{"室内设计师", "100k_300k", false},
	{"网约车司机", "under_100k", true},
	{"银行职员", "100k_300k", false},
	{"房产中介", "100k_300k", false},
	{"装修包工头", "300k_1m", true},
	{"电商店主", "300k_1m", false},
	{"退休教师", "under_100k", false},
}

// friendReferrers refer prospects without being customers themselves.
var friendReferrers = []string{"张姐", "大学同学刘洋", "表哥", "前同事小吴", "邻居赵阿姨", "健身教练阿杰", "老乡陈哥", "孩子同学家长周女士"}

var otherSources = []string{"社区健康讲座认识", "小区业主群咨询", "朋友圈留言咨询", "同学聚会认识", "商场活动登记", "陌拜写字楼认识", "家长会认识", "车友会认识"}

var prospectHints = []string{
	"刚生二胎,关注孩子教育", "父母年纪大了,担心医疗费用", "自己开店,收入不稳定", "单位只有基本医保",
	"对保险有顾虑,觉得理赔难", "刚买房,房贷压力大", "想给自己准备养老钱", "经常出差开车",
	"朋友生病后开始关注重疾", "有闲置资金,想稳健理财",
}

var meetPlaces = []string{"在客户公司楼下咖啡馆", "在客户家里", "在小区门口茶室", "在客户店里", "在公司会客室", "在商场咖啡厅"}

var callFailures = []string{
	"未接通", "未接通,稍后再打", "客户在开会,约好明天再联系", "客户说最近忙,下周再约",
	"客户表示已经有单位的保险了", "客户对保险有顾虑,先加了微信发资料", "客户出差,下周回来再约", "客户说要先和家人商量",
}

var firstVisitOutcomes = []string{
	"初次见面,了解了家庭情况和保障缺口,已录入客户档案",
	"聊了一个小时,客户对%s比较关注,已录入客户档案",
	"客户只聊了十几分钟,态度一般,先留下资料",
	"做了需求调查,客户愿意看计划书",
	"客户很健谈,主动说起家里的保障安排",
}

var followVisits = []string{
	"送生日礼物,顺便请求转介绍,客户答应介绍同事",
	"保单检视,提醒续期缴费",
	"回访,客户对理赔服务满意",
	"送修改后的计划书,客户还在比较",
	"客户临时有事,只聊了十分钟,改约下周",
	"邀请客户参加健康主题活动,客户答应报名",
	"帮客户办理保全变更,顺便了解家人保障",
}

// visitTopics are what a visit talked about, for the interaction history.
var visitTopics = []string{
	"聊了孩子上学的安排和教育金的准备", "了解了父母的医保和看病情况", "讨论了房贷和每月的家庭支出",
	"客户问了理赔需要准备哪些材料", "客户提到同事最近生病住院,花了不少钱", "聊了单位福利和社保的保障范围",
	"客户说家里的钱主要由爱人管", "一起看了客户已有的保单,发现缺少重疾保障",
}

var nextSteps = []string{"送计划书", "做需求调查", "约成交面谈", "带理赔案例再聊", "请客户介绍朋友", "邀请参加健康讲座"}

var interviewConcerns = []string{"理赔流程", "保费预算", "保障范围", "现金价值", "缴费年限", "等待期"}

var closingFailures = []string{"客户还要和家人商量", "客户觉得保费偏高,调整方案后再谈", "客户说再考虑考虑", "客户想再比较一下其他公司的产品"}

// products by need: a name and whether it is a small-premium product.
var productsByNeed = map[string][]string{
	"health":    {"重疾险", "重疾险+医疗险组合"},
	"education": {"教育金"},
	"pension":   {"养老年金"},
	"wealth":    {"增额终身寿险"},
	"accident":  {"意外险+重疾险组合"},
	"life":      {"定期寿险"},
}

var smallProducts = []string{"意外险", "百万医疗险", "意外险+医疗险组合", "小额重疾险"}

var needHooks = map[string]string{
	"health":    "担心重疾理赔难,下次带理赔案例",
	"education": "对教育金分期缴费感兴趣,需跟进",
	"pension":   "想了解养老年金,预算每年一两万",
	"wealth":    "有闲置资金,关注收益是否稳定",
	"accident":  "经常在外奔波,关注意外保障",
	"life":      "家里房贷压力大,顶梁柱需要定期寿险",
}

var needNames = map[string]string{
	"health": "健康保障", "education": "子女教育金", "pension": "养老", "wealth": "财富传承",
	"accident": "意外保障", "life": "寿险保障",
}

// problemTexts are the typical problems the guide names, by tag.
var problemTexts = map[string][]string{
	"product_knowledge": {
		"在讲解重疾险时,客户问理赔难不难,我没答上来。",
		"客户问重疾险和医疗险有什么区别,我解释得不清楚。",
		"客户问分红是不是保证的,我不确定,只好说回去查一下。",
		"客户问等待期内出险怎么办,我答得含糊。",
	},
	"objection_handling": {
		"客户说保险都是骗人的,我不知道怎么回应。",
		"客户说再考虑考虑,我没有追问他真正的顾虑是什么。",
		"客户说单位已经有医保了,不需要商业保险,我没能说明缺口。",
		"客户嫌保费贵,我只会说可以分期,没讲清楚价值。",
	},
	"appointment_script": {
		"电话约访时客户说没时间就挂了,我没有给出二选一的时间。",
		"约访开场白太长,客户还没听完就拒绝了。",
		"今天打了很多电话只约到一个,开场白需要改。",
		"客户问我是谁介绍的,我一紧张就说不清楚了。",
	},
	"needs_discovery": {
		"没有问清客户的家庭收入和负债,计划书做不出来。",
		"客户关注孩子教育金,我却一直在讲重疾险。",
		"只顾着介绍产品,没有先做需求调查。",
		"客户只买了意外险,没有挖掘他家庭的重疾保障需求。",
	},
	"proposal_explanation": {
		"计划书讲得太长,客户听得不耐烦。",
		"客户看不懂现金价值表,我讲得太专业了。",
		"讲方案时没有结合客户家庭情况,客户觉得和自己关系不大。",
	},
	"referral_script": {
		"成交后不好意思开口要转介绍。",
		"请老客户转介绍时,客户说身边朋友都买过了,我不知道怎么接。",
		"要转介绍时太直接,客户有点为难。",
	},
	"other": {
		"下午下雨,一位客户临时取消了拜访,改约到明天。",
		"两个拜访点距离太远,路上花了两个小时。",
		"客户当天没时间,改约到下周一(无效拒绝,继续跟进)。",
		"系统里找不到上次的拜访记录,以后要当天录入客户档案。",
	},
}

var approvalComments = map[string][]string{
	"visits":   {"拜访量达标,继续保持!", "今天的访量很扎实,明天保持节奏。"},
	"deal":     {"恭喜成交!一周内记得送保单并请客户转介绍。", "成交了,不错!把这位客户的需求记进客户档案。"},
	"problems": {"问题记录得很具体,明早晨会我们一起练。", "这个问题很典型,晚会上请分享给大家。"},
	"low":      {"访量没达标,明天先把A类客户约出来。", "今天拜访少了点,看看计划100里还有哪些8分以上的客户。"},
}
