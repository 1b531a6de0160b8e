// roundzip.js: keeps the progress bar of a round's ZIP up to date. It polls
// the job once a second and reloads the page when the job ends, so that
// the server draws the download link. Without it, the refresh link does
// the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-roundzip]");
  if (!box || box.getAttribute("data-roundzip-state") !== "running") {
    return;
  }
  var bar = box.querySelector("[data-roundzip-bar]");
  var count = box.querySelector("[data-roundzip-count] label");
  var text = box.getAttribute("data-roundzip-text");
  var url = box.getAttribute("data-roundzip");

  function show(job) {
    if (job.total > 0) {
      bar.max = job.total;
      bar.value = job.done;
      bar.textContent = Math.floor(job.done * 100 / job.total) + "%";
    }
    if (count && text) {
      count.textContent = text.replace("{done}", job.done).replace("{total}", job.total);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) {
          throw new Error("status " + r.status);
        }
        return r.json();
      })
      .then(function (job) {
        show(job);
        if (job.state === "running") {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // Offline or expired: the refresh link still works.
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 500);
})();
