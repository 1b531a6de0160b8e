// Checklist pages: confirmations before destructive posts, the measure
// fields shown only for measure items, an upload's size checked before it
// is sent, and the print button. Everything works without it; this only
// spares a tablet user a round trip or a mistake.
(function () {
  "use strict";

  // <form data-confirm="question"> asks before posting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // Unit and target belong to measure items only; keep them visible when
  // they hold something, so that nothing typed is hidden.
  var kinds = document.querySelectorAll("input[data-kind]");
  var measureOnly = document.querySelector("[data-measure-only]");
  function syncKind() {
    if (!measureOnly) { return; }
    var measure = document.querySelector("input[data-kind][value=measure]");
    var filled = Array.prototype.some.call(measureOnly.querySelectorAll("input"), function (i) { return i.value !== ""; });
    measureOnly.hidden = !(measure && measure.checked) && !filled;
  }
  kinds.forEach(function (k) { k.addEventListener("change", syncKind); });
  syncKind();

  // An upload over the limit is refused here rather than after sending it.
  document.querySelectorAll("input[type=file][data-max-size]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = Number(input.getAttribute("data-max-size"));
      var f = input.files && input.files[0];
      input.setCustomValidity(f && f.size > max ? input.getAttribute("data-too-large") : "");
      input.reportValidity();
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (!input.checkValidity()) {
          event.preventDefault();
          input.reportValidity();
        }
      });
    }
  });

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
