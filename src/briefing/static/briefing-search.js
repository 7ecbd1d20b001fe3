/* The book's search page (briefing.sphinx.search). Sphinx's search page calls Search.query once its
 * index is loaded; this replaces that step with a search over the text of the book's pages
 * (BRIEFING_SEARCH_INDEX: each page cut into paragraphs, rows, headings and captions), cut, folded and
 * stemmed by briefing-stemmer.js as the query is:
 *
 * - a query of several words, or a phrase in quotes, ranks first the pages that contain it as a phrase
 *   (synonym phrases such as "Islamic State" count as one word, and only whole);
 * - a page with all the words comes next (not for a quoted phrase); when no page has the phrase, the
 *   reader is told so and shown the pages with some of its words; when no page has any, a plain message;
 * - pages are ranked by BM25 over their blocks, a heading or title counting more than a paragraph and a
 *   source line that is not article text less; a word in the query's script counts more than its
 *   synonym in the other;
 * - each result quotes the block that matches best, marks whole matching words, and links to the
 *   nearest place: the cited passage holding the match, else the citation marker before it, else the
 *   paragraph or section.
 * Runs after searchtools.js and language_data.js (both deferred or earlier, in order). */
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Stemmer === "undefined" ||
      typeof BRIEFING_SEARCH_INDEX === "undefined") return;

  var WEIGHT = {t: 3, h: 2, c: 1.5, p: 1, b: 0.25};
  var CROSS_SCRIPT = 0.1;   // a synonym matched in the other script
  var K1 = 1.2, B = 0.5;    // BM25 (b lowered: long chapters are not padded ones)
  var PHRASE = 2;           // a phrase occurrence against one of its words
  var TITLE = 1;            // the page title matches: its idf again
  var PARTIAL = "No page contains this phrase; pages with some of its words:";
  var SNIPPET = 260, BEFORE = 90;

  var stemmer = new Stemmer();
  var book = null;

  /* The pages and blocks, tokenised once: block.post maps a key to its occurrences by position. */
  function load() {
    var data = BRIEFING_SEARCH_INDEX;
    var pages = data.pages.map(function (p, i) {
      return {i: i, doc: p[0], title: p[1], blocks: [], length: 0};
    });
    var inverted = new Map();
    var blocks = data.blocks.map(function (raw, i) {
      var page = pages[raw[0]];
      var tokens = briefingTokens(raw[4], stemmer);
      var post = new Map();
      var add = function (key, occurrence) {
        var at = post.get(key);
        if (!at) post.set(key, at = new Map());
        if (!at.has(occurrence.pos)) at.set(occurrence.pos, occurrence);
      };
      tokens.forEach(function (t) {
        add(t.stem, {pos: t.pos, next: t.pos + 1, arabic: t.arabic, start: t.start, end: t.end});
      });
      briefingPhrases(tokens).forEach(function (s) {
        var first = tokens[s.at], last = tokens[s.at + s.n - 1];
        add(s.key, {pos: first.pos, next: last.pos + 1, arabic: first.arabic, start: first.start, end: last.end});
      });
      var block = {i: i, page: page, kind: raw[1], anchor: raw[2], section: data.sections[raw[3]] || "",
                   text: raw[4], marks: raw[5] || [], post: post};
      page.blocks.push(block);
      if (block.kind !== "b") page.length += tokens.length;
      post.forEach(function (_, key) {
        var list = inverted.get(key);
        if (!list) inverted.set(key, list = []);
        list.push(block);
      });
      return block;
    });
    var total = pages.reduce(function (n, p) { return n + p.length; }, 0);
    return {pages: pages, blocks: blocks, inverted: inverted, average: Math.max(1, total / Math.max(1, pages.length))};
  }

  /* A query: groups of units (the unquoted words form one group, each quoted phrase another); a unit is a
   * word's stem or a synonym phrase's key. terms: the distinct units that are not stop words. */
  function parse(q) {
    var groups = [];
    var rest = q.replace(/"([^"]*)"?|\u201c([^\u201d]*)\u201d?|\u00ab([^\u00bb]*)\u00bb?/g, function (_, a, b, c) {
      groups.push({quoted: true, units: units(a || b || c || "")});
      return " ";
    });
    groups.unshift({quoted: false, units: units(rest)});
    groups = groups.filter(function (g) { return g.units.length; });
    var terms = [], seen = new Set();
    groups.forEach(function (g) {
      g.units.forEach(function (u) {
        u.single = g.units.length === 1;  // a word of its own, not part of a phrase
        if (!u.stop && !seen.has(u.key)) { seen.add(u.key); terms.push(u); }
      });
    });
    return {text: q.trim(), groups: groups, phrases: groups.filter(function (g) { return g.units.length > 1; }),
            terms: terms, quoted: groups.some(function (g) { return g.quoted; })};
  }

  function units(text) {
    var tokens = briefingTokens(text, stemmer), spans = briefingPhrases(tokens), out = [];
    for (var i = 0; i < tokens.length;) {
      var span = spans.find(function (s) { return s.at === i; });
      if (span) {
        out.push({key: span.key, stop: false, arabic: tokens[i].arabic});
        i += span.n;
      } else {
        out.push({key: tokens[i].stem, stop: tokens[i].stop, arabic: tokens[i].arabic});
        i += 1;
      }
    }
    return out;
  }

  /* The occurrences of a group's units in a row: [{start, end}] in characters. */
  function phraseIn(block, group) {
    var first = block.post.get(group.units[0].key), found = [];
    if (!first) return found;
    first.forEach(function (occ) {
      var next = occ.next, end = occ.end;
      for (var j = 1; j < group.units.length; j++) {
        var at = block.post.get(group.units[j].key);
        var o = at && at.get(next);
        if (!o) return;
        next = o.next;
        end = o.end;
      }
      found.push({start: occ.start, end: end});
    });
    return found;
  }

  function idf(df, n) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function saturate(tf, page) {
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * page.length / book.average));
  }

  /* Every page with any of the query's words or phrases, with what matched and where. */
  function match(query) {
    var hits = new Map();
    var candidates = new Set();
    query.terms.forEach(function (t) { (book.inverted.get(t.key) || []).forEach(function (b) { candidates.add(b); }); });
    query.phrases.forEach(function (g) {
      (book.inverted.get(g.units[0].key) || []).forEach(function (b) { candidates.add(b); });
    });
    candidates.forEach(function (block) {
      var found = {block: block, terms: new Map(), phrases: [], ranges: [], score: 0};
      var weight = WEIGHT[block.kind] || 1;
      query.terms.forEach(function (t) {
        var at = block.post.get(t.key);
        if (!at) return;
        var tf = 0;
        at.forEach(function (occ) {
          tf += weight * (occ.arabic === t.arabic ? 1 : CROSS_SCRIPT);
          found.ranges.push([occ.start, occ.end]);
        });
        found.terms.set(t.key, tf);
      });
      var words = found.ranges;
      found.ranges = [];
      query.phrases.forEach(function (g, k) {
        var occs = phraseIn(block, g);
        found.phrases[k] = occs.length * weight;
        occs.forEach(function (o) { found.ranges.push([o.start, o.end]); });
      });
      // where the phrase is, mark it, not its words elsewhere; else every word
      if (!found.ranges.length) found.ranges = words;
      else query.terms.forEach(function (t) {
        if (t.single) (block.post.get(t.key) || new Map()).forEach(function (o) { found.ranges.push([o.start, o.end]); });
      });
      if (!found.terms.size && !found.phrases.some(Boolean)) return;
      var page = block.page, hit = hits.get(page);
      if (!hit) hits.set(page, hit = {page: page, tf: new Map(), pf: query.phrases.map(function () { return 0; }), blocks: []});
      found.terms.forEach(function (tf, key) { hit.tf.set(key, (hit.tf.get(key) || 0) + tf); });
      found.phrases.forEach(function (pf, k) { hit.pf[k] += pf; });
      hit.blocks.push(found);
    });
    return hits;
  }

  function rank(query, hits) {
    var n = book.pages.length, list = [];
    var df = new Map(), pdf = query.phrases.map(function () { return 0; });
    hits.forEach(function (hit) {
      hit.tf.forEach(function (_, key) { df.set(key, (df.get(key) || 0) + 1); });
      hit.pf.forEach(function (pf, k) { if (pf) pdf[k] += 1; });
    });
    hits.forEach(function (hit) {
      var all = query.terms.every(function (t) { return hit.tf.has(t.key); });
      var phrases = hit.pf.every(Boolean);
      var score = 0;
      query.terms.forEach(function (t) {
        if (hit.tf.has(t.key)) score += idf(df.get(t.key), n) * saturate(hit.tf.get(t.key), hit.page);
      });
      hit.pf.forEach(function (pf, k) { if (pf) score += PHRASE * idf(pdf[k], n) * saturate(pf, hit.page); });
      var title = hit.blocks.find(function (f) { return f.block.kind === "t"; });
      if (title && query.terms.every(function (t) { return title.terms.has(t.key); }) &&
          title.phrases.every(Boolean)) {
        score += TITLE * query.terms.reduce(function (s, t) { return s + idf(df.get(t.key), n); }, 0);
      }
      hit.score = score;
      hit.tier = all && phrases ? 1 : all ? 2 : 3;
      hit.words = query.terms.filter(function (t) { return hit.tf.has(t.key); }).length;
      list.push(hit);
    });
    list.sort(function (a, b) {
      return a.tier - b.tier || b.words - a.words || b.score - a.score || a.page.i - b.page.i;
    });
    return list;
  }

  /* What to show: the pages, and the kind of answer (results, partial, none). */
  function answer(query) {
    if (!query.groups.length) return {kind: "none", pages: []};  // no word at all (punctuation)
    if (!query.terms.length && !query.phrases.length) return {kind: "common", pages: []};
    var ranked = rank(query, match(query));
    var full = ranked.filter(function (h) { return h.tier === 1; });
    var several = query.phrases.length > 0 || query.terms.length > 1;
    if (full.length) {
      var more = query.quoted || !query.phrases.length ? [] : ranked.filter(function (h) { return h.tier === 2; });
      return {kind: "results", pages: full.concat(more), phrase: full.length, more: more.length};
    }
    var some = ranked.filter(function (h) { return h.words > 0; });
    if (several && some.length) return {kind: "partial", pages: some};
    return {kind: "none", pages: []};
  }

  /* The block to quote: a phrase first, then the most words, then paragraphs before headings. */
  var PREFER = {p: 4, c: 3, h: 2, t: 1, b: 0};
  function best(hit) {
    var top = null;
    hit.blocks.forEach(function (f) {
      f.rank = [f.phrases.filter(Boolean).length, f.terms.size, PREFER[f.block.kind] || 0,
                Array.from(f.terms.values()).reduce(function (a, b) { return a + b; }, 0)];
      if (!top || compare(f.rank, top.rank) > 0 || (compare(f.rank, top.rank) === 0 && f.block.i < top.block.i)) top = f;
    });
    return top;
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }

  function merged(ranges) {
    var sorted = ranges.slice().sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; }), out = [];
    sorted.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
    });
    return out;
  }

  /* The quoted text of a block around its first match, whole words, the matches marked. */
  function snippet(block, ranges) {
    var text = block.text, marks = merged(ranges);
    var from = 0, to = text.length;
    if (text.length > SNIPPET + 40) {
      var at = marks.length ? marks[0][0] : 0;
      from = Math.max(0, at - BEFORE);
      if (from > 0) from = text.indexOf(" ", from) + 1 || from;
      to = Math.min(text.length, from + SNIPPET);
      if (to < text.length) {
        var space = text.lastIndexOf(" ", to);
        if (space > at) to = space;
      }
    }
    var p = document.createElement("p");
    p.className = "context";
    p.dir = "auto";
    if (from > 0) p.appendChild(document.createTextNode("\u2026 "));
    var cursor = from;
    marks.forEach(function (r) {
      var s = Math.max(r[0], from), e = Math.min(r[1], to);
      if (e <= s) return;
      if (s > cursor) p.appendChild(document.createTextNode(text.slice(cursor, s)));
      var mark = p.appendChild(document.createElement("mark"));
      mark.className = "bf-hit";
      mark.textContent = text.slice(s, e);
      cursor = e;
    });
    if (cursor < to) p.appendChild(document.createTextNode(text.slice(cursor, to)));
    if (to < text.length) p.appendChild(document.createTextNode(" \u2026"));
    return p;
  }

  /* Where to land: the cited passage holding the match, else the last marked place before it, else the
   * block's own element or section. */
  function anchorFor(block, at) {
    if (block.kind === "t") return "";
    var inside = block.marks.find(function (m) { return m[0] < m[1] && m[0] <= at && at < m[1]; });
    if (inside) return inside[2];
    var before = block.marks.filter(function (m) { return m[0] <= at; }).pop();
    return before ? before[2] : block.anchor;
  }

  function item(hit, query) {
    var found = best(hit), block = found.block, ranges = found.ranges;
    var at = ranges.length ? Math.min.apply(null, ranges.map(function (r) { return r[0]; })) : 0;
    var anchor = anchorFor(block, at);
    var quoted = block, quotedRanges = ranges;
    if (block.kind === "t" || block.kind === "h") {  // quote the paragraph that follows the heading
      var next = hit.page.blocks.find(function (b) { return b.i > block.i && b.kind === "p"; });
      var inNext = next && hit.blocks.find(function (f) { return f.block === next; });
      // unless the phrase is in the heading and not in that paragraph: then the heading, with the phrase marked
      var phraseHere = found.phrases.some(Boolean), phraseNext = inNext && inNext.phrases.some(Boolean);
      if (next && (!phraseHere || phraseNext)) {
        quoted = next;
        quotedRanges = inNext ? inNext.ranges : [];
      }
    }
    var li = document.createElement("li");
    var link = li.appendChild(document.createElement("a"));
    link.href = hit.page.doc + DOCUMENTATION_OPTIONS.LINK_SUFFIX + (anchor ? "#" + anchor : "");
    link.textContent = hit.page.title;
    var section = block.kind === "t" ? "" : block.section;
    if (section && section !== hit.page.title) {
      var where = li.appendChild(document.createElement("span"));
      where.className = "bf-search-section";
      where.textContent = " \u203a " + section;
    }
    li.appendChild(snippet(quoted, quotedRanges));
    return li;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function show(q) {
    if (!book) book = load();
    var query = parse(q), result = answer(query);
    var progress = document.getElementById("search-progress");
    if (progress) progress.textContent = "";
    Search.stopPulse();
    Search.title.textContent = "Search Results";
    var status = Search.status;
    status.setAttribute("role", "status");
    status.className = "search-summary bf-search-" + result.kind;
    var quotedQ = "\u201c" + query.text + "\u201d";
    if (result.kind === "results") {
      status.textContent = query.phrases.length
        ? plural(result.phrase, "page contains", "pages contain") + " the phrase " + quotedQ +
          (result.more ? "; " + plural(result.more, "more page contains", "more pages contain") + " all its words." : ".")
        : plural(result.pages.length, "page contains", "pages contain") + " " + quotedQ + ".";
    } else if (result.kind === "partial") {
      status.textContent = PARTIAL;
    } else if (result.kind === "common") {
      status.textContent = quotedQ + " is too common to search for on its own: add a word.";
    } else {
      status.textContent = "No page contains " + quotedQ + ".";
    }
    result.pages.forEach(function (hit) { Search.output.appendChild(item(hit, query)); });
    var out = document.getElementById("search-results");
    if (out) out.dataset.briefingSearch = "done";
  }

  Search.query = show;
  // the whole-word marks are drawn here; Sphinx's highlighter would mark "al" inside words on the next page
  Search._parseQuery = function (q) { return [q, new Set(), new Set(), new Set(), new Set()]; };
})();
