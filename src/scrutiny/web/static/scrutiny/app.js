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
})();
