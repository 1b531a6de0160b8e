// The audit page's evidence photos (issue 22): marking up a photo before
// it is saved, and asking before evidence is deleted.
//
// Marking up: audit.js hands each photo it is about to upload to
// window.crossaudit.markup(blob, article). That opens a <dialog> with the
// photo on a canvas, where the auditor draws with a finger (pointer
// events): an arrow, a circle (an ellipse from corner to corner) or a short
// label, with undo. It resolves
//   {file, original}  when something was drawn: the marked-up image, and
//                     the photo it was drawn on, as picked (the server keeps
//                     both, linked; the original is never lost)
//   {file}            when nothing was drawn: the photo as picked
//   null              when the auditor cancels: nothing is saved
// Without this script (or <dialog>) photos upload as they are.
//
// Deleting: a tap on a thumbnail's Delete opens a <dialog> saying what is
// deleted (the file's name, that it leaves the item and the report, and the
// original with a mark-up); only its Delete lets audit.js's handler run.
// Without script the delete form shows a confirmation page instead.
(function () {
  "use strict";
  var root = document.getElementById("audit");
  if (!root || !window.crossaudit || !window.HTMLDialogElement) { return; }
  var messages = document.getElementById("audit-messages");
  var M = messages ? JSON.parse(messages.textContent) : {};
  var MAX_SIDE = 2000;
  var RED = "#d0021b";

  function t(key, args) {
    var s = M[key] || key;
    Object.keys(args || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(args[k])); });
    return s;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function button(cls, text) {
    var b = el("button", cls, text);
    b.type = "button";
    return b;
  }

  function loadImage(blob) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(blob);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("image")); };
      img.src = url;
    });
  }

  // ---- the shapes, in the canvas's pixels ----
  function drawShape(ctx, s, lw) {
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    if (s.type === "text") {
      ctx.font = "bold " + (lw * 7) + "px sans-serif";
      ctx.textBaseline = "middle";
      ctx.lineWidth = lw * 1.5;
      ctx.strokeStyle = "#fff";
      ctx.strokeText(s.text, s.x, s.y);
      ctx.fillStyle = RED;
      ctx.fillText(s.text, s.x, s.y);
      return;
    }
    var path = function () {
      ctx.beginPath();
      if (s.type === "arrow") {
        var a = Math.atan2(s.y2 - s.y1, s.x2 - s.x1), head = lw * 5;
        ctx.moveTo(s.x1, s.y1);
        ctx.lineTo(s.x2, s.y2);
        ctx.moveTo(s.x2 - head * Math.cos(a - Math.PI / 6), s.y2 - head * Math.sin(a - Math.PI / 6));
        ctx.lineTo(s.x2, s.y2);
        ctx.lineTo(s.x2 - head * Math.cos(a + Math.PI / 6), s.y2 - head * Math.sin(a + Math.PI / 6));
      } else {
        ctx.ellipse((s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2, Math.abs(s.x2 - s.x1) / 2, Math.abs(s.y2 - s.y1) / 2, 0, 0, 2 * Math.PI);
      }
    };
    // A white edge under the red keeps the mark visible on a dark or red
    // background.
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = lw + 4;
    path();
    ctx.stroke();
    ctx.strokeStyle = RED;
    ctx.lineWidth = lw;
    path();
    ctx.stroke();
  }

  // big enough tells a drawn shape from a tap.
  function bigEnough(s, lw) {
    if (s.type === "arrow") { return Math.hypot(s.x2 - s.x1, s.y2 - s.y1) >= lw * 4; }
    if (s.type === "ellipse") { return Math.abs(s.x2 - s.x1) >= lw * 3 && Math.abs(s.y2 - s.y1) >= lw * 3; }
    return true;
  }

  // ---- the editor ----
  function edit(blob, img, resolve) {
    var s = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    var W = Math.max(1, Math.round(img.naturalWidth * s)), H = Math.max(1, Math.round(img.naturalHeight * s));
    var lw = Math.max(3, Math.round(Math.max(W, H) / 180));
    var name = blob.name || "";
    var shapes = [], current = null, tool = "arrow";

    var dlg = el("dialog", "markup");
    dlg.setAttribute("aria-labelledby", "markup-title");
    dlg.appendChild(el("h2", "", M["markup.js.title"])).id = "markup-title";
    var tools = el("div", "markup-tools");
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", M["markup.js.tools"]);
    ["arrow", "ellipse", "text"].forEach(function (k) {
      var b = button("btn markup-tool", M["markup.js." + k]);
      b.setAttribute("data-tool", k);
      b.setAttribute("aria-pressed", k === tool ? "true" : "false");
      tools.appendChild(b);
    });
    var undo = button("btn markup-undo", M["markup.js.undo"]);
    undo.setAttribute("data-undo", "");
    tools.appendChild(undo);
    dlg.appendChild(tools);

    var textBox = el("div", "field markup-text");
    textBox.hidden = true;
    var label = el("label", "", M["markup.js.text_label"]);
    label.htmlFor = "markup-text";
    var input = el("input");
    input.id = "markup-text";
    input.maxLength = 60;
    input.autocomplete = "off";
    textBox.appendChild(label);
    textBox.appendChild(input);
    textBox.appendChild(el("p", "hint", M["markup.js.text_hint"]));
    dlg.appendChild(textBox);

    var stage = el("div", "markup-stage");
    var canvas = el("canvas");
    canvas.width = W;
    canvas.height = H;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", t("markup.js.canvas", { name: name }));
    canvas.setAttribute("data-markup-canvas", "");
    stage.appendChild(canvas);
    dlg.appendChild(stage);
    var note = el("p", "hint markup-note", M["markup.js.keeps_original"]);
    dlg.appendChild(note);
    var actions = el("div", "actions markup-actions");
    var cancel = button("btn", M["markup.js.cancel"]);
    cancel.setAttribute("data-markup-cancel", "");
    var save = button("btn btn-primary", M["markup.js.save"]);
    save.setAttribute("data-markup-save", "");
    actions.appendChild(cancel);
    actions.appendChild(save);
    dlg.appendChild(actions);

    var ctx = canvas.getContext("2d");
    function redraw() {
      ctx.drawImage(img, 0, 0, W, H);
      shapes.forEach(function (sh) { drawShape(ctx, sh, lw); });
      if (current) { drawShape(ctx, current, lw); }
      undo.disabled = !shapes.length;
      note.hidden = !shapes.length;
      save.textContent = shapes.length ? M["markup.js.save_marked"] : M["markup.js.save"];
      dlg.setAttribute("data-shapes", String(shapes.length));
    }

    function pos(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * W / r.width, y: (ev.clientY - r.top) * H / r.height };
    }

    canvas.addEventListener("pointerdown", function (ev) {
      ev.preventDefault();
      var p = pos(ev);
      if (tool === "text") {
        var text = input.value.trim();
        if (!text) { input.focus(); return; }
        shapes.push({ type: "text", x: p.x, y: p.y, text: text });
        input.value = "";
        redraw();
        return;
      }
      try { canvas.setPointerCapture(ev.pointerId); } catch (e) { /* a synthetic pointer cannot be captured */ }
      current = { type: tool, x1: p.x, y1: p.y, x2: p.x, y2: p.y };
      redraw();
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!current) { return; }
      var p = pos(ev);
      current.x2 = p.x;
      current.y2 = p.y;
      redraw();
    });
    function end() {
      if (!current) { return; }
      if (bigEnough(current, lw)) { shapes.push(current); }
      current = null;
      redraw();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", function () { current = null; redraw(); });

    tools.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-tool]");
      if (!b) { return; }
      tool = b.getAttribute("data-tool");
      tools.querySelectorAll("[data-tool]").forEach(function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
      textBox.hidden = tool !== "text";
      if (tool === "text") { input.focus(); }
    });
    undo.addEventListener("click", function () { shapes.pop(); redraw(); });

    var settled = false;
    function finish(value) {
      if (settled) { return; }
      settled = true;
      if (dlg.open) { dlg.close(); }
      dlg.remove();
      resolve(value);
    }
    dlg.addEventListener("cancel", function (ev) { ev.preventDefault(); finish(null); });
    cancel.addEventListener("click", function () { finish(null); });
    save.addEventListener("click", function () {
      if (!shapes.length) { finish({ file: blob }); return; }
      // Always a JPEG: a PNG of a photo drawn on could be several times the
      // size, and the mark-up and its original travel in one request.
      save.disabled = true;
      canvas.toBlob(function (out) {
        if (!out) { save.disabled = false; return; }
        var stem = (name || "anh").replace(/\.[^.]*$/, "");
        var file = new File([out], stem + "-" + M["markup.js.suffix"] + ".jpg", { type: "image/jpeg" });
        finish({ file: file, original: blob });
      }, "image/jpeg", 0.9);
    });

    document.body.appendChild(dlg);
    redraw();
    dlg.showModal();
  }

  // markup is audit.js's hook: one editor at a time, in the order photos
  // were picked. A photo the browser cannot open goes as it is.
  var turn = Promise.resolve();
  window.crossaudit.markup = function (blob) {
    var mine = turn.then(function () {
      return loadImage(blob).then(function (img) {
        return new Promise(function (resolve) { edit(blob, img, resolve); });
      }, function () { return { file: blob }; });
    });
    turn = mine.catch(function () {});
    return mine;
  };

  // ---- asking before evidence is deleted ----
  function confirmDelete(btn) {
    return new Promise(function (resolve) {
      var thumb = btn.closest(".thumb");
      var q = btn.closest(".q");
      var img = thumb && thumb.querySelector("img");
      var fileLink = thumb && thumb.querySelector(".file-link");
      var name = img ? img.alt : (fileLink ? fileLink.textContent : "");
      var dlg = el("dialog", "confirm-delete");
      dlg.setAttribute("aria-labelledby", "confirm-delete-title");
      dlg.setAttribute("data-confirm-delete", "");
      dlg.appendChild(el("h2", "", M["markup.delete.title"])).id = "confirm-delete-title";
      dlg.appendChild(el("p", "", t("markup.delete.body", { name: name, item: q ? q.getAttribute("data-item") : "" })));
      if (thumb && thumb.querySelector("[data-original]")) { dlg.appendChild(el("p", "", M["markup.delete.original"])); }
      var actions = el("div", "actions");
      var keep = button("btn", M["markup.delete.back"]);
      keep.setAttribute("data-keep-file", "");
      var del = button("btn btn-danger", M["markup.delete.confirm"]);
      del.setAttribute("data-delete-file", "");
      actions.appendChild(keep);
      actions.appendChild(del);
      dlg.appendChild(actions);
      function done(yes) {
        if (dlg.open) { dlg.close(); }
        dlg.remove();
        btn.focus();
        resolve(yes);
      }
      dlg.addEventListener("cancel", function (ev) { ev.preventDefault(); done(false); });
      keep.addEventListener("click", function () { done(false); });
      del.addEventListener("click", function () { done(true); });
      document.body.appendChild(dlg);
      dlg.showModal();
      keep.focus(); // the safe choice first
    });
  }

  // Caught before audit.js's own click handler (capture), which deletes
  // through the API: it runs only once the dialog's Delete is pressed.
  root.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-delete-url]");
    if (!btn || btn.hasAttribute("data-confirmed")) { return; }
    ev.preventDefault();
    ev.stopPropagation();
    confirmDelete(btn).then(function (yes) {
      if (!yes) { return; }
      btn.setAttribute("data-confirmed", "");
      btn.click();
      btn.removeAttribute("data-confirmed");
    });
  }, true);
})();
