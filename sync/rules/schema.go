// Package rules is the law of the sync protocol's records: the collections
// and their field schemas, which role may write which field of whose record,
// and the day-log review state machine. It is pure: the replication engine
// gives it the record as stored and a Directory of users, and applies what
// it decides.
package rules

import "fieldbook"

// The closed lists of the schemas, from the domain's vocabulary
// (fieldbook.Vocabulary), which the app shares.
var (
	// ActivityKinds are the kinds of activity docs/domain.md counts, in the
	// order the guide lists them.
	ActivityKinds = fieldbook.Kinds()
	// ProblemTags tag a day log's problems and a coaching note's focus.
	ProblemTags = fieldbook.ProblemTags()
	// Needs are what a customer may need.
	Needs = fieldbook.WordsOf("NEEDS")
	// IncomeBands are a customer's yearly household income bands, in yuan.
	IncomeBands = fieldbook.WordsOf("INCOME_BANDS")
	// ProspectStages are the Plan 100 pipeline.
	ProspectStages = fieldbook.WordsOf("STAGES")
	grades         = fieldbook.WordsOf("GRADES")
	sources        = fieldbook.WordsOf("SOURCES")
	genders        = fieldbook.WordsOf("GENDERS")
	logStates      = fieldbook.WordsOf("LOG_STATES")
	consentGroups  = fieldbook.WordsOf("CONSENT_GROUPS")
	consentActions = fieldbook.WordsOf("CONSENT_ACTIONS")
	consentMethods = fieldbook.WordsOf("CONSENT_METHODS")
)

// MaxFocus is the longest day focus, in characters: a few sentences, read
// from across the room.
const MaxFocus = 300

// MaxText is the longest text field docs/protocol.md allows; longer is too_large.
const MaxText = 8000

// MaxChangeBytes is the largest change, as JSON, docs/protocol.md allows.
const MaxChangeBytes = 64 << 10

// writer says who may write a field.
type writer uint8

const (
	byOwner      writer = 1 << iota // the agent who owns the record
	byReviewer                      // a supervisor of the owner's team
	byServer                        // the server only
	byAuthor                        // the supervisor who wrote the record
	byAgentOrSup = byOwner | byReviewer
)

// field is one field's schema.
type field struct {
	check    checker
	writers  writer
	required bool // on creation
	// A person's data (customers, prospects) is kept for a purpose, is of
	// a class, and may need the person's consent to a group (privacy.go).
	purpose string
	class   string
	group   string
}

// collection is one collection's schema.
type collection struct {
	name string
	// owner is the role that creates and owns records of the collection;
	// "" for records only the server writes.
	owner fieldbook.Role
	// shared records are seen by the whole team, not only by the owner's
	// supervisors.
	shared bool
	// personal records hold a person's data: their fields have a purpose,
	// a class and maybe a consent group (privacy.go).
	personal bool
	// ledger records are written once, when they are created: a change
	// to one is forbidden (a correction is a new record).
	ledger bool
	// teamWide records belong to the team rather than to their author:
	// every supervisor of the record's team writes them as their author
	// would (the day's focus).
	teamWide bool
	fields   map[string]field
}

func common(fs map[string]field) map[string]field {
	fs[fieldbook.FieldOwner] = field{check: uuidCheck, writers: byServer}
	fs[fieldbook.FieldTeam] = field{check: uuidCheck, writers: byServer}
	fs[fieldbook.FieldCreatedAt] = field{check: timeCheck, writers: byServer}
	fs[fieldbook.FieldUpdatedAt] = field{check: timeCheck, writers: byServer}
	fs[fieldbook.FieldHandedFrom] = field{check: uuidCheck, writers: byServer}
	if _, ok := fs[fieldbook.FieldDeleted]; !ok {
		fs[fieldbook.FieldDeleted] = field{check: boolCheck, writers: byOwner}
	}
	return fs
}

