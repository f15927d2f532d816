// Fieldbook's service worker: the app shell works with no network.
//
// Built by pwa/build into dist/sw.js (a stable URL), with the precache list
// and a version derived from the content of those files compiled in, so any
// change to the app changes this file and browsers install the new worker.
//
// Strategies:
// - Navigations: cache first, the precached shell ("/" — index.html).
//   Network-first would make an agent with one bar of signal wait for a
//   time-out before the app opens, every time; and the shell must match the
//   assets this worker precached. New versions arrive through the worker
//   update, which the user accepts (see update.ts), so cache first never
//   strands anyone on an old version.
// - /assets/*: cache first; the names are content hashes, so they never change.
// - /api/ and the server's own endpoints: never touched, never cached. Data
//   lives in IndexedDB, not in HTTP caches.
// - It never calls skipWaiting by itself: only when the page asks.

declare const __FB_PRECACHE__: string[];
declare const __FB_VERSION__: string;

// The service-worker types the DOM library lacks. Declared here rather than
// adding the WebWorker library, which conflicts with DOM in one program.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
interface WindowClientLike {
  postMessage(message: unknown): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void>; matchAll(opts: { type: "window" }): Promise<WindowClientLike[]> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: FetchEvent) => void): void;
  addEventListener(type: "message", fn: (e: ExtendableMessageEvent) => void): void;
  addEventListener(type: "sync", fn: (e: SyncEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const PREFIX = "fieldbook-shell-";
const CACHE = PREFIX + __FB_VERSION__;
const SHELL = "/";
/** The Background Sync tag the pages register (see replica.ts). */
const SYNC_TAG = "fieldbook-outbox";
// Paths the server answers itself; a navigation to them must reach it.
const BYPASS = ["/api/", "/healthz", "/metrics", "/sw.js"];

worker.addEventListener("install", (e) => e.waitUntil(precache()));

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  await Promise.all(
    __FB_PRECACHE__.map(async (url) => {
      // A hashed asset kept by the previous version is the same file: copy
      // it instead of downloading it again over mobile data.
      const old = url.startsWith("/assets/") ? await caches.match(url) : undefined;
      // "reload" skips the HTTP cache: index.html and the manifest must be
      // this version's, not a copy an intermediary kept.
      const res = old ?? (await fetch(new Request(url, { cache: "reload" })));
      if (!res.ok) throw new Error(`precache ${url}: HTTP ${res.status}`);
      await cache.put(url, res);
    }),
  );
}

worker.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // Control the pages opened before the first install, so they work
      // offline without a reload. (update.ts reloads only on request.)
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener("message", (e) => {
  const data = e.data as { type?: unknown } | null;
  if (data?.type === "SKIP_WAITING") e.waitUntil(worker.skipWaiting());
});

// Background Sync: the browser fires this when the network is back, even if
// the app sits in a background tab. The pages hold the tokens and the
// replica, so the worker wakes them to sync rather than syncing itself.
worker.addEventListener("sync", (e) => {
  if (e.tag !== SYNC_TAG) return;
  e.waitUntil(
    worker.clients.matchAll({ type: "window" }).then((list) => {
      for (const c of list) c.postMessage({ type: "SYNC" });
    }),
  );
});

worker.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== worker.location.origin) return;
  if (BYPASS.some((p) => url.pathname === p || (p.endsWith("/") && url.pathname.startsWith(p)))) return;

  if (req.mode === "navigate") {
    // Paths with an extension are files (a backup download, say), not app routes.
    if (/\.[^/]*$/.test(url.pathname)) return;
    e.respondWith(shell(req));
    return;
  }
  e.respondWith(cacheFirst(req, url));
});

async function shell(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(SHELL)) ?? fetch(req);
}

async function cacheFirst(req: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  // Only immutable files are added at run time; everything else of this
  // version is already precached.
  if (res.ok && url.pathname.startsWith("/assets/")) await cache.put(req, res.clone());
  return res;
}
