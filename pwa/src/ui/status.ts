// What the status strip says about the connection, from what is known to be
// true (pure, so the Node tests can check it): the device has no network;
// the last request reached no server (or the server failed it with a 5xx);
// the server answered; or nothing has been asked yet. navigator.onLine alone
// says nothing about the server: with the server down it stays true.

export type Conn = "online" | "offline" | "unreachable" | "unknown";

export interface ConnFacts {
  /** navigator.onLine: false means this device has no network at all. */
  network: boolean;
  /** Whether the last request to finish got an answer under 500 (api.ts serverAnswers); null before any. */
  answered: boolean | null;
}

/** The connection state the strip shows. */
export function connOf({ network, answered }: ConnFacts): Conn {
  if (!network) return "offline";
  if (answered === false) return "unreachable";
  return answered ? "online" : "unknown";
}

/** The shell's message key for the strip's first words. While unreachable or offline, a retry in progress does not hide that. */
export function connKey(conn: Conn, syncing: boolean): "sync.online" | "sync.offline" | "sync.unreachable" | "sync.unknown" | "sync.syncing" {
  if (conn === "offline" || conn === "unreachable") return `sync.${conn}`;
  return syncing ? "sync.syncing" : `sync.${conn}`;
}
