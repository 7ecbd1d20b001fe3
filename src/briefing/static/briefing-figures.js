/* Figures (briefing.figures): plotly.js is loaded, and a figure drawn, only when its plot is shown — on a
 * wide screen, or on a phone when the reader asks for the interactive chart; a phone otherwise reads the
 * compact view and never downloads plotly.js. Each figure is drawn in the reader's colour theme and
 * redrawn when the theme changes. For print, drawn plots scale to the page width.
 * No data is part of this script: the figures' own drawing code is queued in window.bfFigures. */
(function () {
  "use strict";
  var doc = document;
  var queue = window.bfFigures = window.bfFigures || [];
  var here = doc.currentScript && doc.currentScript.src;
  var bundle = here ? here.replace(/briefing-figures\.js(\?.*)?$/, "vendor/plotly/plotly-briefing.min.js") : null;
  var loading = null;
  var drawn = {};

  function dark() { return doc.documentElement.dataset.theme === "dark"; }

  /* What the dark theme changes in a layout (as relayout paths); the light theme resets them to the template. */
  function themeUpdate(layout, isDark) {
    var up = {paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", "font.color": "#e6e6e6",
              "hoverlabel.bgcolor": "#1f2328", "hoverlabel.font.color": "#f2f2f2", "hoverlabel.bordercolor": "#8c8c8c"};
    Object.keys(layout || {}).forEach(function (key) {
      if (!/^[xy]axis\d*$/.test(key)) return;
      up[key + ".gridcolor"] = "#3c4148"; up[key + ".linecolor"] = "#8c8c8c";
      up[key + ".zerolinecolor"] = "#5a5f66"; up[key + ".tickcolor"] = "#8c8c8c";
      up[key + ".minor.gridcolor"] = "#2c3035";
    });
    if (!isDark) Object.keys(up).forEach(function (k) { up[k] = null; });
    return up;
  }

  function setPath(obj, path, value) {
    var keys = path.split("."), o = obj;
    for (var i = 0; i < keys.length - 1; i++) o = o[keys[i]] = o[keys[i]] || {};
    o[keys[keys.length - 1]] = value;
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = bundle;
        s.onload = function () { wrapNewPlot(); resolve(window.Plotly); };
        s.onerror = function () { reject(new Error("plotly.js could not be loaded from " + bundle)); };
        doc.head.appendChild(s);
      });
    }
    return loading;
  }

  /* Every figure is drawn in the current theme (its layout adjusted before the first draw). */
  function wrapNewPlot() {
    var P = window.Plotly, real = P.newPlot;
    if (P.bfWrapped) return;
    P.bfWrapped = true;
    P.newPlot = function (gd, data, layout, config) {
      if (dark()) {
        var up = themeUpdate(layout, true);
        Object.keys(up).forEach(function (k) { setPath(layout, k, up[k]); });
      }
      var done = real.call(P, gd, data, layout, config);
      var el = typeof gd === "string" ? doc.getElementById(gd) : gd;
      if (el) el.bfDrawing = done;
      return done;
    };
  }

  function figureOf(id) { var gd = doc.getElementById(id); return gd && gd.closest(".bf-figure"); }

  function shown(item) {
    var gd = doc.getElementById(item.id);
    return !!gd && gd.closest(".bf-fig-plot").getClientRects().length > 0;
  }

  function draw(item) {
    if (drawn[item.id]) return Promise.resolve();
    drawn[item.id] = true;
    return loadPlotly().then(function () {
      item.draw();
      var gd = doc.getElementById(item.id);
      var fig = figureOf(item.id);
      return Promise.resolve(gd && gd.bfDrawing).then(function () {
          if (fig) fig.classList.add("bf-drawn");
          if (gd) gd.dispatchEvent(new CustomEvent("bf:drawn", {bubbles: true}));
        });
    }).catch(function (err) { drawn[item.id] = false; console.error(err.message); });
  }

  function drawShown() { queue.forEach(function (item) { if (shown(item)) draw(item); }); }

  function retheme() {
    if (!window.Plotly) return;
    queue.forEach(function (item) {
      var gd = doc.getElementById(item.id);
      if (drawn[item.id] && gd && gd._fullLayout) window.Plotly.relayout(gd, themeUpdate(gd.layout, dark()));
    });
  }

  /* On a phone: the compact view, and a button that shows (or hides again) the interactive chart. */
  function initButtons() {
    doc.querySelectorAll("button.bf-fig-show").forEach(function (btn) {
      btn.hidden = false;
      btn.setAttribute("aria-expanded", "false");
      btn.addEventListener("click", function () {
        var fig = btn.closest(".bf-figure");
        var on = fig.classList.toggle("bf-plot-requested");
        btn.setAttribute("aria-expanded", on ? "true" : "false");
        btn.textContent = on ? "Hide the interactive chart" : "Show the interactive chart";
        if (on) drawShown();
      });
    });
  }

  /* Print: drawn plots scale to the page width (a viewBox on plotly's fixed-size SVG layers). */
  function beforePrint() {
    doc.querySelectorAll(".bf-figure.bf-drawn .svg-container").forEach(function (box) {
      box.querySelectorAll("svg.main-svg").forEach(function (svg) {
        var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
        if (!w || !h || svg.hasAttribute("viewBox")) return;
        svg.setAttribute("viewBox", "0 0 " + w + " " + h);
        svg.dataset.bfViewbox = "1";
        box.style.setProperty("--bf-print-ratio", w + " / " + h);
      });
    });
  }
  function afterPrint() {
    doc.querySelectorAll("svg.main-svg[data-bf-viewbox]").forEach(function (svg) {
      svg.removeAttribute("viewBox"); delete svg.dataset.bfViewbox;
    });
  }

  function init() {
    initButtons();
    drawShown();
    var narrow = window.matchMedia("(max-width: 600px)");
    (narrow.addEventListener ? narrow.addEventListener.bind(narrow, "change") : narrow.addListener.bind(narrow))(drawShown);
    new MutationObserver(retheme).observe(doc.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init); else init();
})();
