// Service worker of the field-capture app (scope /campo/): keeps the app shell and the
// reference data so the app opens and works with the network off.
const VERSION = "campo-v1";
const SHELL = [
  "/campo/",
  "/campo/referencia.json",
  "/campo/manifest.webmanifest",
  "/static/css/app.css",
  "/static/field/field.css",
  "/static/field/app.js",
  "/static/field/store.js",
  "/static/field/icon-192.png",
  "/static/field/icon-512.png",
];
// Never cached: who is signed in (with its CSRF token) and the sending itself.
const NETWORK_ONLY = ["/campo/sesion.json", "/campo/sincronizar"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NETWORK_ONLY.includes(url.pathname)) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/campo/")) {
    event.respondWith(networkFirst(request, "/campo/"));
  } else if (url.pathname === "/campo/referencia.json") {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (url.pathname.startsWith("/static/") || SHELL.includes(url.pathname)) {
    event.respondWith(cacheThenRefresh(request));
  }
});

// Fresh when online (and remembered); the cached copy when the network fails.
async function networkFirst(request, cacheKey) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(cacheKey, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = await cache.match(cacheKey);
    if (cached) return cached;
    throw offline;
  }
}

// Assets: answer from the cache at once and refresh it in the background.
async function cacheThenRefresh(request) {
  const cache = await caches.open(VERSION);
  const cached = await cache.match(request, { ignoreSearch: true });
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => cached);
  return cached || refresh;
}
