/* Search page only (briefing.sphinx.search): words split with their diacritics, numbers searched,
 * hover-card text kept out of snippets, an Arabic query ranks the source pages first, and a hit inside
 * a cited passage links to that passage. Runs after searchtools.js (both deferred, in order). */
(function () {
  if (typeof Search === "undefined" || typeof Stemmer === "undefined") return;
  var WORD = /[\p{L}\p{N}]+(?:[\p{M}\u0640][\p{L}\p{N}]*)*/gu;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var arabicQuery = BRIEFING_ARABIC.test(query);

  Search._parseQuery = function (q) {
    var stemmer = new Stemmer();
    var searchTerms = new Set(), excludedTerms = new Set(), highlightTerms = new Set();
    var objectTerms = new Set((q.toLowerCase().match(WORD) || []));
    (q.match(WORD) || []).forEach(function (term) {
      var lower = term.toLowerCase();
      if (stopwords.indexOf(lower) !== -1) return;
      searchTerms.add(stemmer.stemWord(lower));
      highlightTerms.add(lower);
    });
    return [q, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  var toText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var cleaned = htmlString.replace(/<span class="bf-pop"[\s\S]*?<\/span><\/span><\/sup>/g, "</sup>");
    return toText(cleaned, anchor);
  };

  /* Where a keyword occurs in the text: positions in the folded words mapped back to the original. */
  function findKeyword(text, keywords, stemmer) {
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (keywords.has(stemmer.stemWord(m[0].toLowerCase()))) return m.index;
    }
    return -1;
  }

  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var stemmer = new Stemmer();
    var text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    var at = findKeyword(text, keywords, stemmer);
    var start = Math.max(at - 120, 0);
    var summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start ? "..." : "") + text.substr(start, 240).trim() + (start + 240 < text.length ? "..." : "");
    if (BRIEFING_ARABIC.test(summary.textContent)) summary.dir = "auto";
    // a hit inside a cited passage: link the result to that passage
    var doc = new DOMParser().parseFromString(htmlText, "text/html");
    var marks = doc.querySelectorAll('[role="main"] mark[id^="ev-"]');
    for (var i = 0; i < marks.length; i++) {
      if (findKeyword(marks[i].textContent, keywords, stemmer) !== -1) {
        summary.dataset.passage = marks[i].id;
        setTimeout(function () {
          var link = summary.parentElement && summary.parentElement.querySelector("a");
          if (link) link.href = link.href.split("#")[0] + "#" + summary.dataset.passage;
        }, 0);
        break;
      }
    }
    return summary;
  };

  var score = Scorer.score;
  Scorer.score = function (result) {
    var s = score ? score(result) : result[4];
    return arabicQuery && /(^|\/)sources\//.test(result[0]) ? s + 1000 : s;
  };
})();
