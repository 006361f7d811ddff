/* Scrutiny: small progressive enhancements.  Every page works without this file. */
(function () {
  "use strict";

  // A form sent once cannot be sent again by a second click while the page loads.
  // (The server refuses repeats of create forms anyway; this spares the user the wait.)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") { return; }
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
        b.classList.add("is-sending");
      });
    }, 0);
  });

  // Coming back to a page from the browser's history makes its forms usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll(".is-sending").forEach(function (b) {
        b.classList.remove("is-sending");
        b.removeAttribute("aria-disabled");
      });
    });
  });

  // "Select all" boxes in the register tick every row's box.
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name=" + box.dataset.selectAll + "]").forEach(function (b) {
        b.checked = box.checked;
      });
    });
  });

  // The bulk form shows only the fields its chosen change needs.
  var operation = document.getElementById("id_bulk-operation");
  if (operation) {
    var show = function () {
      document.querySelectorAll("[data-for-operation]").forEach(function (el) {
        el.hidden = el.dataset.forOperation.split(" ").indexOf(operation.value) < 0;
      });
    };
    operation.addEventListener("change", show);
    show();
  }

  // Files being read: ask the server every two seconds how each is getting on, say so in
  // place, and (on a file's own page) go on to its review once it has been read.
  var watched = document.querySelectorAll("[data-job-status]");
  if (watched.length) {
    var poll = function () {
      var waiting = 0;
      watched.forEach(function (el) {
        if (el.dataset.done === "1") { return; }
        waiting += 1;
        fetch(el.dataset.jobStatus, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (job) {
            if (!job || job.waiting) { if (job) { el.querySelector(".tag").textContent = job.label; } return; }
            el.dataset.done = "1";
            if (job.next && el.dataset.follow === "1") { window.location.assign(job.next); return; }
            el.querySelector(".tag").textContent = job.label;
            var said = el.querySelector("[data-job-message]");
            if (said) { said.textContent = " " + job.message; }
          })
          .catch(function () { /* try again at the next turn */ });
      });
      if (waiting) { window.setTimeout(poll, 2000); }
    };
    window.setTimeout(poll, 2000);
  }
})();
