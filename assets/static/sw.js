// CrossAudit's service worker, served from the site's root as /sw.js so that
// its scope covers /audits/…. The server prefixes this file with
// self.CROSSAUDIT_BUILD = {version, shell}: the build's version names the
// caches, so a new build starts with fresh ones and the old are deleted.
//
// What it keeps, and why:
//   shell cache  the static files (content-hash URLs, never change): the
//                page opens without a network.
//   data cache   the signed-in user's pages (/, /audits, /audits/{id}) and
//                evidence images, each refreshed whenever it is fetched
//                online, the audit page's item fields (/audits/{id}/forms,
//                which the page fetches once idle), plus the pages and
//                fields of the audits the user conducts
//                (prefetched, see "prefetch"), so that reloading the audit
//                page or reopening the tablet offline shows the audit. The
//                changes waiting to be sent are not here but in IndexedDB,
//                keyed by user (offline.js); the page applies them.
// The data cache holds one user's data: it is emptied when anyone signs
// out or signs in (the POST of /logout or /login passes through here), so
// the next user of a shared tablet never sees the previous one's pages.
"use strict";
var BUILD = self.CROSSAUDIT_BUILD || { version: "dev", shell: [] };
var SHELL = "crossaudit-shell-" + BUILD.version;
var DATA = "crossaudit-data-" + BUILD.version;
var PREFETCH_GAP = 5 * 60 * 1000; // how often the audits are fetched again
var lastPrefetch = 0;
var generation = 0; // counts the forgets, so that a fetch begun before one is not kept after it

self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(BUILD.shell); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("crossaudit-") === 0 && n !== SHELL && n !== DATA;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function forget() {
  lastPrefetch = 0;
  generation++;
  return caches.delete(DATA);
}

// pagePath reports whether a navigation is to a page worth keeping.
function pagePath(path) {
  return path === "/" || path === "/audits" || /^\/audits\/\d+$/.test(path);
}

function cacheable(resp) {
  return resp && resp.status === 200 && resp.type === "basic" && !resp.redirected;
}

// keep stores a copy of a response. A copy the tablet cannot store (its
// storage full) is not silently dropped: the open pages are told, and say
// that this page will not open offline.
function keep(cache, key, resp) {
  return caches.open(cache).then(function (c) { return c.put(key, resp); }).catch(function (err) {
    return self.clients.matchAll({ type: "window" }).then(function (all) {
      all.forEach(function (w) { w.postMessage({ type: "not_kept", path: new URL(key.url || key, self.location.origin).pathname, error: err && err.name }); });
    });
  });
}

// networkFirst answers from the network and keeps a copy; without a
// network, from the copy.
function networkFirst(req, key) {
  var gen = generation;
  return fetch(req).then(function (resp) {
    if (cacheable(resp) && gen === generation) {
      var copy = resp.clone();
      keep(DATA, key || req, copy);
    }
    return resp;
  }, function (err) {
    return caches.open(DATA).then(function (c) { return c.match(key || req); }).then(function (hit) {
      if (hit) { return hit; }
      throw err;
    });
  });
}

function cacheFirst(req) {
  return caches.match(req).then(function (hit) {
    return hit || fetch(req).then(function (resp) {
      if (cacheable(resp)) {
        var copy = resp.clone();
        keep(SHELL, req, copy);
      }
      return resp;
    });
  });
}

self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (req.method === "POST" && (url.pathname === "/logout" || url.pathname === "/login")) {
    // Emptied before the request goes on, so that no page of the previous
    // user can be served after it.
    ev.respondWith(forget().then(function () { return fetch(req); }));
    return;
  }
  if (req.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    ev.respondWith(cacheFirst(req));
    return;
  }
  if (req.mode === "navigate" && pagePath(url.pathname)) {
    // Kept without the query (?show=…): one copy per page.
    ev.respondWith(networkFirst(req, url.origin + url.pathname));
    return;
  }
  if (/^\/audits\/\d+\/forms$/.test(url.pathname)) {
    ev.respondWith(networkFirst(req, url.origin + url.pathname));
    return;
  }
  if (/^\/api\/v1\/audits\/\d+\/attachments\/\d+$/.test(url.pathname)) {
    ev.respondWith(networkFirst(req));
  }
});

// prefetch keeps the pages of the audits the user conducts, so that one
// not yet opened on this tablet opens offline too.
function prefetch() {
  if (Date.now() - lastPrefetch < PREFETCH_GAP) { return Promise.resolve(); }
  lastPrefetch = Date.now();
  var gen = generation;
  return fetch("/api/v1/offline", { credentials: "same-origin" }).then(function (resp) {
    if (resp.status !== 200) { lastPrefetch = 0; return null; }
    return resp.json();
  }).then(function (s) {
    if (!s) { return; }
    // Each audit's page and its items' fields (see the page's script).
    var paths = [];
    s.audits.forEach(function (a) { paths.push(a.path, a.path + "/forms"); });
    return Promise.all(paths.map(function (path) {
      return fetch(path, { credentials: "same-origin" }).then(function (resp) {
        if (cacheable(resp) && gen === generation) { return keep(DATA, self.location.origin + path, resp); }
      }, function () {}); // not reached: the next prefetch tries again
    }));
  }).catch(function () { lastPrefetch = 0; });
}

self.addEventListener("message", function (ev) {
  var m = ev.data || {};
  if (m.type === "prefetch") { ev.waitUntil(prefetch()); }
  if (m.type === "forget") { ev.waitUntil(forget()); }
});
