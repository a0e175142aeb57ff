// Service worker of the field-capture app (scope /campo/): keeps the app shell and the
// reference data so the app opens and works with the network off.
const VERSION = "campo-v3";
const SHELL = [
  "/campo/",
  "/campo/referencia.json",
  "/campo/reglas.json",
  "/campo/manifest.webmanifest",
  "/static/css/app.css",
  "/static/field/field.css",
  "/static/field/app.js",
  "/static/field/store.js",
  "/static/field/rules.js",
  "/static/field/icon-192.png",
  "/static/field/icon-512.png",
];
// Never cached: who is signed in (with its CSRF token) and the sending itself.
const NETWORK_ONLY = ["/campo/sesion.json", "/campo/sincronizar", "/campo/viajes.json", "/campo/distritos.json"];

const PAGE = "/campo/";

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

// The page is kept only when it is the app itself: signed out, /campo/ redirects to /login.
async function precache() {
  const cache = await caches.open(VERSION);
  await cache.addAll(SHELL.filter((url) => url !== PAGE));
  const page = await fetch(PAGE, { credentials: "same-origin" }).catch(() => null);
  if (page && page.ok && !page.redirected) await cache.put(PAGE, page);
}

self.addEventListener("activate", (event) => {
  event.waitUntil(keepPageAndDropOldCaches().then(() => self.clients.claim()));
});

async function keepPageAndDropOldCaches() {
  const cache = await caches.open(VERSION);
  if (!(await cache.match(PAGE))) {
    const previous = await caches.match(PAGE);
    if (previous) await cache.put(PAGE, previous);
  }
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k)));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NETWORK_ONLY.includes(url.pathname)) return;
  if (request.mode === "navigate" && url.pathname.startsWith(PAGE)) {
    event.respondWith(networkFirst(request, PAGE));
  } else if (url.pathname === "/campo/referencia.json" || url.pathname === "/campo/reglas.json") {
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
