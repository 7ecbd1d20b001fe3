/* Accessible names the theme (pydata-sphinx-theme / sphinx-book-theme) leaves wrong, repaired at load:
 * - the search buttons and the colour-mode button carry an aria-label that does not contain their visible
 *   text (WCAG 2.5.3, axe "label-content-name-mismatch"): the visible text becomes the name;
 * - the toggles of nested table-of-contents entries are <summary> elements with only an icon (axe
 *   "summary-name"): each is named after the entry it opens;
 * - the primary sidebar's book title sits outside every landmark (axe "region"): the sidebar becomes a named
 *   complementary landmark, which holds the title and the chapters' navigation.
 * Only the theme's own markup is touched; nothing here reads or writes data. */
(function () {
  "use strict";
  function repair() {
    var side = document.getElementById("pst-primary-sidebar");
    if (side && !side.getAttribute("role")) {
      side.setAttribute("role", "complementary");
      side.setAttribute("aria-label", "Book title and chapters");
    }
    document.querySelectorAll(".search-button__button[aria-label], .theme-switch-button[aria-label]").forEach(function (b) {
      var visible = (b.innerText || "").replace(/\s+/g, " ").trim();
      if (visible) b.removeAttribute("aria-label");
      else if (b.classList.contains("theme-switch-button")) b.setAttribute("aria-label", "Colour mode: light, dark or system");
    });
    document.querySelectorAll("nav summary, .bd-sidebar summary").forEach(function (s) {
      if ((s.textContent || "").trim() || s.getAttribute("aria-label")) return;
      var link = s.parentElement && s.parentElement.parentElement && s.parentElement.parentElement.querySelector(":scope > a");
      var label = link ? link.textContent.trim() : "section";
      s.setAttribute("aria-label", "Show or hide the pages under " + label);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", repair);
  else repair();
})();
