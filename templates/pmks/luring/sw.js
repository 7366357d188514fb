{% autoescape off %}// Sidamping service worker (served at /sw.js by pmks.luring.views.service_worker; version {{ versi }}).
//
// Caches only what has no personal data of anyone: the app's static files (precached, with a
// content hash as revision) and the offline shell pages under /luring/ — and of those only
// responses marked "X-Sidamping-Luring: halaman" (forms without household data; the phone fills
// them from IndexedDB). Every other page, the download (/luring/unduh/) and the sync endpoints
// go to the network only; a page that cannot be loaded without a connection gets the offline hub.
// Workbox is loaded from this site's own static files (static/vendor/workbox-7.4.1/), never a CDN.
importScripts("{{ workbox_sw }}");
var MODUL = {{ modul_json }};
workbox.setConfig({ debug: false, modulePathCb: function (nama) { return MODUL[nama]; } });
["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"].forEach(function (m) {
  workbox.loadModule(m);
});

var HALAMAN = {{ halaman_json }};
var CADANGAN = "{{ cadangan }}";
var CACHE_HALAMAN = "sidamping-halaman";
var CACHE_STATIK = "sidamping-statik";

workbox.core.setCacheNameDetails({ prefix: "sidamping" });
workbox.core.clientsClaim();
self.skipWaiting();
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute({{ aset_json }}, { ignoreURLParametersMatching: [/.*/] });

// Shell pages are stored under their path (the query string only says which outbox item or
// household the page opens), and only when the server marked them as shell pages.
var hanyaCangkang = {
  cacheKeyWillBeUsed: async function (ctx) {
    var url = new URL(ctx.request.url);
    return url.origin + url.pathname;
  },
  cacheWillUpdate: async function (ctx) {
    var r = ctx.response;
    if (!r || r.status !== 200 || r.redirected || r.headers.get("X-Sidamping-Luring") !== "halaman") return null;
    return r;
  },
};
var strategiHalaman = new workbox.strategies.NetworkFirst({
  cacheName: CACHE_HALAMAN, networkTimeoutSeconds: 6, plugins: [hanyaCangkang],
});
workbox.routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && HALAMAN.indexOf(o.url.pathname) >= 0;
}, strategiHalaman);

// Other static files (icon fonts asked with a query string): not personal data, cache on use.
workbox.routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && o.url.pathname.indexOf("/static/") === 0;
}, new workbox.strategies.StaleWhileRevalidate({ cacheName: CACHE_STATIK }));

// Every other page: network only; without a connection, the offline hub from the cache.
workbox.routing.registerRoute(function (o) {
  return o.request.mode === "navigate" && o.url.origin === self.location.origin;
}, new workbox.strategies.NetworkOnly());
workbox.routing.setCatchHandler(async function (o) {
  if (o.request.mode !== "navigate") return Response.error();
  var cache = await caches.open(CACHE_HALAMAN);
  var jalur = new URL(o.request.url).pathname;
  var r = HALAMAN.indexOf(jalur) >= 0 ? await cache.match(self.location.origin + jalur) : null;
  return r || (await cache.match(self.location.origin + CADANGAN)) || Response.error();
});

// Logout: static/js/luring.js deletes the page and runtime caches from the page itself.
{% endautoescape %}