var collections = map[string]*collection{
	fieldbook.Prospects: {name: fieldbook.Prospects, owner: fieldbook.RoleAgent, personal: true, fields: common(map[string]field{
		"name":         {check: str(1, 100), writers: byOwner, required: true},
		"phone":        {check: phone, writers: byOwner, group: fieldbook.GroupContact},
		"source":       {check: enum(sources...), writers: byOwner},
		"referrer":     {check: str(0, 100), writers: byOwner},
		"grade":        {check: enum(grades...), writers: byOwner},
		"need_score":   {check: integer(0, 10), writers: byOwner, group: fieldbook.GroupHealth},
		"wealth_score": {check: integer(0, 10), writers: byOwner, group: fieldbook.GroupIncome},
		"trust_score":  {check: integer(0, 10), writers: byOwner},
		"stage":        {check: enum(ProspectStages...), writers: byOwner},
		"notes":        {check: text, writers: byOwner},
		"customer_id":  {check: uuidCheck, writers: byOwner},
		// The agent's "keep" of a dormant name (fieldbook.ProspectDormancy):
		// general data, no consent needed to answer.
		fieldbook.FieldKeptAt: {check: timeCheck, writers: byOwner},
	})},
	fieldbook.Customers: {name: fieldbook.Customers, owner: fieldbook.RoleAgent, personal: true, fields: common(map[string]field{
		"name":        {check: str(1, 100), writers: byOwner, required: true},
		"phone":       {check: phone, writers: byOwner, group: fieldbook.GroupContact},
		"gender":      {check: enum(genders...), writers: byOwner},
		"age":         {check: integer(0, 120), writers: byOwner},
		"occupation":  {check: str(0, 100), writers: byOwner},
		"income_band": {check: enum(IncomeBands...), writers: byOwner, group: fieldbook.GroupIncome},
		"spouse":      {check: str(0, 100), writers: byOwner, group: fieldbook.GroupFamily},
		"children":    {check: children, writers: byOwner, group: fieldbook.GroupFamily},
		"needs":       {check: enumList(Needs...), writers: byOwner, group: fieldbook.GroupHealth},
		"notes":       {check: text, writers: byOwner},
		"prospect_id": {check: uuidCheck, writers: byOwner},
	})},
	fieldbook.Consents: {name: fieldbook.Consents, owner: fieldbook.RoleAgent, ledger: true, fields: common(map[string]field{
		fieldbook.FieldSubject:       {check: enum(fieldbook.Customers, fieldbook.Prospects), writers: byOwner, required: true},
		fieldbook.FieldSubjectID:     {check: uuidCheck, writers: byOwner, required: true},
		fieldbook.FieldGroup:         {check: enum(consentGroups...), writers: byOwner, required: true},
		fieldbook.FieldAction:        {check: enum(consentActions...), writers: byOwner, required: true},
		fieldbook.FieldNoticeVersion: {check: str(1, 40), writers: byOwner},
		fieldbook.FieldMethod:        {check: enum(consentMethods...), writers: byOwner, required: true},
		fieldbook.FieldAt:            {check: timeCheck, writers: byOwner, required: true},
		fieldbook.FieldGuardian:      {check: str(0, 100), writers: byOwner},
	})},
	fieldbook.Activities: {name: fieldbook.Activities, owner: fieldbook.RoleAgent, fields: common(map[string]field{
		"kind":        {check: enum(ActivityKinds...), writers: byOwner, required: true},
		"occurred_at": {check: timeCheck, writers: byOwner, required: true},
		"customer_id": {check: uuidCheck, writers: byOwner},
		"prospect_id": {check: uuidCheck, writers: byOwner},
		"outcome":     {check: str(0, 500), writers: byOwner},
		"premium":     {check: number(0, 100_000_000), writers: byOwner},
		"next_step":   {check: str(0, 500), writers: byOwner},
		// The day the next step is due (a follow-up), in the team's zone.
		fieldbook.FieldNextAt: {check: dateCheck, writers: byOwner},
		"notes":               {check: text, writers: byOwner},
		"voided":              {check: boolCheck, writers: byReviewer},
		"void_reason":         {check: str(0, 500), writers: byReviewer},
	})},
	fieldbook.DayLogs: {name: fieldbook.DayLogs, owner: fieldbook.RoleAgent, fields: common(map[string]field{
		fieldbook.FieldDate:            {check: dateCheck, writers: byOwner, required: true},
		"plan":                         {check: plan, writers: byOwner},
		"problems":                     {check: problems, writers: byOwner},
		"summary":                      {check: text, writers: byOwner},
		fieldbook.FieldState:           {check: enum(logStates...), writers: byAgentOrSup},
		fieldbook.FieldReviewComment:   {check: str(0, 2000), writers: byReviewer},
		fieldbook.FieldReviewedVersion: {check: stampCheck, writers: byReviewer},
		fieldbook.FieldAmended:         {check: boolCheck, writers: byServer},
	})},
	fieldbook.Goals: {name: fieldbook.Goals, owner: fieldbook.RoleAgent, fields: common(map[string]field{
		"agent_id":             {check: uuidCheck, writers: byAgentOrSup},
		"period":               {check: period, writers: byAgentOrSup, required: true},
		"targets":              {check: targets, writers: byAgentOrSup},
		"income_target":        {check: number(0, 100_000_000), writers: byAgentOrSup},
		"assumptions":          {check: assumptions, writers: byAgentOrSup},
		fieldbook.FieldDeleted: {check: boolCheck, writers: byAgentOrSup},
	})},
	fieldbook.CoachingNotes: {name: fieldbook.CoachingNotes, owner: fieldbook.RoleSupervisor, fields: common(map[string]field{
		"agent_id":             {check: uuidCheck, writers: byAuthor, required: true},
		"text":                 {check: textRequired, writers: byAuthor, required: true},
		"focus":                {check: enum(ProblemTags...), writers: byAuthor},
		fieldbook.FieldDeleted: {check: boolCheck, writers: byAuthor},
	})},
	// One per team and day (DayFocusID), so that every supervisor's phone
	// writes the same record and the merge leaves one focus.
	fieldbook.DayFocus: {name: fieldbook.DayFocus, owner: fieldbook.RoleSupervisor, shared: true, teamWide: true, fields: common(map[string]field{
		fieldbook.FieldDate:    {check: dateCheck, writers: byAuthor, required: true},
		"text":                 {check: str(0, MaxFocus), writers: byAuthor, required: true},
		fieldbook.FieldDeleted: {check: boolCheck, writers: byAuthor},
	})},
	fieldbook.Members: {name: fieldbook.Members, shared: true, fields: common(map[string]field{
		"name":   {check: str(1, 100), writers: byServer},
		"role":   {check: enum("agent", "supervisor", "admin"), writers: byServer},
		"active": {check: boolCheck, writers: byServer},
	})},
	fieldbook.Scores: {name: fieldbook.Scores, shared: true, fields: common(map[string]field{
		fieldbook.FieldDeleted: {check: boolCheck, writers: byServer},
	})},
}

// Known reports whether name is a collection of the protocol.
func Known(name string) bool { return collections[name] != nil }

// Shared reports whether records of the collection are seen by the whole
// team (the server-written members and scores).
func Shared(name string) bool {
	c := collections[name]
	return c != nil && c.shared
}

// CollectionNames lists the collections in a fixed order.
func CollectionNames() []string {
	return []string{fieldbook.Prospects, fieldbook.Customers, fieldbook.Activities, fieldbook.DayLogs, fieldbook.Goals, fieldbook.CoachingNotes, fieldbook.Members, fieldbook.Scores, fieldbook.DayFocus}
}
