// Record ids and client ids are random (version 4) UUIDs in lowercase, as
// docs/protocol.md requires.

/**
 * Returns a new lowercase v4 UUID. crypto.randomUUID needs Chrome 92 and
 * Safari 15.4; older phones get the same thing from getRandomValues.
 */
export function newUUID(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The name-based (version 5, SHA-1) UUID of `name` in namespace `ns`, as the
 * server computes a day log's id from its owner and date (so a log written
 * on two phones is one record). WebCrypto needs a secure context, which a
 * service worker needs anyway.
 */
export async function nameUUID(ns: string, name: string): Promise<string> {
  const nsBytes = ns
    .replace(/-/g, "")
    .match(/../g)!
    .map((h) => parseInt(h, 16));
  const data = new Uint8Array([...nsBytes, ...new TextEncoder().encode(name)]);
  const b = new Uint8Array(await crypto.subtle.digest("SHA-1", data)).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
