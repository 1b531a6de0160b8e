// The audit page's offline queue (issue 9). audit.js hands every change to
// queue.send(op) instead of sending it itself:
//   online, nothing waiting  the op goes to the server; its reply comes back
//                            as from fetch ({status, body})
//   no network, or ops wait  the op is stored in IndexedDB (app.js opens it)
//                            under the signed-in user, replacing a waiting
//                            op with the same key (latest wins, first place
//                            kept), and send resolves {queued: true}
// Waiting ops are replayed in order when the connection returns; each reply
// goes to opts.onReply(op, res, stillQueued), which treats it exactly as an
// online reply (200, 409 with the team mate's answer, 409 once submitted).
// A reply of 401, or 403 for a CSRF token that changed, stops the replay
// and asks the user to sign in again; the ops stay. Any other refusal (the
// audit submitted meanwhile, an item removed) keeps the op as "refused",
// shown with the reason and its text until the user dismisses it. The
// server makes every replay idempotent (answers by content and version,
// uploads by op_id), so a reply lost on the way back is harmless.
(function () {
  "use strict";
  var ca = window.crossaudit;
  if (!ca || !ca.idb) { return; }

  function promised(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  function store(name, mode) {
    return ca.idb().then(function (db) { return db.transaction(name, mode || "readonly").objectStore(name); });
  }

  // write runs fn on a store in a readwrite transaction and resolves with
  // fn's request's result only once the transaction has completed: a
  // request's success is not a commit, and a full disk shows up as the
  // transaction's error or abort, after it.
  function write(name, fn) {
    return ca.idb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, "readwrite"), result;
        var r = fn(tx.objectStore(name));
        r.onsuccess = function () { result = r.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error || r.error); };
        tx.onabort = function () { reject(tx.error || new Error("aborted")); };
      });
    });
  }

  function newOpID() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  function Queue(opts) {
    this.user = opts.user;
    this.audit = String(opts.audit);
    this.M = opts.M;
    this.t = opts.t;
    this.onReply = opts.onReply;
    this.beforeLeave = opts.beforeLeave;
    this.onChange = opts.onChange || function () {};
    this.onSignIn = opts.onSignIn || function () {};
    this.panel = opts.panel;
    this.rendered = opts.rendered || "";
    this.ops = [];        // every op of the user, in order (a mirror of IndexedDB)
    this.chain = Promise.resolve(); // IndexedDB writes, one after the other
    this.state = navigator.onLine === false ? "offline" : "online";
    this.running = false;
    this.lastSync = null;
    this.timer = 0;
    var self = this;
    window.addEventListener("online", function () { self.setState("online"); self.replay(); });
    if (navigator.serviceWorker) {
      // The worker could not keep a page for offline use (storage full).
      navigator.serviceWorker.addEventListener("message", function (ev) {
        if (ev.data && ev.data.type === "not_kept") { self.pageNotKept = true; self.render(); }
      });
    }
    window.addEventListener("offline", function () { self.setState("offline"); });
    window.setInterval(function () { if (self.state !== "signin") { self.replay(); } }, 5000);
    this.bindPanel();
  }

  // load reads the user's ops and what the server last acknowledged for
  // this audit: {ops, known}.
  Queue.prototype.load = function () {
    var self = this;
    return Promise.all([
      store("ops").then(function (s) { return promised(s.index("user").getAll(self.user)); }),
      store("known").then(function (s) {
        return promised(s.getAll(IDBKeyRange.bound([self.user, self.audit, ""], [self.user, self.audit, "\uffff"])));
      }),
      store("meta").then(function (s) { return promised(s.get(self.user)); })
    ]).then(function (r) {
      self.ops = r[0].sort(function (a, b) { return a.seq - b.seq; });
      // A conflict is shown again by sending the op again.
      self.ops.forEach(function (op) { if (op.state === "conflict") { op.state = "queued"; } });
      self.lastSync = r[2] ? r[2].lastSync : null;
      // The page itself is what the server held when it was drawn: a copy
      // from the worker's cache says so too, with its own time.
      if (self.rendered && (!self.lastSync || self.rendered > self.lastSync)) { self.lastSync = self.rendered; }
      self.render();
      return { ops: self.mine(), known: r[1] };
    });
  };

  Queue.prototype.newOpID = newOpID;

  Queue.prototype.mine = function () {
    var audit = this.audit;
    return this.ops.filter(function (op) { return op.audit === audit; });
  };

  Queue.prototype.find = function (key) {
    var audit = this.audit;
    for (var i = 0; i < this.ops.length; i++) {
      if (this.ops[i].audit === audit && this.ops[i].key === key) { return this.ops[i]; }
    }
    return null;
  };

  Queue.prototype.has = function (key) { return this.find(key) !== null; };

  // pending counts what waits to be sent (refusals aside): the one number
  // the panel and the page's bar both show.
  Queue.prototype.pending = function () {
    return this.mine().filter(function (op) { return op.state !== "refused"; }).length;
  };

  Queue.prototype.waiting = function () {
    return this.mine().filter(function (op) { return op.state === "queued"; }).length > 0;
  };

  Queue.prototype.persist = function (op) {
    var self = this;
    this.chain = this.chain.then(function () {
      return op.seq === undefined ? add(op) : write("ops", function (s) { return s.put(record(op)); });
    }).then(function () { return self.kept(op); }, function (e) { return self.notKept(op, e); });
    this.render();
    return this.chain.then(function () { return self; });
  };

  // kept and notKept record whether the tablet holds op: an op it could
  // not store stays in this page's memory, is still sent, and is shown as
  // not kept until a later write of it succeeds. Both resolve to the
  // answer, so that the chain goes on.
  Queue.prototype.kept = function (op) {
    if (op.unkept) { op.unkept = false; this.render(); }
    return true;
  };

  Queue.prototype.notKept = function (op, e) {
    op.unkept = true;
    this.storageError = (e && e.name) || "Error";
    this.render();
    return false;
  };

  // record is what is stored of op: not whether it is stored.
  function record(op) {
    var rec = {};
    Object.keys(op).forEach(function (k) { if (k !== "unkept") { rec[k] = op[k]; } });
    return rec;
  }

  // add stores a new op and learns its key (seq).
  function add(op) {
    return write("ops", function (s) {
      var rec = record(op);
      delete rec.seq;
      return s.add(rec);
    }).then(function (seq) { op.seq = seq; });
  }

  // put stores op, replacing a waiting op with the same key.
  Queue.prototype.put = function (op) {
    var self = this;
    op.user = this.user;
    op.audit = this.audit;
    op.state = "queued";
    op.reason = "";
    var old = this.find(op.key);
    if (old) {
      // old.seq may not be known yet (its add is still in the chain); the
      // chain runs in order, so it is by the time this write runs.
      op.seq = old.seq;
      op.rev = (old.rev || 0) + 1;
      this.ops[this.ops.indexOf(old)] = op;
      this.chain = this.chain.then(function () {
        op.seq = old.seq;
        if (op.seq === undefined) { return add(op); } // the first write failed: store it now
        return write("ops", function (s) { return s.put(record(op)); });
      }).then(function () { return self.kept(op); }, function (e) { return self.notKept(op, e); });
      this.render();
      return this.chain;
    }
    op.rev = 0;
    this.ops.push(op);
    this.chain = this.chain.then(function () { return add(op); }).then(function () { return self.kept(op); }, function (e) { return self.notKept(op, e); });
    this.render();
    return this.chain;
  };

  Queue.prototype.remove = function (op) {
    var self = this, i = this.ops.indexOf(op);
    if (i >= 0) { this.ops.splice(i, 1); }
    this.chain = this.chain.then(function () {
      if (op.seq === undefined) { return; } // never stored: nothing to delete
      return write("ops", function (s) { return s.delete(op.seq); });
    }).catch(function (e) { self.storageError = (e && e.name) || "Error"; });
    this.render();
    return this.chain;
  };

  // drop forgets the op of a key (a conflict resolved, a refusal dismissed).
  Queue.prototype.drop = function (key) {
    var op = this.find(key);
    return op ? this.remove(op) : Promise.resolve();
  };

  Queue.prototype.remember = function (key, value) {
    var rec = { user: this.user, audit: this.audit, key: key, value: value };
    this.chain = this.chain.then(function () {
      return write("known", function (s) { return s.put(rec); });
    }).catch(function () {}); // a cache of what the server holds: losing it costs a reload, never a change
  };

  Queue.prototype.forget = function (key) {
    var k = [this.user, this.audit, key];
    this.chain = this.chain.then(function () {
      return write("known", function (s) { return s.delete(k); });
    }).catch(function () {}); // a cache of what the server holds: losing it costs a reload, never a change
  };

  Queue.prototype.synced = function () {
    this.lastSync = new Date().toISOString();
    var rec = { user: this.user, lastSync: this.lastSync };
    this.chain = this.chain.then(function () {
      return write("meta", function (s) { return s.put(rec); });
    }).catch(function () {}); // a cache of what the server holds: losing it costs a reload, never a change
    if (this.state === "offline") { this.state = "online"; }
    this.render();
  };

  // request sends one op; it rejects only when the server was not reached.
  Queue.prototype.request = function (op) {
    var p;
    if (op.kind === "upload") {
      var fd = new FormData();
      fd.append("item_id", op.item);
      fd.append("op_id", op.opId);
      fd.append("file", op.blob, op.filename);
      if (op.original) { fd.append("original", op.original, op.original.name || op.filename); } // a mark-up's (markup.js)
      p = fetch(op.path, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": ca.csrf() }, body: fd });
    } else {
      p = ca.api(op.method, op.path, op.body);
    }
    return p.then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (body) {
        return { status: resp.status, body: body };
      });
    });
  };

  function needsSignIn(res) {
    var code = res.body && res.body.error && res.body.error.code;
    return res.status === 401 || (res.status === 403 && (code === "csrf_failed" || code === "unauthorized"));
  }

  // acknowledged records what the server holds after a 2xx.
  Queue.prototype.acknowledged = function (op, res) {
    this.synced();
    if (op.kind === "answer" && res.status === 200) {
      var b = op.body;
      this.remember(op.key, { version: res.body.version, result: b.result, note: b.note, value: b.value, reason: b.reason });
    }
    if (op.kind === "upload" && res.body && res.body.id) {
      this.remember("att:" + res.body.id, res.body);
    }
  };

  // send is the transport: see the top of this file.
  Queue.prototype.send = function (op) {
    var self = this;
    if (this.waiting() || this.state !== "online") { return this.enqueue(op); }
    return this.request(op).then(function (res) {
      if (needsSignIn(res)) {
        return self.enqueue(op).then(function (r) { self.signInNeeded(res); return r; });
      }
      if (res.status >= 200 && res.status < 300) { self.acknowledged(op, res); }
      if (res.status >= 500 || res.status === 429) { return self.enqueue(op); }
      return res;
    }, function () {
      self.setState("offline");
      return self.enqueue(op);
    });
  };

  // enqueue keeps op for sending later; the reply says whether the tablet
  // holds it (kept) or only this page does.
  Queue.prototype.enqueue = function (op) {
    var self = this;
    return this.put(op).then(function () {
      self.schedule(0);
      return { queued: true, kept: !op.unkept };
    });
  };

  Queue.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.replay(); }, delay);
  };

  Queue.prototype.setState = function (state) {
    if (this.state === "signin" && state !== "online") { return; }
    this.state = state;
    this.render();
  };

  // replay sends the waiting ops of this audit one by one, in order.
  Queue.prototype.replay = function () {
    if (this.running || this.state === "signin") { return; }
    var self0 = this;
    // What the tablet could not store is tried again: storage may be free now.
    this.mine().forEach(function (op) { if (op.unkept) { self0.persist(op); } });
    var next = this.mine().filter(function (op) { return op.state === "queued"; })[0];
    if (!next) { return; }
    var self = this, rev = next.rev;
    this.running = true;
    this.sending = true;
    this.render();
    this.request(next).then(function (res) {
      self.running = false;
      self.sending = false;
      self.handle(next, rev, res);
    }, function () {
      self.running = false;
      self.sending = false;
      self.setState("offline");
    });
  };

  Queue.prototype.handle = function (op, rev, res) {
    var self = this, err = (res.body && res.body.error) || {};
    if (needsSignIn(res)) {
      if (res.status === 403 && err.code === "csrf_failed") {
        this.refreshSession().then(function (ok) { if (ok) { self.replay(); } else { self.signInNeeded(res); } });
        return;
      }
      this.signInNeeded(res);
      return;
    }
    if (res.status >= 500 || res.status === 429) { this.schedule(5000); return; }
    if (this.state === "offline") { this.state = "online"; }
    var cur = this.ops.indexOf(op) >= 0 ? op : this.find(op.key);
    var stillQueued = !!cur && cur.rev !== rev;
    if (res.status >= 200 && res.status < 300) {
      this.acknowledged(op, res);
      if (cur && !stillQueued) {
        this.remove(cur);
      } else if (cur && op.kind === "answer") {
        cur.body.version = res.body.version; // the newer change is based on what was just stored
        this.persist(cur);
      }
    } else if (cur && !stillQueued) {
      cur.state = res.status === 409 && err.current ? "conflict" : "refused";
      cur.reason = firstMessage(err);
      this.persist(cur);
    }
    if (!stillQueued || res.status < 300) { this.onReply(op, res, stillQueued); }
    this.replay();
  };

  // firstMessage is what to show of a refusal: the first field's message
  // (a 409's fields hold the states allowed, not words), else the message.
  function firstMessage(err) {
    var fields = err.fields || {};
    var k = Object.keys(fields).filter(function (f) { return typeof fields[f] === "string"; })[0];
    return k ? fields[k] : (err.message || "");
  }

  // refreshSession takes the session's current CSRF token when the same
  // user is still signed in (after signing in again in another tab).
  Queue.prototype.refreshSession = function () {
    var self = this;
    return fetch("/api/v1/offline", { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (resp.status !== 200) { return false; }
      return resp.json().then(function (s) {
        if (s.user !== self.user) { return false; }
        ca.setCSRF(s.csrf);
        return true;
      });
    }).catch(function () { return false; });
  };

  Queue.prototype.signInNeeded = function () {
    var self = this;
    // Another tab may have signed in again already: then just go on.
    this.state = "signin";
    this.render();
    this.refreshSession().then(function (ok) {
      if (ok) { self.state = "online"; self.render(); self.replay(); } else { self.onSignIn(); }
    });
  };

  // resumed: the user signed in again (the page has the new token).
  Queue.prototype.resumed = function () {
    this.state = "online";
    this.render();
    this.replay();
  };

  // ---- the panel: what waits, what was refused, when last synchronised ----
  // dateTime writes a moment as every page does, "05/12/2026 14:30" in
  // Vietnam's time, whatever the tablet's locale (toLocaleString would
  // write "5/12/2026" or, in English, month first).
  function dateTime(d) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
    return parts.day + "/" + parts.month + "/" + parts.year + " " + parts.hour + ":" + parts.minute;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  Queue.prototype.describe = function (op) {
    var M = this.M;
    if (op.kind === "upload") {
      return this.t("offline.photo", { item: op.item }) + " (" + op.filename + ")" + (op.original ? " " + M["markup.js.with_original"] : "");
    }
    var b = op.body, parts = [op.item + ":", b.result ? M["result." + b.result] : M.no_result];
    if (b.value !== null && b.value !== undefined) { parts.push(M.value + " " + b.value); }
    return parts.join(" ");
  };

  Queue.prototype.bindPanel = function () {
    var self = this, p = this.panel;
    if (!p) { return; }
    p.hidden = false;
    p.querySelector("[data-offline-title]").textContent = this.M["offline.title"];
    var link = p.querySelector("[data-offline-signin] a");
    link.textContent = this.M["offline.signin"];
    link.addEventListener("click", function (ev) {
      // Everything typed goes into the queue before the page is left.
      ev.preventDefault();
      Promise.resolve(self.beforeLeave()).then(function () { return self.chain; }).then(function () {
        window.location.href = link.href;
      });
    });
    p.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-dismiss]");
      if (!b) { return; }
      var op = self.ops.filter(function (o) { return String(o.seq) === b.getAttribute("data-dismiss"); })[0];
      if (op) { self.remove(op); }
    });
  };

  Queue.prototype.render = function () {
    var p = this.panel, M = this.M, self = this;
    if (!p) { return; }
    var net = p.querySelector("[data-offline-net]");
    net.textContent = this.state === "offline" ? M["offline.offline"] : (this.sending ? M["offline.sending"] : "");
    net.setAttribute("data-net", this.state);
    var signin = p.querySelector("[data-offline-signin]");
    signin.hidden = this.state !== "signin";
    signin.querySelector("span").textContent = M["offline.signin_needed"];
    var mine = this.mine();
    var waiting = mine.filter(function (op) { return op.state !== "refused"; }); // as pending()
    var refused = mine.filter(function (op) { return op.state === "refused"; });
    p.querySelector("[data-offline-waiting]").textContent = waiting.length ?
      this.t("offline.waiting", { n: waiting.length }) : M["offline.waiting_none"];
    var list = p.querySelector("[data-offline-list]");
    list.textContent = "";
    waiting.forEach(function (op) {
      var li = el("li", op.unkept ? "unkept" : "", self.describe(op) + (op.unkept ? " — " + M["offline.not_kept"] : ""));
      li.setAttribute("data-op-key", op.key);
      list.appendChild(li);
    });
    var box = p.querySelector("[data-offline-refused]");
    box.hidden = !refused.length;
    box.querySelector("p").textContent = M["offline.refused"];
    var rlist = box.querySelector("ul");
    rlist.textContent = "";
    refused.forEach(function (op) {
      var li = el("li", "refused");
      li.setAttribute("data-op-key", op.key);
      li.appendChild(el("strong", "", self.describe(op)));
      li.appendChild(el("p", "field-error", op.reason));
      if (op.kind === "answer" && (op.body.note || op.body.reason)) {
        var kept = el("textarea", "kept");
        kept.readOnly = true;
        kept.rows = 3;
        kept.value = [op.body.note, op.body.reason].filter(Boolean).join("\n");
        kept.setAttribute("aria-label", self.describe(op));
        li.appendChild(kept);
      }
      var b = el("button", "btn btn-small", M["offline.dismiss"]);
      b.type = "button";
      b.setAttribute("data-dismiss", String(op.seq));
      li.appendChild(b);
      rlist.appendChild(li);
    });
    var unkept = mine.filter(function (op) { return op.unkept; }).length;
    var storage = p.querySelector("[data-offline-storage]");
    if (storage) {
      var says = [];
      if (unkept) { says.push(this.t("offline.not_kept_panel", { n: unkept })); }
      if (this.pageNotKept) { says.push(M["offline.page_not_kept"]); }
      storage.hidden = !says.length;
      storage.textContent = says.join(" ");
    }
    var others = this.ops.filter(function (op) { return op.audit !== self.audit; }).length;
    var o = p.querySelector("[data-offline-others]");
    o.hidden = !others;
    o.textContent = others ? this.t("offline.other_audits", { n: others }) : "";
    var when = this.lastSync ? new Date(this.lastSync) : null;
    p.querySelector("[data-offline-sync]").textContent = when ?
      this.t("offline.last_sync", { time: dateTime(when) }) : M["offline.never_synced"];
    this.onChange();
  };

  ca.Queue = Queue;
})();
