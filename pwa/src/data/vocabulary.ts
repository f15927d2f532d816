// The domain's words, written by `go generate ./pwa` from the root package's
// vocabulary.go: edit them there, never here.

/** the collections a sync carries */
export const COLLECTIONS = ["prospects", "customers", "activities", "day_logs", "goals", "coaching_notes", "consents", "members", "scores", "day_focus"] as const;

/** the kinds of activity */
export const KINDS = ["prospect", "call", "appointment", "visit", "sales_interview", "closing_interview", "deal"] as const;

/** a prospect's grade: A high intent … D none */
export const GRADES = ["A", "B", "C", "D"] as const;

/** the Plan 100 pipeline */
export const STAGES = ["new", "contacted", "appointment", "visited", "closed", "dropped"] as const;

/** where a prospect came from */
export const SOURCES = ["referral", "other"] as const;

/** a problem's tag, and a coaching note's focus */
export const TAGS = ["product_knowledge", "objection_handling", "appointment_script", "needs_discovery", "proposal_explanation", "referral_script", "other"] as const;

/** what a customer may need */
export const NEEDS = ["health", "pension", "education", "wealth", "accident", "life"] as const;

/** a customer's yearly household income, in yuan */
export const INCOME_BANDS = ["under_100k", "100k_300k", "300k_1m", "over_1m"] as const;

/** a customer's gender */
export const GENDERS = ["male", "female", "other"] as const;

/** a work log's review state */
export const LOG_STATES = ["draft", "submitted", "approved", "returned"] as const;

/** the groups of a person's fields that need their consent */
export const CONSENT_GROUPS = ["contact", "health", "income", "family"] as const;

/** what a consent event records */
export const CONSENT_ACTIONS = ["given", "withdrawn"] as const;

/** how a consent was given or withdrawn */
export const CONSENT_METHODS = ["in_person", "paper", "e_signature"] as const;

/** the fields of a person's record each consent group covers (sync/rules' schema) */
export const GROUP_FIELDS = {
  customers: { contact: ["phone"], health: ["needs"], income: ["income_band"], family: ["children", "spouse"] },
  prospects: { contact: ["phone"], health: ["need_score"], income: ["wealth_score"], family: [] },
} as const;

/** the age under which a child's data needs a guardian's consent */
export const GUARDIAN_AGE = 14;
