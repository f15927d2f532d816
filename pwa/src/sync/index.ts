// The client side of the sync protocol (docs/protocol.md), with no UI: the HLC, the
// per-field merge, the IndexedDB replica and the sync loop. Screens import
// from here only.

export { compareStamps, formatStamp, parseStamp, HybridClock, type ClockState, type Stamp } from "./hlc";
export { canonicalJSON, changeAsVersioned, isDeleted, mergeRecords, recordVersion, type Fields, type Versioned } from "./merge";
export type { Change, RejectCode, SyncRequest } from "./protocol";
export { LocalStore, StorageFullError, databaseName, isQuotaError, type LocalRecord, type Meta, type NewChange, type OutboxEntry, type RejectedEntry } from "./store";
export { OfflineError, SyncEngine, type DataChange, type HttpAnswer, type Send, type SyncOutcome, type SyncSnapshot } from "./engine";
export { nameUUID, newUUID } from "./uuid";
export type { LostEdit } from "./lost";
export { outboxFileName, outboxFiles, type OutboxFile, type OutboxUser } from "./outboxFile";
