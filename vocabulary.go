package fieldbook

// The domain's words (docs/domain.md), written once. The server's schemas,
// scores and exports use them, and `go generate ./pwa` writes the same
// lists for the app (pwa/src/data/vocabulary.ts), so CI's
// regenerate-and-compare check keeps both in step.

// Kind is a kind of activity.
type Kind = string

// The kinds of activity docs/domain.md counts.
const (
	KindProspect         Kind = "prospect"          // 获客: a new name added
	KindCall             Kind = "call"              // 约访: an appointment call attempt
	KindAppointment      Kind = "appointment"       // 邀约成功: an appointment won
	KindVisit            Kind = "visit"             // 拜访
	KindSalesInterview   Kind = "sales_interview"   // 销售面谈
	KindClosingInterview Kind = "closing_interview" // 成交面谈
	KindDeal             Kind = "deal"              // 成交: a policy sold, with its premium
)

// The collections of docs/protocol.md: the kinds of record a sync carries.
const (
	Prospects     = "prospects"
	Customers     = "customers"
	Activities    = "activities"
	DayLogs       = "day_logs"
	Goals         = "goals"
	CoachingNotes = "coaching_notes"
	Consents      = "consents" // the consent ledger: one record per consent given or withdrawn
	Members       = "members"  // server-written: what a team sees of its people
	Scores        = "scores"   // server-written: an agent's scored week or month
	// DayFocus is the morning meeting's focus of one team and day (今日重点):
	// written by the team's supervisors, read by the whole team.
	DayFocus = "day_focus"
)

// Collections are every collection, in the order of docs/protocol.md.
func Collections() []string {
	return []string{Prospects, Customers, Activities, DayLogs, Goals, CoachingNotes, Consents, Members, Scores, DayFocus}
}

// Field names the server reads or writes itself. The rest of each
// collection's fields are named once, in its schema (sync/rules).
const (
	// Owned by the server on every record.
	FieldOwner     = "owner_id"
	FieldTeam      = "team_id"
	FieldCreatedAt = "created_at"
	FieldUpdatedAt = "updated_at"
	FieldDeleted   = "_deleted"
	// The agent who held a person's record before their departure.
	FieldHandedFrom = "handed_from"

	// A day log's part in the review state machine.
	FieldState           = "state"
	FieldReviewComment   = "review_comment"
	FieldReviewedVersion = "reviewed_version"
	FieldAmended         = "amended"
	FieldDate            = "date"
	FieldPlan            = "plan"

	// What scores read of activities and goals.
	FieldKind       = "kind"
	FieldOccurredAt = "occurred_at"
	FieldCustomerID = "customer_id"
	FieldProspectID = "prospect_id"
	FieldPremium    = "premium"
	FieldVoided     = "voided"
	FieldPeriod     = "period"
	FieldTargets    = "targets"
	FieldStage      = "stage"
	// A prospect's keep, when its agent answered that a dormant name stays.
	FieldKeptAt = "kept_at"

	// A consent event (the consents collection).
	FieldSubject       = "subject"
	FieldSubjectID     = "subject_id"
	FieldGroup         = "group"
	FieldAction        = "action"
	FieldNoticeVersion = "notice_version"
	FieldMethod        = "method"
	FieldAt            = "at"
	FieldGuardian      = "guardian"

	// What an erasure clears on the activities that name a person.
	FieldOutcome  = "outcome"
	FieldNextStep = "next_step"
	FieldNotes    = "notes"
	// FieldNextAt is the day an activity's next step is due (YYYY-MM-DD in
	// the team's zone): the follow-up the app lists on Today.
	FieldNextAt = "next_at"

	// The server's members and scores records; a person's name and phone
	// (the policyholders of an agent who left).
	FieldPhone   = "phone"
	FieldName    = "name"
	FieldRole    = "role"
	FieldActive  = "active"
	FieldAgentID = "agent_id"
)

// A day log's review states.
const (
	StateDraft     = "draft"
	StateSubmitted = "submitted"
	StateApproved  = "approved"
	StateReturned  = "returned"
)

// The consent groups: the fields of a customer or prospect that need the
// person's consent, group by group (docs/domain.md "Privacy").
const (
	GroupContact = "contact"
	GroupHealth  = "health"
	GroupIncome  = "income"
	GroupFamily  = "family"
)

// What a consent event records, and how it was given.
const (
	ConsentGiven     = "given"
	ConsentWithdrawn = "withdrawn"
)

// The classes of personal data (PIPL Art. 28): sensitive data needs the
// person's separate consent.
const (
	ClassSensitive = "sensitive"
	ClassGeneral   = "general"
)

// GuardianAge is the age under which a child's data needs a guardian's
// consent (PIPL Art. 31).
const GuardianAge = 14

// The Plan 100 stages that end a prospect's pipeline.
const (
	StageClosed  = "closed"
	StageDropped = "dropped"
)

// Kinds are the kinds of activity in the guide's order.
func Kinds() []string {
	return []string{KindProspect, KindCall, KindAppointment, KindVisit, KindSalesInterview, KindClosingInterview, KindDeal}
}

// Vocabulary is every closed list of words the records use, by the name the
// app knows it under, in the order the interface shows them.
func Vocabulary() []Words {
	return []Words{
		{"COLLECTIONS", "the collections a sync carries", Collections()},
		{"KINDS", "the kinds of activity", Kinds()},
		{"GRADES", "a prospect's grade: A high intent … D none", []string{"A", "B", "C", "D"}},
		{"STAGES", "the Plan 100 pipeline", []string{"new", "contacted", "appointment", "visited", StageClosed, StageDropped}},
		{"SOURCES", "where a prospect came from", []string{"referral", "other"}},
		{"TAGS", "a problem's tag, and a coaching note's focus", ProblemTags()},
		{"NEEDS", "what a customer may need", []string{"health", "pension", "education", "wealth", "accident", "life"}},
		{"INCOME_BANDS", "a customer's yearly household income, in yuan", []string{"under_100k", "100k_300k", "300k_1m", "over_1m"}},
		{"GENDERS", "a customer's gender", []string{"male", "female", "other"}},
		{"LOG_STATES", "a work log's review state", []string{StateDraft, StateSubmitted, StateApproved, StateReturned}},
		{"CONSENT_GROUPS", "the groups of a person's fields that need their consent", []string{GroupContact, GroupHealth, GroupIncome, GroupFamily}},
		{"CONSENT_ACTIONS", "what a consent event records", []string{ConsentGiven, ConsentWithdrawn}},
		{"CONSENT_METHODS", "how a consent was given or withdrawn", []string{"in_person", "paper", "e_signature"}},
	}
}

// Words is one closed list of the vocabulary.
type Words struct {
	Name  string // as the app's constant: KINDS
	About string
	List  []string
}

// ProblemTags tag a day log's problems and a coaching note's focus.
func ProblemTags() []string {
	return []string{"product_knowledge", "objection_handling", "appointment_script", "needs_discovery", "proposal_explanation", "referral_script", "other"}
}

// WordsOf returns the list of the vocabulary named name (KINDS, NEEDS…).
func WordsOf(name string) []string {
	for _, w := range Vocabulary() {
		if w.Name == name {
			return w.List
		}
	}
	return nil
}
