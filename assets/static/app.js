// CrossAudit's shared browser code: no framework, no inline script (the
// Content-Security-Policy forbids it). Every page works without it; it only
// makes things smoother.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // api calls the JSON API with the session cookie and the CSRF header.
  window.crossaudit = {
    csrf: function () { return meta ? meta.content : ""; },
    // setCSRF replaces the page's token with the session's current one
    // (after the user signed in again elsewhere).
    setCSRF: function (token) { if (meta) { meta.content = token; } },
    api: function (method, path, body) {
      var opts = { method: method, credentials: "same-origin", headers: { "X-CSRF-Token": this.csrf() } };
      if (body !== undefined) {
        opts.headers["Content-Type"] = "application/json";
        opts.body = JSON.stringify(body);
      }
      return fetch(path, opts);
    },
    idb: idb,
    waiting: waiting
  };

  // ---- the offline queue's database (offline.js fills it) ----
  // One database for every user of the tablet; every record carries its
  // user, and a page reads only its own user's records.
  //   ops    the changes waiting to be sent, in order (seq)
  //   known  what the server last acknowledged, per user, audit and key
  //   meta   per user: when the tablet last synchronised
  var dbPromise = null;

  function idb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("IndexedDB unavailable")); return; }
        var r = window.indexedDB.open("crossaudit-offline", 1);
        r.onupgradeneeded = function () {
          var db = r.result;
          db.createObjectStore("ops", { keyPath: "seq", autoIncrement: true }).createIndex("user", "user");
          db.createObjectStore("known", { keyPath: ["user", "audit", "key"] });
          db.createObjectStore("meta", { keyPath: "user" });
        };
        r.onsuccess = function () { resolve(r.result); };
        r.onerror = function () { reject(r.error); };
      });
    }
    return dbPromise;
  }

  // waiting resolves with the number of the user's changes not yet sent.
  function waiting(user) {
    return idb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var r = db.transaction("ops").objectStore("ops").index("user").count(user);
        r.onsuccess = function () { resolve(r.result); };
        r.onerror = function () { reject(r.error); };
      });
    });
  }

  // ---- the service worker: the pages work offline ----
  var signedIn = !!document.querySelector("[data-logout]");
  if (signedIn && "serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      if (navigator.onLine && reg.active) { reg.active.postMessage({ type: "prefetch" }); }
    }).catch(function () { /* without a worker the pages still work online */ });
  }

  // ---- signing out with changes still waiting warns first ----
  function warnBeforeSignOut(form, n, msgs) {
    var old = document.getElementById("signout-warning");
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.id = "signout-warning";
    box.className = "alert signout-warning";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    var p = document.createElement("p");
    p.textContent = (msgs.signout_warning || "").split("{n}").join(String(n));
    box.appendChild(p);
    var actions = document.createElement("div");
    actions.className = "form-actions";
    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "btn btn-primary";
    stay.setAttribute("data-signout-stay", "");
    stay.textContent = msgs.signout_stay || "";
    var anyway = document.createElement("button");
    anyway.type = "button";
    anyway.className = "btn";
    anyway.setAttribute("data-signout-anyway", "");
    anyway.textContent = msgs.signout_anyway || "";
    stay.addEventListener("click", function () { box.remove(); });
    anyway.addEventListener("click", function () { signOut(form); });
    actions.appendChild(stay);
    actions.appendChild(anyway);
    box.appendChild(actions);
    var main = document.getElementById("main") || document.body;
    main.insertBefore(box, main.firstChild);
    stay.focus();
  }

  // signOut empties the worker's copy of this user's pages, then posts the
  // form (the worker empties it again when the post passes through it).
  function signOut(form) {
    form.dataset.confirmed = "1";
    var done = function () { form.submit(); };
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    window.setTimeout(done, 0);
  }

  // offlineSession is what an audit page says of its user and the warning's
  // texts, for a sign-out without a network.
  function offlineSession() {
    var root = document.getElementById("audit");
    var msgs = document.getElementById("audit-messages");
    if (!root || !root.getAttribute("data-user") || !msgs) { return null; }
    var M = JSON.parse(msgs.textContent);
    return { user: root.getAttribute("data-user"), messages: {
      signout_warning: M["offline.signout_warning"], signout_anyway: M["offline.signout_anyway"], signout_stay: M["offline.signout_stay"] } };
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.getAttribute("action") !== "/logout" || form.dataset.confirmed === "1") { return; }
    ev.preventDefault();
    ev.stopImmediatePropagation();
    fetch("/api/v1/offline", { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (resp.status !== 200) { throw new Error("no session"); }
      return resp.json();
    }, function () {
      // No network: the audit page knows its user and has the texts.
      return offlineSession();
    }).then(function (s) {
      if (!s || !s.user) { signOut(form); return; }
      return waiting(s.user).then(function (n) {
        if (n > 0) { warnBeforeSignOut(form, n, s.messages || {}); } else { signOut(form); }
      });
    }).catch(function () { signOut(form); });
  }, true);

  // A form shown again after invalid input moves the focus to its summary,
  // so that a screen reader announces what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus]");
    if (summary) {
      summary.focus();
      return;
    }
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid) { invalid.focus(); }
  });

  // A double tap on a slow connection must not post a form twice.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.getAttribute("method") !== "post") { return; }
    if (form.dataset.sent === "1") { ev.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () { form.dataset.sent = ""; }, 4000);
  });
})();
