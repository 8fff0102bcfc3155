// Guanxi web shell: tiny behaviours the CSP allows (an external file, no inline script).
(function () {
  "use strict";

  // The language switch submits itself, and comes back to the page as it is now
  // (htmx may have changed the address since the page was rendered).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-autosubmit]");
    if (!select || !select.form) return;
    var next = select.form.querySelector("input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
    select.form.requestSubmit();
  });

  // A form that comes back with errors puts the focus on its summary, so it is read first.
  function focusErrors() {
    var summary = document.getElementById("form-errors");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrors);
  } else {
    focusErrors();
  }
})();
