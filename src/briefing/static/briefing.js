/* Citation cards as popovers (pointer, keyboard, touch), the appendix's reading aids, and the
 * view-time notice of passed deadlines. Positioning: Floating UI (vendor/floating-ui, pinned).
 * No data is ever part of this script: everything is read from the page's text and data-* attributes,
 * and written back only as text (textContent), never as markup. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("bf-js");
  var FUI = window.FloatingUIDOM;
  var hasPopoverApi = typeof HTMLElement !== "undefined" && HTMLElement.prototype.hasOwnProperty("popover");
  var open = null;          // {ref, card, cleanup}
  var closeTimer = null, openTimer = null;
  var lastPointer = "mouse";

  function place(ref, card) {
    if (!FUI) return function () {};
    var M = FUI;
    function update() {
      M.computePosition(ref, card, {
        strategy: "fixed", placement: "bottom-start",
        middleware: [M.offset(4), M.flip({padding: 8}), M.shift({padding: 8}),
                     M.size({padding: 8, apply: function (s) {
                       card.style.maxWidth = Math.min(416, s.availableWidth) + "px";
                       card.style.maxHeight = Math.max(120, s.availableHeight) + "px";
                     }})]
      }).then(function (pos) {
        card.style.left = pos.x + "px";
        card.style.top = pos.y + "px";
        card.dataset.placement = pos.placement;
      });
    }
    return M.autoUpdate(ref, card, update);
  }

  function copyText(card, ref) {
    var part = function (sel) { var n = card.querySelector(sel); return n ? n.textContent.trim() : ""; };
    var url = new URL(ref.getAttribute("href"), location.href).href;
    return part(".bf-pop-head") + ": «" + part(".bf-ar") + "» — " + part(".bf-en") + " " + url;
  }

  function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = doc.createElement("textarea");
      ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
      doc.body.appendChild(ta); ta.select();
      try { doc.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (err) { reject(err); } finally { ta.remove(); }
    });
  }

  function addCopyButton(card, ref) {
    var actions = card.querySelector(".bf-pop-actions");
    if (!actions || actions.querySelector(".bf-copy")) return;
    var btn = doc.createElement("button");
    btn.type = "button"; btn.className = "bf-copy"; btn.textContent = "Copy citation";
    var status = doc.createElement("span");
    status.className = "bf-copy-status"; status.setAttribute("role", "status");
    btn.addEventListener("click", function () {
      var text = copyText(card, ref);
      btn.dataset.copied = text;
      writeClipboard(text).then(function () { status.textContent = "Copied"; },
                                function () { status.textContent = "Copy failed: select the text instead"; });
    });
    actions.appendChild(btn); actions.appendChild(status);
  }

  function show(ref) {
    clearTimeout(closeTimer); clearTimeout(openTimer);
    if (open && open.ref === ref) return;
    hide(false);
    var card = doc.getElementById(ref.dataset.bfPop);
    if (!card) return;
    addCopyButton(card, ref);
    if (hasPopoverApi) {            // the top layer: no scroll box or stacking context clips it
      if (!card.hasAttribute("popover")) card.setAttribute("popover", "manual");
      card.showPopover();
    } else if (card.parentNode !== doc.body) {
      doc.body.appendChild(card);   // older browsers: attached to the body
    }
    card.classList.add("bf-open");
    ref.setAttribute("aria-expanded", "true");
    open = {ref: ref, card: card, cleanup: place(ref, card)};
  }

  function hide(restoreFocus) {
    clearTimeout(closeTimer);
    if (!open) return;
    var o = open; open = null;
    o.cleanup();
    o.card.classList.remove("bf-open");
    if (hasPopoverApi && o.card.matches(":popover-open")) o.card.hidePopover();
    o.ref.setAttribute("aria-expanded", "false");
    if (restoreFocus) o.ref.focus({preventScroll: true});
  }

  function scheduleClose() { clearTimeout(closeTimer); closeTimer = setTimeout(function () { hide(false); }, 300); }

  function initMarkers() {
    doc.querySelectorAll("a.bf-ref[data-bf-pop]").forEach(function (ref) {
      var card = doc.getElementById(ref.dataset.bfPop);
      if (!card) return;
      ref.setAttribute("aria-expanded", "false");
      ref.setAttribute("aria-controls", card.id);
      ref.addEventListener("pointerenter", function (ev) {
        if (ev.pointerType === "touch") return;
        clearTimeout(closeTimer); clearTimeout(openTimer);
        openTimer = setTimeout(function () { show(ref); }, 80);
      });
      ref.addEventListener("pointerleave", function (ev) { clearTimeout(openTimer); if (ev.pointerType !== "touch") scheduleClose(); });
      card.addEventListener("pointerenter", function () { clearTimeout(closeTimer); });
      card.addEventListener("pointerleave", function (ev) { if (ev.pointerType !== "touch") scheduleClose(); });
      ref.addEventListener("focus", function () { if (ref.matches(":focus-visible")) show(ref); });
      ref.addEventListener("click", function (ev) {
        // a tap opens the card (its "Go to the passage" link navigates); a second tap follows the marker
        if (lastPointer === "touch" && !(open && open.ref === ref)) { ev.preventDefault(); show(ref); }
      });
      card.addEventListener("focusout", function (ev) {
        if (open && open.card === card && !card.contains(ev.relatedTarget) && ev.relatedTarget !== ref) hide(false);
      });
      ref.addEventListener("blur", function (ev) {
        if (open && open.ref === ref && !card.contains(ev.relatedTarget) && lastPointer !== "touch") scheduleClose();
      });
    });
    doc.addEventListener("pointerdown", function (ev) {
      lastPointer = ev.pointerType || "mouse";
      if (open && !open.card.contains(ev.target) && !open.ref.contains(ev.target)) hide(false);
    }, true);
    doc.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && open) {
        var inside = open.card.contains(doc.activeElement) || open.ref === doc.activeElement;
        hide(inside);
      }
    });
  }

  /* Appendix: the gloss of the passage one arrives at (or clicks) is marked as current. */
  function initAppendix() {
    if (!doc.querySelector(".bf-source")) return;
    function mark() {
      doc.querySelectorAll(".bf-gloss.bf-current").forEach(function (g) { g.classList.remove("bf-current"); });
      var id = decodeURIComponent(location.hash.slice(1));
      if (id.indexOf("ev-") !== 0) return;
      var g = doc.getElementById("gl-" + id.slice(3));
      if (g) g.classList.add("bf-current");
    }
    window.addEventListener("hashchange", mark);
    mark();
    // a click on a highlight brings its translation and citing sentences into view
    doc.querySelectorAll("mark.bf-mark[data-gloss]").forEach(function (m) {
      m.addEventListener("click", function () {
        history.replaceState(null, "", "#" + m.id);
        mark();
        var g = doc.getElementById(m.dataset.gloss);
        if (g) g.scrollIntoView({block: "nearest", behavior: "smooth"});
      });
    });
  }

  /* Honest about time: which dated plans and forecasts have passed by the reader's today. */
  function initTimeNotice() {
    var holder = doc.getElementById("bf-deadlines");
    var box = doc.querySelector(".bf-passed");
    if (!holder || !box) return;
    var items;
    try { items = JSON.parse(holder.textContent); } catch (err) { return; }
    var now = new Date();
    var passed = items.filter(function (it) { return new Date(it.ends) < now; });
    if (!passed.length) return;
    // one line up front (the bottom line stays visible); the entries, grouped by date, on request
    var groups = {}, order = [];
    passed.forEach(function (it) {
      if (!groups[it.when]) { groups[it.when] = []; order.push(it.when); }
      groups[it.when].push(it.label);
    });
    var h = doc.createElement("details");
    var summary = doc.createElement("summary");
    summary.className = "bf-passed-head";
    var dates = order.length > 1 ? order.slice(0, -1).join(", ") + " and " + order[order.length - 1] : order[0];
    summary.textContent = "As of your visit (" + now.toISOString().slice(0, 10) + "), " + passed.length
      + " dated plans and forecasts in this book (" + dates + ") have passed; no source in this edition (newest: "
      + box.dataset.asof + ") reports the outcome. Show them";
    h.appendChild(summary);
    var ul = doc.createElement("ul");
    order.forEach(function (when) {
      var li = doc.createElement("li");
      li.textContent = when + ": " + groups[when].join("; ") + ".";
      ul.appendChild(li);
    });
    h.appendChild(ul);
    box.appendChild(h);
    box.hidden = false;
    markTimeline(box.dataset.asofIso, now);
  }

  /* On the timeline figure, shade the stretch from the newest source to the reader's today: plans and
   * forecasts inside it have passed without a source reporting their outcome. Added at view time. */
  function markTimeline(asOf, now) {
    var gd = doc.querySelector("div[id^='fig-timeline']");
    if (!gd || !asOf) return;
    var tries = 0;
    (function attempt() {
      if (!window.Plotly || !gd.layout || !gd._fullLayout) {
        if (++tries < 50) setTimeout(attempt, 200);
        return;
      }
      var today = now.toISOString().slice(0, 10);
      var shapes = (gd.layout.shapes || []).filter(function (s) { return s.name !== "bf-passed"; });
      shapes.push({name: "bf-passed", type: "rect", xref: "x2", yref: "paper", x0: asOf, x1: today, y0: 0, y1: 1,
                   fillcolor: "rgba(213, 94, 0, 0.10)", line: {width: 0}, layer: "below"});
      var notes = (gd.layout.annotations || []).filter(function (a) { return a.name !== "bf-passed"; });
      var mid = new Date((new Date(asOf).getTime() + now.getTime()) / 2).toISOString().slice(0, 10);
      notes.push({name: "bf-passed", xref: "x2", yref: "paper", x: mid, y: 0.5, textangle: -90, showarrow: false,
                  font: {size: 11}, text: "passed since the newest source: no outcome reported"});
      window.Plotly.relayout(gd, {shapes: shapes, annotations: notes});
    })();
  }

  function init() { initMarkers(); initAppendix(); initTimeNotice(); }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init); else init();
})();
