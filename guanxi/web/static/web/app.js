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

  // The relationship map and the small forms around it.
  function closePanel() {
    var panel = document.getElementById("map-panel");
    if (!panel || !panel.firstElementChild) return;
    var from = panel.getAttribute("data-from");
    panel.innerHTML = "";
    var node = from && document.querySelector('.map-node[data-contact="' + from + '"]');
    if (node) node.focus();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    } else if (event.target.closest("[data-close-panel]")) {
      closePanel();
    } else {
      // Cancel inside a small form empties its slot; without JavaScript it is a link back.
      var cancel = event.target.closest("[data-clear]");
      var slot = cancel && document.querySelector(cancel.getAttribute("data-clear"));
      if (slot && slot.contains(cancel)) {
        event.preventDefault();
        slot.innerHTML = "";
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });

  // A big map comes without its personal ties: ticking them on fetches them once, in the
  // map's own coordinates, and fills the map's empty layers of the same names.
  document.addEventListener("change", function (event) {
    var box = event.target.closest("#map-show-ties[data-ties-url]");
    if (!box || !box.checked) return;
    var url = box.getAttribute("data-ties-url");
    var map = box.closest(".map-figure").querySelector("svg.relationship-map");
    box.removeAttribute("data-ties-url");
    map.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.text();
      })
      .then(function (text) {
        var drawn = new DOMParser().parseFromString(text, "image/svg+xml");
        drawn.querySelectorAll("[data-layer]").forEach(function (layer) {
          var slot = map.querySelector('[data-layer="' + layer.getAttribute("data-layer") + '"]');
          if (!slot) return;
          slot.replaceChildren.apply(slot, Array.from(layer.childNodes, function (node) {
            return document.importNode(node, true);
          }));
        });
      })
      .catch(function () {
        box.setAttribute("data-ties-url", url);  // not drawn: tick again to try again
        box.checked = false;
      })
      .finally(function () {
        map.removeAttribute("aria-busy");
      });
  });

  // After a swap the focus goes where the eyes go: the person's panel, a form's errors,
  // a form's first field, or the heading of the section that was just saved.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) return;
    if (target.id === "map-panel") {
      var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
      var picked = trigger && trigger.getAttribute("data-contact");
      if (picked) target.setAttribute("data-from", picked);
      var title = document.getElementById("map-panel-title");
      if (title) title.focus();
      return;
    }
    var fresh = document.getElementById(target.id) || target;
    var errors = fresh.querySelector(".form-errors");
    if (errors) {
      errors.focus();
    } else if (/-form-slot$/.test(target.id)) {
      var field = fresh.querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
    } else if (/-section$/.test(target.id)) {
      var heading = fresh.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  });

  // Pointing at a person (or tabbing to them) brings out their lines and dims the rest.
  function lightUp(node, on) {
    var svg = node.ownerSVGElement;
    if (!svg) return;
    svg.querySelectorAll(".is-near").forEach(function (line) {
      line.classList.remove("is-near");
    });
    svg.classList.toggle("map-focus", on);
    if (!on) return;
    var id = node.getAttribute("data-contact");
    svg.querySelectorAll('[data-from="' + id + '"], [data-to="' + id + '"]').forEach(function (line) {
      line.classList.add("is-near");
    });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var node = event.target.closest && event.target.closest(".map-node");
      if (node) lightUp(node, true);
    });
  });
  // A map wider than the screen opens on its top person, not on its left edge.
  function centreMaps() {
    document.querySelectorAll(".map-scroll").forEach(function (frame) {
      var top = frame.querySelector(".map-node .map-card");
      if (!top || frame.scrollWidth <= frame.clientWidth || frame.scrollLeft) return;
      var box = top.getBoundingClientRect();
      var inside = box.left - frame.getBoundingClientRect().left + box.width / 2;
      frame.scrollLeft = Math.max(0, inside - frame.clientWidth / 2);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", centreMaps);
  } else {
    centreMaps();
  }
  document.addEventListener("htmx:afterSettle", centreMaps);

  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var node = event.target.closest && event.target.closest(".map-node");
      if (node && !node.contains(event.relatedTarget)) lightUp(node, false);
    });
  });
})();
