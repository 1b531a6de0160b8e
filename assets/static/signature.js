// The closing meeting on the audit page (issue 22): the audited unit's
// representative and the team lead sign with a finger (or a mouse) on a
// canvas, and the submission asks first, showing what will be submitted.
//
// Each drawing is kept as a PNG data: URL in the hidden field beside its
// canvas, so that it travels with the form like any typed field and comes
// back painted when the server refuses the form. Submitting posts the form
// once without confirming: the server answers its confirmation page, whose
// summary is shown here in a <dialog>; confirming posts the form again with
// confirm=1. Without this script the same confirmation page is shown as a
// page. When the tablet is offline nothing is posted and the page says so:
// the submission is not in the offline queue, and a drawn signature is
// never dropped without a word.
(function () {
  "use strict";
  var root = document.getElementById("audit");
  var form = root && root.querySelector("[data-submit-form]");
  if (!form) { return; }
  var pads = form.querySelector("[data-signature-pads]");
  var msg = pads ? pads.dataset : {};
  if (pads) {
    pads.hidden = false;
    // The pads are at the end of a long page: they are measured and set up
    // when they come near the screen, not while the page loads, where
    // measuring them would force a layout of the whole page.
    var setupAll = function () { pads.querySelectorAll("[data-signature-pad]").forEach(setupPad); };
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          io.disconnect();
          setupAll();
        }
      }, { rootMargin: "800px 0px" });
      io.observe(pads);
    } else {
      setupAll();
    }
  }

  // ---- drawing ----
  function setupPad(box) {
    var canvas = box.querySelector("canvas");
    var input = box.querySelector("[data-signature-value]");
    var state = box.querySelector("[data-signature-state]");
    var ctx = canvas.getContext("2d");
    var drawing = false, last = null;

    function pen() {
      var dpr = canvas.width / Math.max(1, canvas.getBoundingClientRect().width);
      ctx.lineWidth = 2.5 * dpr;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = ctx.fillStyle = "#111";
    }
    // size matches the canvas's pixels to its size on screen; a resize
    // clears a canvas, so the kept drawing is painted again.
    function size() {
      var r = canvas.getBoundingClientRect();
      if (!r.width) { return; }
      var dpr = Math.min(window.devicePixelRatio || 1, 2);
      var w = Math.round(r.width * dpr), h = Math.round(r.height * dpr);
      if (canvas.width === w && canvas.height === h) { return; }
      canvas.width = w;
      canvas.height = h;
      pen();
      if (input.value) { paint(input.value); }
    }
    function paint(url) {
      var img = new Image();
      img.onload = function () {
        var s = Math.min(canvas.width / img.width, canvas.height / img.height);
        var w = img.width * s, h = img.height * s;
        ctx.drawImage(img, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
      };
      img.src = url;
    }
    function point(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * canvas.width / r.width, y: (ev.clientY - r.top) * canvas.height / r.height };
    }
    function keep() {
      input.value = canvas.toDataURL("image/png");
      state.textContent = msg.msgSigned || "";
    }
    canvas.addEventListener("pointerdown", function (ev) {
      if (ev.button > 0) { return; }
      ev.preventDefault();
      size();
      if (canvas.setPointerCapture) { canvas.setPointerCapture(ev.pointerId); }
      drawing = true;
      last = point(ev);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drawing) { return; }
      ev.preventDefault();
      var p = point(ev);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      keep();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);
    box.querySelector("[data-signature-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      input.value = "";
      state.textContent = msg.msgEmpty || "";
    });
    window.addEventListener("resize", size);
    size();
  }

  // ---- asking before submitting ----
  var note = null;
  function say(text) {
    if (!note) {
      note = document.createElement("p");
      note.className = "alert";
      note.setAttribute("role", "alert");
      note.setAttribute("data-submit-message", "");
      form.querySelector(".form-actions").before(note);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  var dialog = null;
  function theDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "submit-dialog";
    dialog.setAttribute("aria-labelledby", "submit-dialog-h");
    var h = document.createElement("h2");
    h.id = "submit-dialog-h";
    h.textContent = msg.msgDialog || "";
    var body = document.createElement("div");
    body.setAttribute("data-submit-dialog-body", "");
    var actions = document.createElement("div");
    actions.className = "form-actions";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "btn btn-primary";
    ok.id = "submit-dialog-confirm";
    ok.textContent = msg.msgConfirm || "";
    var back = document.createElement("button");
    back.type = "button";
    back.className = "btn";
    back.id = "submit-dialog-back";
    back.textContent = msg.msgBack || "";
    actions.appendChild(ok);
    actions.appendChild(back);
    dialog.appendChild(h);
    dialog.appendChild(body);
    dialog.appendChild(actions);
    back.addEventListener("click", function () { dialog.close(); });
    ok.addEventListener("click", confirmed);
    // A link to a missing item closes the dialog on the way to the item.
    body.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) { dialog.close(); }
    });
    form.appendChild(dialog);
    return dialog;
  }

  function confirmed() {
    if (navigator.onLine === false) {
      dialog.close();
      say(msg.msgOffline || "");
      return;
    }
    var ok = document.getElementById("submit-dialog-confirm");
    ok.disabled = true;
    ok.textContent = msg.msgSending || "";
    var c = form.querySelector('input[name="confirm"]');
    if (!c) {
      c = document.createElement("input");
      c.type = "hidden";
      c.name = "confirm";
      form.appendChild(c);
    }
    c.value = "1";
    form.submit();
  }

  function review() {
    say("");
    var data = new URLSearchParams(new FormData(form));
    data.delete("confirm");
    fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (resp.status === 422 || resp.status === 409 || resp.status === 413 || resp.status === 415) {
        // The server refused what was typed: its page says where, with
        // everything kept.
        form.submit();
        return null;
      }
      return resp.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var summary = resp.ok && doc.querySelector("[data-submit-review]");
        if (!summary) {
          if (resp.redirected && new URL(resp.url).pathname === "/login") {
            say(msg.msgSignin || "");
          } else {
            say((msg.msgFailed || "").split("{status}").join(String(resp.status)));
          }
          return;
        }
        var d = theDialog();
        var body = d.querySelector("[data-submit-dialog-body]");
        body.replaceChildren(document.importNode(summary, true));
        var ok = document.getElementById("submit-dialog-confirm");
        ok.hidden = !doc.getElementById("submit-confirm");
        ok.disabled = false;
        ok.textContent = msg.msgConfirm || "";
        d.showModal();
      });
    }, function () {
      say(msg.msgOffline || "");
    });
  }

  form.addEventListener("submit", function (ev) {
    // audit.js holds the submission back while saves are on their way,
    // and submits again once they are done.
    if (ev.defaultPrevented) { return; }
    ev.preventDefault();
    review();
  });
})();
