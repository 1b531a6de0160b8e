// CrossAudit's shared browser code: no framework, no inline script (the
// Content-Security-Policy forbids it). Every page works without it; it only
// makes things smoother.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // api calls the JSON API with the session cookie and the CSRF header.
  window.crossaudit = {
    csrf: function () { return meta ? meta.content : ""; },
    api: function (method, path, body) {
      var opts = { method: method, credentials: "same-origin", headers: { "X-CSRF-Token": this.csrf() } };
      if (body !== undefined) {
        opts.headers["Content-Type"] = "application/json";
        opts.body = JSON.stringify(body);
      }
      return fetch(path, opts);
    }
  };

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
