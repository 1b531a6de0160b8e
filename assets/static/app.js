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

  // ---- nothing typed is lost: a draft of every form sent ----
  // Each form posted from a page is kept in this tab's sessionStorage, keyed
  // by where it is sent, until the next page shows it was taken. When the
  // server refuses it because the session ended or the form's token is
  // older than the session, it answers with the resume page
  // (session_resume.html, [data-resume-action]); after signing in again the
  // user is back on the form, and the draft is put back into it. Passwords,
  // files and hidden fields are never kept: hidden fields come fresh from
  // the server (a version, a token).
  var DRAFTS = "crossaudit.drafts", RESUME = "crossaudit.resume";
  var draftLife = 2 * 60 * 60 * 1000, resumeLife = 30 * 60 * 1000;

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function readJSON(key) {
    var s = store();
    if (!s) { return null; }
    try { return JSON.parse(s.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeJSON(key, v) {
    var s = store();
    if (!s) { return; }
    try {
      if (v === null) { s.removeItem(key); } else { s.setItem(key, JSON.stringify(v)); }
    } catch (e) { /* storage full or refused: the server's page still keeps what it can */ }
  }
  function actionOf(form) {
    return new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
  }
  function localPath(p) {
    return typeof p === "string" && p.charAt(0) === "/" && p.charAt(1) !== "/" && p.charAt(1) !== "\\";
  }
  function keepable(el) {
    if (!el.name || el.disabled || el.name === "csrf") { return false; }
    var t = (el.type || "").toLowerCase();
    return ["password", "file", "hidden", "submit", "button", "reset", "image"].indexOf(t) < 0;
  }
  function fieldsOf(form) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!keepable(el)) { return; }
      var t = (el.type || "").toLowerCase();
      if (t === "checkbox" || t === "radio") {
        out.push({ n: el.name, v: el.value, c: el.checked });
      } else if (t === "select-multiple") {
        out.push({ n: el.name, m: Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) });
      } else {
        out.push({ n: el.name, v: el.value });
      }
    });
    return out;
  }
  function restore(form, fields) {
    var used = {};
    fields.forEach(function (f) {
      var els = Array.prototype.filter.call(form.elements, function (el) { return el.name === f.n && keepable(el); });
      if (f.c !== undefined) {
        els.forEach(function (el) { if (el.value === f.v) { el.checked = f.c; } });
        return;
      }
      // Fields sharing a name are filled in their order.
      var i = used[f.n] || 0;
      used[f.n] = i + 1;
      var el = els[i];
      if (!el) { return; }
      if (f.m) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = f.m.indexOf(o.value) >= 0; });
      } else {
        el.value = f.v;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  function saveDraft(form) {
    var drafts = readJSON(DRAFTS) || {};
    drafts[actionOf(form)] = { page: window.location.pathname + window.location.search, at: Date.now(), fields: fieldsOf(form) };
    writeJSON(DRAFTS, drafts);
  }
  function noticeBefore(form, text) {
    var p = document.createElement("p");
    p.className = "alert draft-restored";
    p.setAttribute("role", "status");
    p.setAttribute("data-draft-restored", "");
    p.textContent = text;
    form.parentNode.insertBefore(p, form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var now = Date.now();
    var drafts = readJSON(DRAFTS) || {};
    Object.keys(drafts).forEach(function (k) { if (!(now - drafts[k].at < draftLife)) { delete drafts[k]; } });
    var resumePage = document.querySelector("[data-resume-action]");
    if (resumePage) {
      // The form was refused: keep its draft, and lead back to the page it
      // was on (the server's guess is the Referer; the draft knows).
      var action = resumePage.getAttribute("data-resume-action");
      writeJSON(RESUME, { action: action, at: now });
      var d = drafts[action];
      if (d && localPath(d.page)) {
        Array.prototype.forEach.call(document.querySelectorAll("[data-resume-next]"), function (el) {
          if (el.tagName === "A") { el.setAttribute("href", d.page); } else { el.value = d.page; }
        });
      }
      writeJSON(DRAFTS, drafts);
      return;
    }
    var resume = readJSON(RESUME);
    if (resume && now - resume.at < resumeLife && drafts[resume.action]) {
      var form = Array.prototype.find.call(document.querySelectorAll("form"), function (f) {
        return (f.getAttribute("method") || "").toLowerCase() === "post" && actionOf(f) === resume.action;
      });
      if (form) {
        restore(form, drafts[resume.action].fields);
        var meta = document.querySelector('meta[name="draft-restored"]');
        noticeBefore(form, meta ? meta.content : "");
        delete drafts[resume.action];
        writeJSON(RESUME, null);
      }
    } else if (resume) {
      writeJSON(RESUME, null);
    }
    // A page that is not a refusal shows the last form was taken (or left):
    // its draft is not needed any more.
    if (!resume) {
      drafts = {};
    }
    writeJSON(DRAFTS, Object.keys(drafts).length ? drafts : null);
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post" || form.hasAttribute("data-no-draft")) { return; }
    var action = actionOf(form);
    if (action === "/logout" || action === "/lang") { return; }
    if (navigator.onLine === false) {
      // Posting now would leave the browser's own error page: stay here.
      ev.preventDefault();
      var old = form.querySelector("[data-form-offline]");
      if (!old) {
        var meta = document.querySelector('meta[name="form-offline"]');
        var p = document.createElement("p");
        p.className = "alert";
        p.setAttribute("role", "alert");
        p.setAttribute("data-form-offline", "");
        p.textContent = meta ? meta.content : "";
        form.appendChild(p);
        window.addEventListener("online", function () { p.remove(); }, { once: true });
      }
      return;
    }
    saveDraft(form);
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
