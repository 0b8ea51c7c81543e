// Citation markers [n] open a panel with the cited sentence in context.
// Without JavaScript each marker is a plain link to the article at that sentence.
(function () {
  "use strict";

  function markerOf(panel) {
    return document.querySelector('a.cite[data-panel="' + panel.id + '"]');
  }

  function hide(panel) {
    panel.hidden = true;
    const marker = markerOf(panel);
    if (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.classList.remove("active");
    }
  }

  function toggle(marker) {
    const panel = document.getElementById(marker.dataset.panel);
    if (!panel) return false;
    const opening = panel.hidden;
    document.querySelectorAll(".source-panel:not([hidden])").forEach(hide);
    if (opening) {
      panel.hidden = false;
      marker.setAttribute("aria-expanded", "true");
      marker.classList.add("active");
      panel.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    const marker = event.target.closest("a.cite[data-panel]");
    if (marker && toggle(marker)) {
      event.preventDefault();
      return;
    }
    const close = event.target.closest(".source-panel .close");
    if (close) {
      const panel = close.closest(".source-panel");
      hide(panel);
      const m = markerOf(panel);
      if (m) m.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") document.querySelectorAll(".source-panel:not([hidden])").forEach(hide);
  });
})();
