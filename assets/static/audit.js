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
      beforeLeave: function () { return flushAll(); },
      onChange: function () { updateAll(); },
      onSignIn: function () { askSignIn(); } });
    transport.send = function (op) { return queue.send(op); };
  }

  // ---- one question ----
  var items = [];

  // ---- the items' fields, fetched once the page is idle ----
  // The page draws each item's question and result buttons only; its
  // fields (note, figure, reason, guidance, photos) come from
  // GET /audits/{id}/forms, one <template data-more="CODE"> per item, which
  // the service worker keeps beside the page so that they open offline too.
  // They are fetched once the page is idle and put in place a few at a time,
  // so that no slice holds the main thread long; an item opened before then
  // gets its own at once. Until its fields come an item knows its answer
  // from <script id="audit-answers">.
  var statesEl = document.getElementById("audit-answers");
  var states = statesEl ? JSON.parse(statesEl.textContent) : {};
  var forms = { pieces: null, loading: null };

  function loadForms() {
    if (!forms.loading) {
      forms.loading = fetch("/audits/" + auditId + "/forms", { credentials: "same-origin" }).then(function (resp) {
        // A session that ended sends the sign-in page instead: not the fields.
        if (resp.status !== 200 || resp.redirected) { throw new Error("forms: " + resp.status); }
        return resp.text();
      }).then(function (html) {
        forms.pieces = split(html);
      });
      forms.loading.catch(function () { forms.loading = null; }); // tried again when an item opens
    }
    return forms.loading;
  }

  // split cuts the fragment into its items' templates without parsing it:
  // each is parsed when its item needs it, or in an idle slice.
  function split(html) {
    var out = {}, mark = '<template data-more="', at = html.indexOf(mark);
    while (at >= 0) {
      var next = html.indexOf(mark, at + mark.length);
      var piece = next < 0 ? html.slice(at) : html.slice(at, next);
      out[piece.slice(mark.length, piece.indexOf('"', mark.length))] = piece;
      at = next;
    }
    return out;
  }

  // placeFields parses an item's template and hands it to the item.
  function placeFields(it) {
    var piece = forms.pieces && forms.pieces[it.code];
    if (!piece || it.note) { return; }
    delete forms.pieces[it.code];
    var holder = document.createElement("template");
    holder.innerHTML = piece;
    var tpl = holder.content.querySelector("template[data-more]");
    if (tpl) { it.arrived(tpl); }
  }

  function idle(fn) {
    if (window.requestIdleCallback) { window.requestIdleCallback(fn, { timeout: 2000 }); } else { window.setTimeout(fn, 40); }
  }

  // placeAll places every item's fields, once they have come, in slices
  // of about 8 ms (a tablet's CPU being slower, well under the 50 ms after
  // which a tap waits).
  function placeAll() {
    loadForms().then(function () {
      var i = 0;
      var slice = function () {
        var end = window.performance.now() + 8;
        while (i < items.length && window.performance.now() < end) { placeFields(items[i++]); }
        if (i < items.length) { idle(slice); }
      };
      idle(slice);
    }, function () { /* offline before they were ever kept: an item asks again when it opens */ });
  }

  // An item's fields, once come, wait in its <template data-more> (held by
  // the item, off the page) until it opens; part finds an element of the
  // item wherever it is, so that an item works the same open or not.
  var itemByCode = {};
  function part(article, sel) {
    var it = itemByCode[article.getAttribute("data-item")];
    var tpl = it ? it.tpl : null;
    return article.querySelector(sel) || (tpl ? tpl.content.querySelector(sel) : null);
  }

  function Item(article) {
    this.el = article;
    this.code = article.getAttribute("data-item");
    itemByCode[this.code] = this;
    this.form = article.querySelector("[data-answer-form]");
    this.toggle = article.querySelector("[data-toggle]");
    this.state = article.querySelector("[data-state]");
    this.measure = article.getAttribute("data-kind") === "measure";
    var s = states[this.code] || {};
    // cur is the answer's note, figure and reason while the fields have
    // not come; once they have, the fields hold it.
    this.cur = { note: s.n || "", value: typeof s.x === "number" ? s.x : null, reason: s.r || "" };
    this.base = s.v || 0;
    this.target = parseTarget(s.t || "");
    this.tpl = null;
    this.note = this.value = this.reason = this.reasonBox = this.versionInput = this.conflictBox = null;
    this.later = [];
    this.override = null;
    var sug = this.form.querySelector(".result.suggested input");
    this.suggested = sug ? sug.value : "";
    if (article.querySelector("[data-note]")) { // drawn open (a refused post, the full page)
      this.fields();
      this.base = parseInt(this.versionInput.value, 10) || 0;
    }
    this.saved = this.read();
    this.missing = [];
    this.inFlight = null;
    this.blocked = false;
    this.status = "";
    this.timer = 0;
    this.retryDelay = 2000;
    this.bind();
  }

  // fields finds the item's fields, on the page or in its template.
  Item.prototype.fields = function () {
    var article = this.el;
    this.note = part(article, "[data-note]");
    this.value = part(article, "[data-value]");
    this.reasonBox = part(article, "[data-reason]");
    this.reason = this.reasonBox ? this.reasonBox.querySelector("input") : null;
    this.versionInput = part(article, "[data-version]");
    this.conflictBox = part(article, "[data-conflict]");
    if (this.value) { this.target = parseTarget(this.value.getAttribute("data-target")); }
  };

  // arrived: the item's fields came, in their template. They take what the
  // item holds now (a result tapped, a change kept offline, a save made
  // since they were drawn); then what waited for them runs.
  Item.prototype.arrived = function (tpl) {
    var c = this.read();
    this.tpl = tpl;
    this.fields();
    this.versionInput.value = String(this.base);
    this.note.value = c.note;
    if (this.value) { this.value.value = c.value === null ? "" : String(c.value); }
    if (this.reason) {
      this.reason.value = c.reason;
      if (this.override !== null || c.reason) { this.reasonBox.hidden = !this.override && !c.reason; }
    }
    if (this.status === "locked") { tpl.content.querySelectorAll("input, textarea, button").forEach(function (x) { x.disabled = true; }); }
    deleteButtons(tpl.content);
    var msg = this.el.querySelector("[data-no-fields]");
    if (msg) { msg.remove(); }
    this.check();
    var later = this.later;
    this.later = [];
    later.forEach(function (f) { f(); });
  };

  // withFields runs fn once the item's fields are there, fetching them if
  // they have not come yet. Offline, before they were ever kept, the item
  // says so and tries again the next time it is opened.
  Item.prototype.withFields = function (fn) {
    if (this.note) { fn(); return; }
    this.later.push(fn);
    var self = this;
    loadForms().then(function () {
      placeFields(self);
      if (!self.note) { self.noFields(); }
    }, function () { self.noFields(); });
  };

  Item.prototype.noFields = function () {
    var msg = this.el.querySelector("[data-no-fields]");
    if (!msg && this.el.hasAttribute("data-open")) {
      msg = el("p", "hint no-fields", M.fields_offline);
      msg.setAttribute("data-no-fields", "");
      msg.setAttribute("role", "status");
      this.form.insertAdjacentElement("afterend", msg);
    }
  };

  Item.prototype.read = function () {
    var r = this.form.querySelector('input[name="result"]:checked');
    if (!this.note) { return { result: r ? r.value : "", note: this.cur.note, value: this.cur.value, reason: this.cur.reason }; }
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
      if (ev.target.name === "result") { self.picked(); }
      self.check();
      self.schedule(ev.target.name === "result" ? 0 : 300);
    });
    this.form.addEventListener("input", function (ev) {
      if (ev.target.name !== "result") { self.check(); self.schedule(800); }
    });
    if (this.toggle) {
      this.toggle.addEventListener("click", function () {
        if (self.el.hasAttribute("data-open")) { self.close(); } else { self.open(); }
      });
    }
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
    if (res.status === 401 || (res.status === 403 && (err.code === "csrf_failed" || err.code === "unauthorized"))) {
      // Without the offline queue: the change stays in the form and is sent
      // again once the auditor has signed in where she works.
      var self = this;
      this.setState("failed", M["offline.signin_needed"]);
      askSignIn(function () { self.flush(); });
      return;
    }
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
    if (this.versionInput) { this.versionInput.value = String(version); }
    this.saved = c;
    this.showResult(this.read().result);
  };

  // showResult marks the item answered as soon as a result is picked,
  // saved or waiting in the queue: the progress and the filters count what
  // the auditor has done, not what has reached the server.
  Item.prototype.showResult = function (result) {
    this.el.setAttribute("data-result", result);
    this.el.setAttribute("data-answered", result ? "1" : "0");
  };

  // open shows the item and moves its fields out of their <template>
  // (once), as soon as they are there.
  Item.prototype.open = function () {
    var self = this;
    if (!this.el.hasAttribute("data-open")) {
      this.el.setAttribute("data-open", "");
      remember(this.code, true);
    }
    if (this.toggle) { this.toggle.setAttribute("aria-expanded", "true"); }
    this.withFields(function () { self.moveIn(); });
  };

  Item.prototype.moveIn = function () {
    if (!this.el.hasAttribute("data-open") || !this.tpl || !this.tpl.content.firstElementChild) { return; }
    var inForm = this.tpl.content.querySelector("[data-in-form]");
    var after = this.tpl.content.querySelector("[data-after-form]");
    if (inForm) { this.form.appendChild(inForm); }
    if (after) { this.el.appendChild(after); }
  };

  Item.prototype.close = function () {
    this.el.removeAttribute("data-open");
    remember(this.code, false);
    if (this.toggle) { this.toggle.setAttribute("aria-expanded", "false"); }
  };

  // picked: a result was tapped. The item opens and stays on screen under
  // any filter until the auditor moves to another item; a field the result
  // makes required is marked and, when empty, focused.
  Item.prototype.picked = function () {
    this.open();
    this.showResult(this.read().result);
    this.el.setAttribute("data-stay", "");
    working(this);
    var self = this;
    this.withFields(function () {
      if (current !== self) { return; } // the auditor has moved on meanwhile
      var first = self.needs()[0];
      var field = first === "value" ? self.value : (first === "reason" ? self.reason : (first ? self.note : null));
      if (field) { field.focus({ preventScroll: true }); }
    });
  };

  // needs lists what the answer lacks to be submitted (the rules of
  // findings.SubmitProblems): evidence for a nonconformity, the reason of a
  // not applicable, the figure of a measure, the reason for departing from
  // the suggested result.
  Item.prototype.needs = function () {
    var c = this.read(), out = [];
    if (!c.result) { return out; }
    if ((c.result === "minor" || c.result === "major") && !c.note) { out.push("evidence"); }
    if (c.result === "na" && !c.note) { out.push("na_reason"); }
    if (this.measure && c.result !== "na" && c.value === null) { out.push("value"); }
    if (this.measure && this.overrides(c) && !c.reason) { out.push("reason"); }
    return out;
  };

  // overrides says whether the result departs from the suggestion of the
  // value typed (checklist.SuggestResult, worked out here so that the reason
  // is asked for at once, also offline).
  Item.prototype.overrides = function (c) {
    var s = this.target && c.value !== null && isFinite(c.value) ? (met(this.target, c.value) ? "conform" : "minor") : this.suggested;
    return !!s && !!c.result && c.result !== "na" && c.result !== s;
  };

  // check marks the fields the answer needs, visibly and for screen
  // readers, and updates the page's save state.
  Item.prototype.check = function () {
    var needs = this.needs();
    this.missing = needs;
    var c = this.read();
    var noteRule = c.result === "minor" || c.result === "major" ? "evidence" : (c.result === "na" ? "na_reason" : "");
    need(this.note, noteRule, needs.indexOf(noteRule) >= 0);
    if (this.value) { need(this.value, c.result && c.result !== "na" ? "value" : "", needs.indexOf("value") >= 0); }
    if (this.reason) {
      var rule = this.overrides(c) ? "reason" : "";
      need(this.reason, rule, needs.indexOf("reason") >= 0);
      if (rule) { this.reasonBox.hidden = false; }
    }
    this.el.toggleAttribute("data-missing", needs.length > 0);
    updateAll();
  };

  // need marks one field required (rule, "" when it is not) and missing.
  function need(input, rule, missing) {
    if (!input) { return; }
    var field = input.closest(".field");
    var msg = field.querySelector("[data-need]");
    var label = field.querySelector("label");
    var mark = label.querySelector("[data-req]");
    if (rule) {
      input.setAttribute("aria-required", "true");
      field.classList.add("required");
      if (!mark) {
        mark = el("span", "req", " (" + M.required + ")");
        mark.setAttribute("data-req", "");
        label.appendChild(mark);
      }
    } else {
      input.removeAttribute("aria-required");
      field.classList.remove("required");
      if (mark) { mark.remove(); }
    }
    if (missing) {
      if (!msg) {
        msg = el("p", "field-error need");
        msg.setAttribute("data-need", "");
        msg.id = input.id + "-need";
        input.insertAdjacentElement("afterend", msg);
      }
      msg.textContent = M["need_" + rule] || "";
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", msg.id);
    } else {
      if (msg) { msg.remove(); }
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  function parseTarget(s) {
    var m = /^(>=|<=|>|<|=|≥|≤)?\s*(-?[0-9]+(?:[.,][0-9]+)?)\s*%?$/.exec((s || "").trim());
    if (!m) { return null; }
    var op = { "": "=", "≥": ">=", "≤": "<=" }[m[1] || ""] || m[1];
    return { op: op, value: Number(m[2].replace(",", ".")) };
  }

  function met(tg, v) {
    var eps = 1e-9;
    switch (tg.op) {
    case ">=": return v >= tg.value - eps;
    case "<=": return v <= tg.value + eps;
    case ">": return v > tg.value;
    case "<": return v < tg.value;
    }
    return Math.abs(v - tg.value) <= eps * Math.max(1, Math.abs(tg.value));
  }

  Item.prototype.suggest = function (suggested, override) {
    var out = this.el.querySelector("[data-suggestion]");
    if (out) { out.textContent = suggested ? t("suggested", { result: M["result." + suggested] }) : ""; }
    this.form.querySelectorAll(".result").forEach(function (label) {
      var input = label.querySelector("input");
      label.classList.toggle("suggested", !!suggested && input.value === suggested);
    });
    this.suggested = suggested || "";
    this.override = !!override;
    if (this.reasonBox) { this.reasonBox.hidden = !override && !this.reason.value; }
    this.check();
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
    var self = this;
    this.open();
    this.withFields(function () { self.conflict(mine, theirs); });
  };

  Item.prototype.conflict = function (mine, theirs) {
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
    var v = a.value === null || a.value === undefined ? null : a.value;
    this.cur = { note: a.note || "", value: v, reason: a.reason || "" };
    if (this.note) { this.note.value = a.note || ""; }
    if (this.value) { this.value.value = v === null ? "" : String(v); }
    if (this.reason) { this.reason.value = a.reason || ""; }
    this.showResult(a.result || "");
    this.check();
  };

  function lockAll(text) {
    items.forEach(function (it) {
      window.clearTimeout(it.timer);
      it.timer = 0;
      it.inFlight = null;
      it.form.querySelectorAll("input, textarea, button").forEach(function (c) { c.disabled = true; });
      if (it.tpl) { it.tpl.content.querySelectorAll("input, textarea, button").forEach(function (c) { c.disabled = true; }); }
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

  var nextBtn = root.querySelector("[data-next-unanswered]");
  var ready = false; // updateAll waits until every item is known
  var updating = false;
  var scoped = null; // each item with the section and clause group it counts in, found once

  // updateAll brings the counts and the save state up to date once, after
  // whatever the current task changes (a result tapped, a slice of fields
  // placed): many calls in one task cost one update.
  function updateAll() {
    if (!ready || updating) { return; }
    updating = true;
    Promise.resolve().then(function () { updating = false; updateNow(); });
  }

  function setText(e, text) { if (e.textContent !== text) { e.textContent = text; } }

  function updateNow() {
    if (!scoped) {
      scoped = Array.prototype.map.call(root.querySelectorAll(".q"), function (q) {
        var sec = q.closest("[data-section]"), grp = q.closest("[data-group]");
        return { el: q, scopes: [sec ? sec.id : "", grp ? grp.id : ""] };
      });
    }
    var total = scoped.length, answered = 0, per = {};
    scoped.forEach(function (q) {
      var done = q.el.getAttribute("data-answered") === "1";
      if (done) { answered++; }
      q.scopes.forEach(function (id) {
        if (!id) { return; }
        var c = per[id] || (per[id] = [0, 0]);
        c[1]++;
        if (done) { c[0]++; }
      });
    });
    if (bar) { bar.value = answered; }
    if (barText) { setText(barText, t("progress", { n: answered, total: total })); }
    root.querySelectorAll("[data-count], [data-count-of]").forEach(function (e) {
      var c = per[e.getAttribute("data-count") || e.getAttribute("data-count-of")];
      if (c) { setText(e, c[0] + "/" + c[1]); }
    });
    if (nextBtn) {
      setText(nextBtn, total - answered ? t("next_count", { n: total - answered }) : M.none_unanswered);
      nextBtn.disabled = total === answered;
    }
    if (!saveAll || !items.length) { return; }
    var saving = 0, failed = 0, queued = 0;
    items.forEach(function (it) {
      if (it.status === "saving") { saving++; }
      if (it.status === "queued") { queued++; }
      if (it.status === "failed" || it.status === "conflict") { failed++; }
    });
    // What waits is counted once, by the queue, as its panel counts it.
    if (queue) { queued = queue.pending(); }
    var state = failed ? "failed" : (saving ? "saving" : (queued ? "queued" : "saved"));
    var waiting = queued ? t("offline.waiting", { n: queued }).replace(/:$/, "") : "";
    var what = missingText();
    saveAll.setAttribute("data-state", state);
    saveAll.toggleAttribute("data-missing", !!what);
    setText(saveAll, failed ? t("unsaved", { n: failed }) : (saving ? M.saving :
      (what ? t(queued ? "queued_missing" : "saved_missing", { waiting: waiting, what: what }) : (queued ? waiting : M.all_saved))));
  }

  // missingText says what the answers still lack, by kind, naming the
  // items: "bằng chứng ở C12, C14; số liệu ở T09".
  function missingText() {
    var by = {}, order = ["evidence", "na_reason", "value", "reason"];
    items.forEach(function (it) {
      it.missing.forEach(function (k) { (by[k] = by[k] || []).push(it.code); });
    });
    return order.filter(function (k) { return by[k]; }).map(function (k) {
      var codes = by[k].length > 6 ? by[k].slice(0, 6).join(", ") + "…" : by[k].join(", ");
      return t("missing_" + k, { items: codes });
    }).join("; ");
  }

  // ---- the item the auditor works on ----
  // current is the item last touched. Leaving it lets a filter hide it;
  // the page is scrolled by what disappears above, so that nothing moves
  // under the finger.
  var current = null;

  function working(it) {
    if (current === it) { return; }
    var prev = current;
    current = it;
    if (!prev || !prev.el.hasAttribute("data-stay")) { return; }
    var anchor = it ? it.el : null;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    prev.el.removeAttribute("data-stay");
    if (anchor) {
      var after = anchor.getBoundingClientRect().top;
      if (after !== before) { window.scrollBy(0, after - before); }
    }
  }

  function itemOf(node) {
    var art = node && node.closest ? node.closest(".q") : null;
    return art ? byCode(art.getAttribute("data-item")) : null;
  }

  root.addEventListener("pointerdown", function (ev) {
    var it = itemOf(ev.target);
    if (it) { working(it); }
  }, true);
  root.addEventListener("focusin", function (ev) {
    var it = itemOf(ev.target);
    if (it) { working(it); }
  });

  // Which items are open survives a reload of the tab.
  var openKey = "crossaudit.open." + auditId;

  function remember(code, open) {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(openKey) || "[]").filter(function (c) { return c !== code; });
      if (open) { list.push(code); }
      window.sessionStorage.setItem(openKey, JSON.stringify(list));
    } catch (e) { /* private mode: items open closed after a reload */ }
  }

  function remembered() {
    try { return JSON.parse(window.sessionStorage.getItem(openKey) || "[]"); } catch (e) { return []; }
  }

  function shown(it) { return it.el.offsetParent !== null; }

  // goTo scrolls an item to the top and puts the focus on its question.
  function goTo(it) {
    it.el.scrollIntoView({ block: "start" });
    if (it.toggle) { it.toggle.focus({ preventScroll: true }); }
    working(it);
  }

  // ---- next unanswered: after the current item (or the first one on
  // screen), wrapping round to the top ----
  if (nextBtn) {
    nextBtn.hidden = false;
    nextBtn.addEventListener("click", function () {
      var from = current ? items.indexOf(current) : -1;
      if (from < 0) {
        for (var i = 0; i < items.length; i++) {
          if (items[i].el.getBoundingClientRect().bottom > 0 && shown(items[i])) { from = i - 1; break; }
        }
      }
      for (var n = 1; n <= items.length; n++) {
        var it = items[(from + n + items.length) % items.length];
        if (it.el.getAttribute("data-answered") === "0" && it !== current) {
          if (!shown(it)) { setShow(""); }
          goTo(it);
          return;
        }
      }
    });
  }

  // ---- filters and the jump to a clause ----
  // setShow applies a filter and lands on its first item.
  function setShow(show) {
    if (current) { current.el.removeAttribute("data-stay"); }
    root.setAttribute("data-show", show);
    root.querySelectorAll("[data-show-link]").forEach(function (l) {
      if (l.getAttribute("data-show-link") === show) { l.setAttribute("aria-current", "true"); } else { l.removeAttribute("aria-current"); }
    });
    window.history.replaceState(null, "", show ? "?show=" + show : window.location.pathname);
  }

  root.querySelectorAll("[data-show-link]").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      setShow(link.getAttribute("data-show-link"));
      current = null;
      var first = items.filter(shown)[0];
      if (first) { first.el.scrollIntoView({ block: "start" }); }
    });
  });

  // The contents' list is drawn the first time it is opened.
  var toc = root.querySelector("#toc");
  if (toc) {
    toc.addEventListener("toggle", function () {
      var tpl = toc.querySelector("template[data-toc]");
      if (tpl && toc.open) { toc.appendChild(tpl.content); tpl.remove(); updateAll(); }
    });
  }
  var jump = root.querySelector("[data-jump]");
  if (jump) {
    jump.hidden = false;
    var fillJump = function () {
      var tpl = root.querySelector("template[data-jump-options]");
      if (tpl) { jump.appendChild(tpl.content); tpl.remove(); }
    };
    jump.addEventListener("pointerdown", fillJump);
    jump.addEventListener("focus", fillJump);
    jump.addEventListener("keydown", fillJump);
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
    if (a.original_url) { // a mark-up (markup.js): its original opens beside it
      li.appendChild(el("span", "badge markup-badge", M["markup.badge"]));
      var orig = el("a", "original-link", M["markup.original"]);
      orig.href = a.original_url;
      orig.target = "_blank";
      orig.rel = "noopener";
      orig.setAttribute("aria-label", t("markup.original_of", { name: a.filename }));
      orig.setAttribute("data-original", "");
      li.appendChild(orig);
    }
    var del = el("button", "btn btn-small btn-quiet", M.delete);
    del.type = "button";
    del.setAttribute("data-delete-url", a.url);
    li.appendChild(del);
    return li;
  }

  function uploadError(article, text) {
    var e = part(article, "[data-upload-error]");
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
    if (op.original) { fd.append("original", op.original, op.original.name || op.filename); }
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
    var it = byCode(op.item);
    if (it) {
      it.open();
      if (!it.note) { it.withFields(function () { pendingThumb(article, op); }); return; }
    }
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
      withPart(article, function () {
        if (!part(article, '.thumb a[href="' + res.body.url + '"]')) { part(article, "[data-thumbs]").appendChild(thumb(res.body)); }
      });
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
      shrink(file).then(function (blob) {
        // markup.js lets the auditor draw on a photo first: it resolves
        // {file, original} for a mark-up, {file} as it was, null to cancel.
        var edit = window.crossaudit.markup;
        return edit && /^image\/(jpeg|png)$/.test(blob.type) ? edit(blob) : { file: blob };
      }).then(function (m) {
        if (!m) { return; }
        var blob = m.file;
        state.setAttribute("data-state", "saving");
        state.textContent = M.uploading;
        var id = newOpID();
        // Every upload carries an operation id, so that sending it again
        // after a lost reply never makes a second attachment. A mark-up
        // carries its original in the same op: both are sent, or kept, together.
        var op = { key: "upload:" + id, kind: "upload", opId: id, item: code, blob: blob, filename: blob.name || file.name,
          original: m.original || null, method: "POST", path: "/api/v1/audits/" + auditId + "/attachments" };
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
  // The thumbnails the server drew delete through the API too, also those
  // of items not open yet.
  function deleteButtons(scope) {
    scope.querySelectorAll(".thumb form").forEach(function (form) {
      var link = form.closest(".thumb").querySelector("a");
      var btn = form.querySelector("button");
      btn.type = "button";
      btn.setAttribute("data-delete-url", link.getAttribute("href"));
    });
  }
  deleteButtons(root);

  // withPart runs fn once the item's fields (its photos) are there.
  function withPart(article, fn) {
    var it = byCode(article.getAttribute("data-item"));
    if (it) { it.withFields(fn); } else { fn(); }
  }

  // ---- signing in again where the auditor works ----
  // A save refused for an ended session (401, or a CSRF token that no
  // longer matches) opens this dialog over the page, near the item being
  // answered: sign in here (the page stays, with everything typed), or in
  // another tab and then "continue". What waits stays queued and is sent
  // with the new session's token.
  var signin = null, afterSignIn = [];

  function askSignIn(then) {
    if (then) { afterSignIn.push(then); }
    if (!signin) { signin = signInDialog(); }
    if (signin.open) { return; }
    signin.querySelector("[data-signin-error]").hidden = true;
    // Someone typing a note keeps her place (the dialog is beside it);
    // otherwise the focus goes to the password.
    var typing = document.activeElement && document.activeElement.matches("textarea, input:not([type=radio]):not([type=file])");
    var back = document.activeElement;
    signin.show();
    place(signin);
    if (typing && back) { back.focus({ preventScroll: true }); } else { signin.querySelector('input[name="password"]').focus({ preventScroll: true }); }
  }

  // place puts the dialog inside the screen, just below the question the
  // auditor is on when it is on screen.
  function place(dlg) {
    var h = dlg.offsetHeight, top = Math.round((window.innerHeight - h) / 3);
    var it = current || itemOf(document.activeElement);
    if (it) {
      var r = it.el.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) { top = Math.round(r.top + 48); }
    }
    dlg.style.top = Math.max(8, Math.min(top, window.innerHeight - h - 8)) + "px";
  }

  function signInDialog() {
    var dlg = el("dialog", "signin-dialog");
    dlg.id = "signin-again";
    dlg.setAttribute("aria-labelledby", "signin-again-h");
    var form = el("form", "stack");
    form.noValidate = true;
    var h = el("h2", "", M.signin_title);
    h.id = "signin-again-h";
    form.appendChild(h);
    form.appendChild(el("p", "", M.signin_text));
    var err = el("p", "field-error", "");
    err.setAttribute("data-signin-error", "");
    err.setAttribute("role", "alert");
    err.hidden = true;
    form.appendChild(err);
    [["username", "text", "username", user], ["password", "password", "current-password", ""]].forEach(function (f) {
      var box = el("div", "field");
      var label = el("label", "", M[f[0]]);
      label.htmlFor = "signin-again-" + f[0];
      var input = el("input");
      input.id = label.htmlFor;
      input.name = f[0];
      input.type = f[1];
      input.autocomplete = f[2];
      input.value = f[3];
      input.setAttribute("autocapitalize", "none");
      box.appendChild(label);
      box.appendChild(input);
      form.appendChild(box);
    });
    var actions = el("div", "form-actions");
    var go = el("button", "btn btn-primary", M.signin);
    go.type = "submit";
    var tab = el("a", "btn", M.signin_tab);
    tab.href = "/login?next=" + encodeURIComponent("/audits/" + auditId);
    tab.target = "_blank";
    tab.rel = "noopener";
    var cont = el("button", "btn", M["continue"]);
    cont.type = "button";
    cont.setAttribute("data-signin-continue", "");
    var later = el("button", "btn btn-quiet", M.later);
    later.type = "button";
    later.setAttribute("data-signin-later", "");
    [go, tab, cont, later].forEach(function (b) { actions.appendChild(b); });
    form.appendChild(actions);
    dlg.appendChild(form);
    later.addEventListener("click", function () { dlg.close(); });
    cont.addEventListener("click", function () { resume(dlg); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      go.disabled = true;
      signInHere(form.username.value, form.password.value).then(function () {
        form.password.value = "";
        go.disabled = false;
        resume(dlg);
      }, function () {
        go.disabled = false;
        refused(dlg, M.signin_offline);
      });
    });
    root.appendChild(dlg);
    return dlg;
  }

  function refused(dlg, text) {
    var err = dlg.querySelector("[data-signin-error]");
    err.textContent = text;
    err.hidden = false;
  }

  // signInHere posts the sign-in form as the sign-in page would, with the
  // token that page carries; it rejects only without a network.
  function signInHere(username, password) {
    return fetch("/login", { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      return resp.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var token = doc.querySelector('form[action="/login"] input[name="csrf"]');
      var body = new URLSearchParams();
      body.set("csrf", token ? token.value : "");
      body.set("next", "/audits/" + auditId);
      body.set("username", username);
      body.set("password", password);
      return fetch("/login", { method: "POST", credentials: "same-origin", body: body });
    });
  }

  // resume takes the session's token when the same user is signed in
  // again, closes the dialog and sends what waits.
  function resume(dlg) {
    fetch("/api/v1/offline", { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      return resp.status === 200 ? resp.json() : null;
    }).then(function (s) {
      if (!s || (user && s.user !== user)) { refused(dlg, M.signin_failed); return; }
      window.crossaudit.setCSRF(s.csrf);
      dlg.close();
      if (queue) { queue.resumed(); }
      var then = afterSignIn;
      afterSignIn = [];
      then.forEach(function (f) { f(); });
    }, function () { refused(dlg, M.signin_offline); });
  }

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
  items.forEach(function (it) { it.check(); });
  // Open again what was open before a reload, and the item a link names
  // (back from "use as evidence", a submission's list of problems).
  remembered().forEach(function (code) { var it = byCode(code); if (it) { it.open(); } });
  function openFromHash() {
    var m = /^#(?:item|ev|n|cam|file)-(.+)$/.exec(window.location.hash);
    var it = m ? byCode(decodeURIComponent(m[1])) : null;
    if (it && !it.el.hasAttribute("data-open")) {
      it.open();
      it.el.scrollIntoView({ block: "start" });
    }
  }
  openFromHash();
  window.addEventListener("hashchange", openFromHash);
  ready = true;
  updateAll();
  // The fields are asked for at once (the request does not hold the main
  // thread, and the sooner the service worker keeps them the sooner they
  // open offline); they are parsed once the page has loaded and is idle.
  if (statesEl) {
    loadForms().catch(function () { /* offline before they were ever kept */ });
    if (document.readyState === "complete") { idle(placeAll); } else { window.addEventListener("load", function () { idle(placeAll); }); }
    // Offline before they were ever kept: they come with the network.
    window.addEventListener("online", function () { if (!forms.pieces) { placeAll(); } });
  }

  // ---- the offline queue: replies, leaving the page, reopening it ----
  function byCode(code) { return itemByCode[code] || null; }

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
            it.open();
            it.fill(c);
            it.stored(c, k.value.version);
          }
        } else if (k.key.indexOf("att:") === 0) {
          var a = k.value, art = document.getElementById("item-" + a.item_id);
          if (art) {
            withPart(art, function () {
              if (!part(art, '.thumb a[href="' + a.url + '"]')) { part(art, "[data-thumbs]").appendChild(thumb(a)); }
            });
          }
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
        it.open();
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

// ==== measured: a value that contradicts the system's own figure ====
// An item whose system figure the page knows (partial "measured_warning":
// data-system, data-tolerance, data-text with "{entered}") shows or hides
// its warning as the auditor types, with nothing but the page's own data,
// so offline too. The rule is the server's (audit/measured): further from
// the figure than the tolerance (0 for a count, 1 point for a percentage).
// A warning only: it never stops a save.
(function () {
  "use strict";
  function update(input) {
    var art = input.closest("article.q");
    var box = art && art.querySelector("[data-measured]");
    if (!box) { return; }
    var typed = input.value.trim().replace(",", ".");
    var v = typed === "" ? NaN : Number(typed);
    var sys = Number(box.getAttribute("data-system"));
    var tol = Number(box.getAttribute("data-tolerance")) || 0;
    var off = isFinite(v) && isFinite(sys) && Math.abs(v - sys) > tol + 1e-9;
    if (off) {
      var shown = String(v);
      if (box.getAttribute("data-lang") !== "en") { shown = shown.replace(".", ","); }
      box.querySelector("[data-measured-text]").textContent = box.getAttribute("data-text").split("{entered}").join(shown);
    }
    box.hidden = !off;
  }
  function onEvent(e) {
    if (e.target && e.target.matches && e.target.matches("article.q [data-value]")) { update(e.target); }
  }
  document.addEventListener("input", onEvent);
  document.addEventListener("change", onEvent);
})();
// ==== end measured ====
