/* Service worker of the canvassing app (served by views_app.ServiceWorkerView, which puts
   CONFIG above: version, cache prefix, the shell's URL, the API's URL, the files to keep).

   - install: keeps the shell (with its translated strings), the app's JS/CSS, Leaflet and the
     icons in a cache named after the version;
   - activate: removes the caches of older versions of this app;
   - fetch: the page itself network-first (the cached shell when offline), the API's GETs
     network-first with the last copy when offline, the kept files cache-first. POSTs (visit
     sync) are never touched: they go to the network or fail, and the app keeps the visit. */
"use strict";

const SHELL_CACHE = `${CONFIG.prefix}-shell-${CONFIG.version}`;
const API_CACHE = `${CONFIG.prefix}-api`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // credentials: the shell and the manifest need the session cookie.
      await Promise.all(
        CONFIG.precache.map(async (url) => {
          const response = await fetch(new Request(url, { credentials: "same-origin", cache: "reload" }));
          if (!response.ok || response.redirected) throw new Error(`could not keep ${url}`);
          await cache.put(url, response);
        })
      );
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(`${CONFIG.prefix}-shell-`) && name !== SHELL_CACHE)
          .map((name) => caches.delete(name))
      );
      await self.clients.claim();
    })()
  );
});

function offlineJson() {
  return new Response(JSON.stringify({ error: "offline", offline: true }), {
    status: 503,
    headers: { "Content-Type": "application/json" },
  });
}

async function networkFirst(request, cacheName, cacheKey, fallback) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(cacheKey, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(cacheKey);
    return kept || fallback();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // never cache a POST: the app keeps unsent visits
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // map tiles: the browser's own cache
  if (request.mode === "navigate" && url.pathname === CONFIG.shell) {
    event.respondWith(
      networkFirst(request, SHELL_CACHE, CONFIG.shell, () => Response.error())
    );
  } else if (url.pathname.startsWith(CONFIG.api)) {
    event.respondWith(networkFirst(request, API_CACHE, url.pathname, offlineJson));
  } else if (CONFIG.precache.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "version" && event.source) {
    event.source.postMessage({ version: CONFIG.version });
  }
});
