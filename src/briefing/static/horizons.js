/* Honest about time, at view time: a horizon date ({horizon} role, data-horizon="YYYY-MM-DD") that the
 * reader's today has passed, and that the edition had not, is marked passed. The built page never changes
 * with the calendar; this only adds text. Nothing here reads data as markup: textContent only. */
(function () {
  "use strict";
  var NOTE = "horizon passed by your visit; this corpus holds no outcome";
  // a plan's scheduled step ({deadline} role, data-scheduled): the sources may report it begun, not done
  var DEADLINE_NOTE = "deadline passed by your visit; this corpus reports no completion";
  var COMPACT_NOTE = "passed by your visit";

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function mark() {
    var now = today();
    document.querySelectorAll("span.bf-horizon[data-horizon]").forEach(function (el) {
      var horizon = el.getAttribute("data-horizon");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(horizon) || el.classList.contains("bf-horizon-is-passed")) return;
      if (horizon < now) {  // ISO dates compare as text
        var note = document.createElement("span");
        note.className = "bf-horizon-note bf-horizon-note-live";
        // inside a parenthesis of the sentence (data-nested), brackets, as the build writes them
        // a compact horizon ({horizon-short}, data-compact): its list's introduction says what passed means
        var text = el.hasAttribute("data-compact") ? COMPACT_NOTE
          : el.hasAttribute("data-scheduled") ? DEADLINE_NOTE : NOTE;
        note.textContent = el.hasAttribute("data-nested") ? " [" + text + "]" : " (" + text + ")";
        el.appendChild(note);
        el.classList.add("bf-horizon-is-passed");
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark); else mark();
})();
