// The audit page on a tablet: every touch is saved at once, a team mate's
// change is never overwritten silently, photos are shrunk before upload.
// The page works without this script (each item is a form with a Save
// button); the script only makes it immediate.
//
// How a save travels:
//   Item (one per question) ──op──▶ transport.send(op) ──▶ PUT /api/v1/audits/{id}/answers/{item}
// An op is an idempotent PUT carrying the whole answer and the version it
// is based on; the server answers 200 {version} (also for a replay of a save
// it already applied), 409 with error.current when a team mate saved first,
// or 409 without it once the audit is submitted. Each Item keeps at most one
// op in flight and coalesces later changes into the next one, so versions
// chain. The offline queue (offline.js) takes transport.send's place: it
// stores ops it cannot send (keyed by op.key, latest wins) and resolves
// {queued: true}; their replies come back later through onReply.
(function () {
  "use strict";
  var root = document.getElementById("audit");
  if (!root || !window.crossaudit) { return; }
  document.documentElement.classList.add("js-audit");
  var auditId = root.getAttribute("data-audit");
  var messages = document.getElementById("audit-messages");
  var M = messages ? JSON.parse(messages.textContent) : {};
  var lang = document.documentElement.lang || "vi";

  function t(key, args) {
    var s = M[key] || key;
    Object.keys(args || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(args[k])); });
    return s;
  }

  // ---- transport: the one door every save goes through ----
  var transport = {
    // send resolves with {status, body}; it rejects only when the request
    // did not reach the server (no network).
    send: function (op) {
      return window.crossaudit.api(op.method, op.path, op.body).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          return { status: resp.status, body: body };
        });
      });
    }
  };
  window.crossaudit.audit = { transport: transport };

  // The offline queue, when the browser has IndexedDB and the viewer may
  // answer: it belongs to the signed-in user (data-user).
  var user = root.getAttribute("data-user") || "";
  var queue = null;
  var panel = document.getElementById("offline");
  if (window.crossaudit.Queue && window.indexedDB && user && panel) {
    queue = new window.crossaudit.Queue({ user: user, audit: auditId, M: M, t: t, panel: panel, rendered: root.getAttribute("data-rendered"),
      onReply: function (op, res, stillQueued) { onReply(op, res, stillQueued); },
      beforeLeave: function () { return flushAll(); } });
    transport.send = function (op) { return queue.send(op); };
  }

  // ---- one question ----
  var items = [];

  function Item(article) {
    this.el = article;
    this.code = article.getAttribute("data-item");
    this.form = article.querySelector("[data-answer-form]");
    this.state = article.querySelector("[data-state]");
    this.note = this.form.querySelector("[data-note]");
    this.value = this.form.querySelector("[data-value]");
    this.reasonBox = this.form.querySelector("[data-reason]");
    this.reason = this.reasonBox ? this.reasonBox.querySelector("input") : null;
    this.versionInput = this.form.querySelector("[data-version]");
    this.conflictBox = this.form.querySelector("[data-conflict]");
    this.base = parseInt(this.versionInput.value, 10) || 0;
    this.saved = this.read();
    this.inFlight = null;
    this.blocked = false;
    this.status = "";
    this.timer = 0;
    this.retryDelay = 2000;
    this.bind();
  }

  Item.prototype.read = function () {
    var r = this.form.querySelector('input[name="result"]:checked');
    var v = this.value ? this.value.value.trim().replace(",", ".") : "";
    return {
      result: r ? r.value : "",
      note: this.note.value.trim(),
      value: v === "" ? null : Number(v),
      reason: this.reason ? this.reason.value.trim() : ""
    };
  };

  function same(a, b) {
    return a.result === b.result && a.note === b.note && a.value === b.value && a.reason === b.reason;
  }

  Item.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("change", function (ev) {
      self.schedule(ev.target.name === "result" ? 0 : 300);
    });
    this.form.addEventListener("input", function (ev) {
      if (ev.target.name !== "result") { self.schedule(800); }
    });
    this.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      self.schedule(0);
    });
  };

  Item.prototype.setState = function (status, text) {
    this.status = status;
    this.state.setAttribute("data-state", status);
    this.state.textContent = text || M[status] || "";
    updateAll();
  };

  Item.prototype.busy = function () {
    return this.timer !== 0 || this.inFlight !== null || this.blocked || this.status === "failed";
  };

  // unsent is busy or waiting in the offline queue: submission waits for it.
  Item.prototype.unsent = function () { return this.busy() || this.status === "queued"; };

  Item.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    if (this.blocked || this.status === "locked") { return; }
    this.setState("saving");
    this.timer = window.setTimeout(function () { self.timer = 0; self.flush(); }, delay);
  };

  Item.prototype.flush = function () {
    if (this.blocked || this.inFlight !== null || this.status === "locked") { return; }
    var c = this.read();
    if (c.value !== null && !isFinite(c.value)) {
      this.setState("failed", M.value + " ?");
      return;
    }
    var waiting = queue ? queue.find(this.key()) : null;
    if (same(c, this.saved) && !waiting) {
      this.setState("saved");
      return;
    }
    if (waiting && waiting.state === "queued" && waiting.body.version === this.base && same(c, contentOf(waiting.body))) {
      this.setState("queued", M["offline.queued"]); // already waiting as it is (a blur's "change")
      return;
    }
    var self = this;
    this.inFlight = c;
    this.setState("saving");
    transport.send({
      key: this.key(),
      kind: "answer",
      item: this.code,
      method: "PUT",
      path: "/api/v1/audits/" + auditId + "/answers/" + encodeURIComponent(this.code),
      body: { result: c.result, note: c.note, value: c.value, reason: c.reason, version: this.base }
    }).then(function (res) { self.done(c, res); }, function () { self.retry(); });
  };

  Item.prototype.key = function () { return "answer:" + this.code; };

  Item.prototype.done = function (c, res) {
    this.inFlight = null;
    if (res.queued) {
      // Kept on the tablet; its reply comes through onReply.
      if (!same(this.read(), c)) { this.flush(); } else { this.setState("queued", res.kept === false ? M["offline.not_kept"] : M["offline.queued"]); }
      return;
    }
    var err = (res.body && res.body.error) || {};
    if (res.status === 200) {
      this.retryDelay = 2000;
      this.stored(c, res.body.version);
      this.suggest(res.body.suggested, res.body.override);
      if (!same(this.read(), this.saved)) { this.flush(); } else { this.setState("saved"); }
      return;
    }
    if (res.status === 409 && err.current) {
      this.blocked = true;
      this.showConflict(c, err.current);
      this.setState("conflict", M.conflict ? t("conflict", { user: err.current.updated_by || "", time: when(err.current.updated_at) }) : "");
      return;
    }
    if (res.status === 409) {
      lockAll(err.message || M.locked);
      return;
    }
    if (res.status >= 500 || res.status === 429) { this.retry(); return; }
    var fields = err.fields || {};
    var first = Object.keys(fields)[0];
    this.setState("failed", first ? fields[first] : (err.message || M.failed));
  };

  // retry sends again later when the server could not be reached; the
  // offline queue will take this over.
  Item.prototype.retry = function () {
    var self = this;
    this.inFlight = null;
    this.setState("failed", M.failed);
    window.setTimeout(function () { if (self.status === "failed") { self.flush(); } }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30000);
  };

  // stored records what the server holds now.
  Item.prototype.stored = function (c, version) {
    this.base = version;
    this.versionInput.value = String(version);
    this.saved = c;
    this.el.setAttribute("data-result", c.result);
    this.el.setAttribute("data-answered", c.result ? "1" : "0");
  };

  Item.prototype.suggest = function (suggested, override) {
    var out = this.el.querySelector("[data-suggestion]");
    if (out) { out.textContent = suggested ? t("suggested", { result: M["result." + suggested] }) : ""; }
    this.form.querySelectorAll(".result").forEach(function (label) {
      var input = label.querySelector("input");
      label.classList.toggle("suggested", !!suggested && input.value === suggested);
    });
    if (this.reasonBox) { this.reasonBox.hidden = !override && !this.reason.value; }
  };

  function describe(a) {
    var lines = [a.result ? M["result." + a.result] : M.no_result];
    if (a.value !== null && a.value !== undefined) { lines.push(M.value + ": " + a.value); }
    if (a.note) { lines.push(a.note); }
    if (a.reason) { lines.push(a.reason); }
    return lines.join("\n");
  }

  function when(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // showConflict shows both answers and lets the user choose: keeping
  // theirs changes nothing on the server; keeping mine sends it again,
  // based on their version.
  Item.prototype.showConflict = function (mine, theirs) {
    var self = this, box = this.conflictBox;
    box.textContent = "";
    box.appendChild(el("p", "", t("conflict", { user: theirs.updated_by || "", time: when(theirs.updated_at) })));
    var sides = el("div", "sides");
    [[M.mine, mine], [t("theirs", { user: theirs.updated_by || "" }), theirs]].forEach(function (pair) {
      var side = el("div", "side");
      side.appendChild(el("h4", "", pair[0]));
      side.appendChild(el("p", "", describe(pair[1])));
      sides.appendChild(side);
    });
    box.appendChild(sides);
    var actions = el("div", "form-actions");
    var keep = el("button", "btn btn-primary", M.keep_mine);
    var take = el("button", "btn", M.take_theirs);
    keep.type = take.type = "button";
    keep.setAttribute("data-keep", "");
    take.setAttribute("data-take", "");
    keep.addEventListener("click", function () {
      self.base = theirs.version;
      self.versionInput.value = String(theirs.version);
      self.resolved();
      self.flush();
    });
    take.addEventListener("click", function () {
      self.fill(theirs);
      self.stored({ result: theirs.result, note: theirs.note, value: theirs.value === undefined ? null : theirs.value, reason: theirs.reason || "" }, theirs.version);
      self.resolved();
      self.setState("saved");
    });
    actions.appendChild(keep);
    actions.appendChild(take);
    box.appendChild(actions);
    box.hidden = false;
    keep.focus();
  };

  Item.prototype.resolved = function () {
    if (queue) { queue.drop(this.key()); }
    this.blocked = false;
    this.conflictBox.hidden = true;
    this.conflictBox.textContent = "";
  };

  Item.prototype.fill = function (a) {
    this.form.querySelectorAll('input[name="result"]').forEach(function (r) { r.checked = r.value === a.result; });
    this.note.value = a.note || "";
    if (this.value) { this.value.value = a.value === null || a.value === undefined ? "" : String(a.value); }
    if (this.reason) { this.reason.value = a.reason || ""; }
  };

  function lockAll(text) {
    items.forEach(function (it) {
      window.clearTimeout(it.timer);
      it.timer = 0;
      it.inFlight = null;
      it.form.querySelectorAll("input, textarea, button").forEach(function (c) { c.disabled = true; });
      it.status = "locked";
      it.state.setAttribute("data-state", "locked");
      it.state.textContent = text;
    });
    updateAll();
  }

  // ---- progress, counts and the save state of the whole page ----
  var bar = root.querySelector("[data-progress]");
  var barText = root.querySelector("[data-progress-text]");
  var saveAll = root.querySelector("[data-save-all]");

  function counts(scope) {
    var qs = scope.querySelectorAll(".q");
    var n = scope.querySelectorAll('.q[data-answered="1"]').length;
    return n + "/" + qs.length;
  }

  function updateAll() {
    var total = root.querySelectorAll(".q").length;
    var answered = root.querySelectorAll('.q[data-answered="1"]').length;
    if (bar) { bar.value = answered; }
    if (barText) { barText.textContent = t("progress", { n: answered, total: total }); }
    root.querySelectorAll("[data-section], [data-group]").forEach(function (scope) {
      var c = counts(scope);
      root.querySelectorAll('[data-count="' + scope.id + '"], [data-count-of="' + scope.id + '"]').forEach(function (e) { e.textContent = c; });
    });
    if (!saveAll || !items.length) { return; }
    var saving = 0, failed = 0, queued = 0;
    items.forEach(function (it) {
      if (it.status === "saving") { saving++; }
      if (it.status === "queued") { queued++; }
      if (it.status === "failed" || it.status === "conflict") { failed++; }
    });
    var state = failed ? "failed" : (saving ? "saving" : (queued ? "queued" : "saved"));
    saveAll.setAttribute("data-state", state);
    saveAll.textContent = failed ? t("unsaved", { n: failed }) : (saving ? M.saving :
      (queued ? t("offline.waiting", { n: queued }).replace(/:$/, "") : M.all_saved));
  }

  // ---- filters and the jump to a clause ----
  root.querySelectorAll("[data-show-link]").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var show = link.getAttribute("data-show-link");
      root.setAttribute("data-show", show);
      root.querySelectorAll("[data-show-link]").forEach(function (l) {
        if (l === link) { l.setAttribute("aria-current", "true"); } else { l.removeAttribute("aria-current"); }
      });
      window.history.replaceState(null, "", show ? "?show=" + show : window.location.pathname);
    });
  });
  var jump = root.querySelector("[data-jump]");
  if (jump) {
    jump.hidden = false;
    jump.addEventListener("change", function () {
      var target = document.getElementById(jump.value);
      if (target) { target.scrollIntoView({ block: "start" }); }
      jump.value = "";
    });
  }

  // ---- evidence: shrink photos, upload, show, delete ----
  var MAX_SIDE = 2000;

  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\/(jpeg|png)$/.test(file.type) || (file.type === "image/png" && file.size < 2000000)) {
        resolve(file); // PDFs and small screenshots go as they are; the server checks them all
        return;
      }
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var w = img.naturalWidth, h = img.naturalHeight, s = Math.min(1, MAX_SIDE / Math.max(w, h));
        if (s === 1 && file.type === "image/jpeg" && file.size < 1500000) { URL.revokeObjectURL(url); resolve(file); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(w * s));
        canvas.height = Math.max(1, Math.round(h * s));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }

  function thumb(a) {
    var li = el("li", "thumb");
    var link = el("a", a.content_type === "application/pdf" ? "file-link" : "");
    link.href = a.url;
    if (a.content_type === "application/pdf") {
      link.textContent = a.filename;
    } else {
      link.target = "_blank";
      link.rel = "noopener";
      var img = el("img");
      img.src = a.url;
      img.alt = a.filename;
      link.appendChild(img);
    }
    li.appendChild(link);
    var del = el("button", "btn btn-small btn-quiet", M.delete);
    del.type = "button";
    del.setAttribute("data-delete-url", a.url);
    li.appendChild(del);
    return li;
  }

  function uploadError(article, text) {
    var e = article.querySelector("[data-upload-error]");
    if (!e) { return; }
    e.textContent = text || "";
    e.hidden = !text;
  }

  // sendUpload posts one upload without the offline queue.
  function sendUpload(op) {
    var fd = new FormData();
    fd.append("item_id", op.item);
    fd.append("op_id", op.opId);
    fd.append("file", op.blob, op.filename);
    return fetch(op.path, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": window.crossaudit.csrf() }, body: fd
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (body) { return { status: resp.status, body: body }; });
    });
  }

  function newOpID() {
    if (queue) { return queue.newOpID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
  }

  // pendingThumb shows a photo that waits in the queue, from its bytes.
  function pendingThumb(article, op) {
    var list = article.querySelector("[data-thumbs]");
    if (!list || list.querySelector('[data-op="' + op.opId + '"]')) { return; }
    var li = el("li", "thumb pending");
    li.setAttribute("data-op", op.opId);
    if (/^image\//.test(op.blob.type || "")) {
      var img = el("img");
      img.src = URL.createObjectURL(op.blob);
      img.alt = op.filename;
      li.appendChild(img);
    } else {
      li.appendChild(el("span", "file-link", op.filename));
    }
    li.appendChild(el("span", "badge", op.state === "refused" ? M["offline.refused_state"] : M["offline.photo_waiting"]));
    list.appendChild(li);
  }

  // uploadReply shows what became of an upload, sent at once or replayed.
  function uploadReply(op, res) {
    var article = document.getElementById("item-" + op.item);
    if (!article) { return; }
    var state = article.querySelector("[data-state]");
    var pending = article.querySelector('[data-op="' + op.opId + '"]');
    if (res.queued) {
      pendingThumb(article, op);
      state.setAttribute("data-state", "queued");
      state.textContent = res.kept === false ? M["offline.not_kept"] : M["offline.queued"];
      return;
    }
    if (res.status === 200 || res.status === 201) {
      if (pending) { pending.remove(); }
      if (!article.querySelector('.thumb a[href="' + res.body.url + '"]')) { article.querySelector("[data-thumbs]").appendChild(thumb(res.body)); }
      state.setAttribute("data-state", "saved");
      state.textContent = M.saved;
      return;
    }
    var err = (res.body && res.body.error) || {};
    var text = (err.fields && (err.fields.file || err.fields.item_id)) || err.message || M.upload_failed;
    if (pending) {
      var badge = pending.querySelector(".badge");
      if (badge) { badge.textContent = M["offline.refused_state"]; }
    }
    state.setAttribute("data-state", "failed");
    state.textContent = M.upload_failed;
    uploadError(article, text);
  }

  function upload(article, input) {
    var files = Array.prototype.slice.call(input.files || []);
    var code = article.getAttribute("data-item");
    var state = article.querySelector("[data-state]");
    input.value = "";
    uploadError(article, "");
    files.forEach(function (file) {
      state.setAttribute("data-state", "saving");
      state.textContent = M.uploading;
      shrink(file).then(function (blob) {
        var id = newOpID();
        // Every upload carries an operation id, so that sending it again
        // after a lost reply never makes a second attachment.
        var op = { key: "upload:" + id, kind: "upload", opId: id, item: code, blob: blob, filename: blob.name || file.name,
          method: "POST", path: "/api/v1/audits/" + auditId + "/attachments" };
        return (queue ? queue.send(op) : sendUpload(op)).then(function (res) { uploadReply(op, res); });
      }).catch(function () {
        state.setAttribute("data-state", "failed");
        state.textContent = M.upload_failed;
        uploadError(article, M.upload_failed);
      });
    });
  }

  root.addEventListener("change", function (ev) {
    if (ev.target.matches("[data-upload]")) { upload(ev.target.closest(".q"), ev.target); }
  });
  root.addEventListener("submit", function (ev) {
    if (ev.target.matches("[data-upload-form]")) { ev.preventDefault(); }
  });
  root.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-delete-url]");
    if (!btn) { return; }
    ev.preventDefault();
    var url = btn.getAttribute("data-delete-url");
    window.crossaudit.api("DELETE", url).then(function (resp) {
      if (resp.status === 204 || resp.status === 404) {
        btn.closest(".thumb").remove();
        if (queue) { queue.forget("att:" + url.split("/").pop()); }
      }
    });
  });
  // The thumbnails the server drew delete through the API too.
  root.querySelectorAll(".thumb form").forEach(function (form) {
    var link = form.closest(".thumb").querySelector("a");
    var btn = form.querySelector("button");
    btn.type = "button";
    btn.setAttribute("data-delete-url", link.getAttribute("href"));
  });

  // ---- submission waits for every save ----
  var submitForm = root.querySelector("[data-submit-form]");
  if (submitForm) {
    submitForm.addEventListener("submit", function (ev) {
      var pending = items.filter(function (it) { return it.unsent(); });
      if (!pending.length) { return; }
      ev.preventDefault();
      pending.forEach(function (it) { if (!it.blocked) { window.clearTimeout(it.timer); it.timer = 0; it.flush(); } });
      var waited = 0;
      var poll = window.setInterval(function () {
        waited += 200;
        var still = items.filter(function (it) { return it.unsent(); });
        if (!still.length) {
          window.clearInterval(poll);
          // Submitted again as the button would, so that signature.js
          // asks before it goes.
          if (submitForm.requestSubmit) { submitForm.requestSubmit(); } else { submitForm.submit(); }
          return;
        }
        var stuck = still.filter(function (it) { return it.blocked || it.status === "failed" || it.status === "queued"; });
        if (stuck.length || waited > 20000) {
          window.clearInterval(poll);
          var first = (stuck[0] || still[0]).el;
          first.scrollIntoView({ block: "center" });
        }
      }, 200);
    });
  }

  window.addEventListener("beforeunload", function (ev) {
    if (items.some(function (it) { return it.busy(); })) {
      ev.preventDefault();
      ev.returnValue = M.leave;
    }
  });

  root.querySelectorAll(".q").forEach(function (article) {
    if (article.querySelector("[data-answer-form]")) { items.push(new Item(article)); }
  });
  updateAll();

  // ---- the offline queue: replies, leaving the page, reopening it ----
  function byCode(code) {
    for (var i = 0; i < items.length; i++) { if (items[i].code === code) { return items[i]; } }
    return null;
  }

  function contentOf(b) {
    return { result: b.result || "", note: b.note || "", value: b.value === undefined ? null : b.value, reason: b.reason || "" };
  }

  // onReply treats a replayed op's reply as an online one.
  function onReply(op, res) {
    if (op.kind === "upload") { uploadReply(op, res); return; }
    var it = byCode(op.item);
    if (it) { it.done(contentOf(op.body), res); }
  }

  // flushAll puts every change still being typed into the queue and
  // resolves once the queue has stored them (and the items know it).
  function flushAll() {
    items.forEach(function (it) {
      if (it.timer) { window.clearTimeout(it.timer); it.timer = 0; it.flush(); }
    });
    var tick = function () { return new Promise(function (resolve) { window.setTimeout(resolve, 0); }); };
    return (queue ? queue.chain : Promise.resolve()).then(tick);
  }

  // Reopened (offline perhaps, from the worker's copy of the page): what the
  // server acknowledged after that copy was made, then the user's changes
  // still waiting, are shown on top of it.
  if (queue) {
    queue.load().then(function (r) {
      r.known.forEach(function (k) {
        if (k.key.indexOf("answer:") === 0) {
          var it = byCode(k.key.slice(7));
          if (it && k.value.version > it.base && !it.busy()) {
            var c = contentOf(k.value);
            it.fill(c);
            it.stored(c, k.value.version);
          }
        } else if (k.key.indexOf("att:") === 0) {
          var a = k.value, art = document.getElementById("item-" + a.item_id);
          if (art && !art.querySelector('.thumb a[href="' + a.url + '"]')) { art.querySelector("[data-thumbs]").appendChild(thumb(a)); }
        }
      });
      r.ops.forEach(function (op) {
        var art = document.getElementById("item-" + op.item);
        if (op.kind === "upload") {
          if (art) { pendingThumb(art, op); }
          return;
        }
        var it = byCode(op.item);
        if (!it || it.busy()) { return; }
        it.fill(contentOf(op.body));
        if (op.state === "refused") {
          it.setState("failed", M["offline.refused_state"] + ": " + op.reason);
        } else {
          it.setState("queued", M["offline.queued"]);
        }
      });
      updateAll();
      queue.replay();
    }).catch(function () { /* without IndexedDB the page works online */ });
  }
})();
