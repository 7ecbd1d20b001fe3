/* Citation cards as popovers (pointer, keyboard, touch), the appendix's reading aids, the view-time notice
 * of passed deadlines, print, and working sidebar menus. Positioning: Floating UI (vendor/floating-ui, pinned).
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
    var who = part(".bf-pop-who");
    return part(".bf-pop-head") + (who ? " (" + who + ")" : "") + ": «" + part(".bf-ar") + "» — " + part(".bf-en") + " " + url;
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
      // keyboard: one Tab stop per citation (the card opens on request, not on focus); Enter or Space opens
      // the card, a second Enter follows the marker's link, Space toggles, Escape closes
      ref.addEventListener("keydown", function (ev) {
        var isOpen = open && open.ref === ref;
        if (ev.key === " " || ev.key === "Spacebar") {
          ev.preventDefault();
          if (isOpen) hide(false); else show(ref);
        } else if (ev.key === "Enter" && !isOpen) {
          ev.preventDefault();
          show(ref);
        }
      });
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
    // Escape anywhere (in the card, on its marker or elsewhere) closes the open card; focus inside the card
    // returns to its marker, which does not reopen it (focus alone never opens a card)
    doc.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && open) {
        var inside = open.card.contains(doc.activeElement) || open.ref === doc.activeElement;
        ev.preventDefault();
        hide(inside);
      }
    }, true);
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
   * forecasts inside it have passed without a source reporting their outcome. Added at view time, once
   * the figure is drawn. */
  function markTimeline(asOf, now) {
    var gd = doc.querySelector("div[id^='fig-timeline']");
    if (!gd || !asOf) return;
    function attempt() {
      if (!window.Plotly || !gd.layout || !gd._fullLayout) return;
      var today = now.toISOString().slice(0, 10);
      var shapes = (gd.layout.shapes || []).filter(function (s) { return s.name !== "bf-passed"; });
      shapes.push({name: "bf-passed", type: "rect", xref: "x2", yref: "paper", x0: asOf, x1: today, y0: 0, y1: 1,
                   fillcolor: "rgba(213, 94, 0, 0.10)", line: {width: 0}, layer: "below"});
      var notes = (gd.layout.annotations || []).filter(function (a) { return a.name !== "bf-passed"; });
      var mid = new Date((new Date(asOf).getTime() + now.getTime()) / 2).toISOString().slice(0, 10);
      notes.push({name: "bf-passed", xref: "x2", yref: "paper", x: mid, y: 0.5, textangle: -90, showarrow: false,
                  font: {size: 11}, text: "passed since the newest source: no outcome reported"});
      window.Plotly.relayout(gd, {shapes: shapes, annotations: notes});
    }
    // drawn now, or later (briefing-figures.js draws a plot only when it is shown)
    if (gd._fullLayout) attempt(); else gd.addEventListener("bf:drawn", attempt, {once: true});
  }

  /* Print: every collapsed box (<details>: passed deadlines, a figure's full list) prints expanded, and is
   * collapsed again afterwards. */
  function initPrint() {
    var reopened = [];
    window.addEventListener("beforeprint", function () {
      doc.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; reopened.push(d); });
    });
    window.addEventListener("afterprint", function () {
      reopened.forEach(function (d) { d.open = false; });
      reopened = [];
    });
  }

  /* The theme's sidebar toggles. The theme (pydata-sphinx-theme, sphinx-book-theme) attaches its handlers
   * to the first .primary-toggle and .secondary-toggle of the page, which sit in a header the book theme
   * hides; the buttons a reader sees did nothing. Each visible toggle passes its click to the theme's own
   * (which opens the sidebar as a dialog on narrow screens, or collapses it on wide ones) and reports its
   * state. The theme's buttons drop focus after a click to dismiss their tooltip: here focus stays and the
   * tooltip is hidden instead; on touch screens (no hover) the tooltips, which stick, are not used. */
  function initMenus() {
    function hideTip(el) {
      var bs = window.bootstrap;   // loaded after this script
      var tip = bs && bs.Tooltip && bs.Tooltip.getInstance && bs.Tooltip.getInstance(el);
      if (tip) tip.hide();
    }
    ["primary", "secondary"].forEach(function (which) {
      var toggles = doc.querySelectorAll("." + which + "-toggle");
      var theirs = toggles[0];
      var sidebar = doc.getElementById("pst-" + which + "-sidebar");
      var dialog = doc.getElementById("pst-" + which + "-sidebar-modal");
      if (!theirs || !sidebar) return;
      function expanded() {
        return !!(dialog && dialog.open) || (which === "primary" && window.matchMedia("(min-width: 992px)").matches
                                             && !sidebar.classList.contains("pst-sidebar-hidden"));
      }
      toggles.forEach(function (btn) {
        btn.setAttribute("aria-controls", (dialog && dialog.id) || sidebar.id);
        if (!btn.getAttribute("aria-label")) btn.setAttribute("aria-label", which === "primary" ? "Chapters" : "Contents of this page");
        btn.setAttribute("aria-expanded", String(expanded()));
        if (btn === theirs) return;
        btn.addEventListener("click", function (ev) {
          ev.preventDefault();
          ev.stopImmediatePropagation();
          hideTip(btn);
          theirs.click();   // the theme's handlers; its dialog returns focus to the active element (this button)
          toggles.forEach(function (b) { b.setAttribute("aria-expanded", String(expanded())); });
        }, true);
      });
      if (dialog) {
        dialog.addEventListener("close", function () {
          toggles.forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
        });
        // a link chosen in the menu closes it (a link within the page would otherwise scroll behind it); the
        // jump is made once the menu is closed and the theme has returned focus to the toggle
        dialog.addEventListener("click", function (ev) {
          var a = ev.target.closest && ev.target.closest("a[href]");
          if (!a || !dialog.open) return;
          var url = new URL(a.href, location.href);
          var samePage = url.pathname === location.pathname && url.hash;
          if (samePage) ev.preventDefault();
          dialog.close();
          if (samePage) setTimeout(function () {
            var target = doc.getElementById(decodeURIComponent(url.hash.slice(1)));
            if (location.hash === url.hash && target) target.scrollIntoView(); else location.hash = url.hash;
          }, 0);
        });
      }
    });
    // the theme blurs these buttons after a click (to dismiss a tooltip); keep focus, dismiss the tooltip
    doc.querySelectorAll(".theme-switch-button, .search-button, .primary-toggle, .secondary-toggle").forEach(function (btn) {
      btn.blur = function () { hideTip(btn); };
    });
    var touch = window.matchMedia("(hover: none)").matches;
    doc.querySelectorAll("[data-bs-toggle='tooltip']").forEach(function (el) {
      if (touch) { el.removeAttribute("data-bs-toggle"); return; }   // before the theme creates its tooltips
      el.addEventListener("click", function () { hideTip(el); });
    });
    doc.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") doc.querySelectorAll("[data-bs-toggle='tooltip']").forEach(hideTip);
    });
  }

  /* Wide tables read as stacked cards on phones (briefing.css): each cell is labelled with its column's
   * heading; roles keep the table's semantics once CSS displays it as blocks. */
  function initTables() {
    doc.querySelectorAll("main table").forEach(function (t) {
      if (t.closest(".bf-fig-compact, .bf-source") || t.classList.contains("bf-evidence") || t.classList.contains("bf-meta")) return;
      var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      if (heads.length < 3) return;
      t.classList.add("bf-cards");
      t.setAttribute("role", "table");
      t.querySelectorAll("thead, tbody").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      t.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("role", "columnheader"); });
      t.querySelectorAll("tr").forEach(function (tr) {
        tr.setAttribute("role", "row");
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (cell.tagName === "TD") cell.setAttribute("role", "cell");
          if (heads[i] && cell.closest("tbody")) cell.dataset.label = heads[i];
        });
      });
    });
  }

  function init() { initMarkers(); initAppendix(); initTimeNotice(); initPrint(); initMenus(); initTables(); }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init); else init();
})();
