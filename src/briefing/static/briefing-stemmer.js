/* The words of the book's search in the browser: briefing.search_words in JavaScript. Written into
 * language_data.js after PorterStemmer and BRIEFING_SEARCH (the fold table, clitics, irregular forms,
 * stop words and synonyms, all taken from the Python code), so that the index of the page text and the
 * query are cut, folded and stemmed alike. tests/test_search.py runs both on the same words. */
var BRIEFING_ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
var BRIEFING_PRESENTATION = /[\ufb50-\ufdff\ufe70-\ufeff]/g;
/* search_words.TOKEN: a number with its thousands separators, or a word with its marks (and al-). */
var BRIEFING_TOKEN = (function () {
  var d = "0-9\\u0660-\\u0669\\u06f0-\\u06f9";
  var number = "[" + d + "]{1,3}(?:[,\\u066c][" + d + "]{3})+(?:[.\\u066b][" + d + "]+)?(?![" + d + "])" +
    "|[" + d + "]+[.\\u066b][" + d + "]+(?![" + d + "])";
  var word = "(?:(?:[Aa][Ll]|[Ee][Ll])[-\\u2010\\u2011](?=\\p{L}))?[\\p{L}\\p{N}]+(?:[\\p{M}\\u0640][\\p{L}\\p{N}]*)*";
  return new RegExp(number + "|" + word, "gu");
})();
var BRIEFING_ARTICLE_KEY = /^(?:al|el)[-\u2010\u2011]/;
var BRIEFING_NUMBER_KEY = /^[0-9][0-9,.]*$/;

/* briefing.arabic.normalize for one word: presentation forms (NFKC), NFC, the one-to-one fold
 * table, deletable marks dropped. Returns [text, origin] (origin[i] = index in the input). */
function briefingNormalize(word) {
  var composed = word.replace(BRIEFING_PRESENTATION, function (c) {
    var out = c.normalize("NFKC");
    return out.length > 1 && out[0] === " " ? out.slice(1) : out;
  }).normalize("NFC");
  var text = "", origin = [];
  var chars = Array.from(composed);
  for (var i = 0; i < chars.length; i++) {
    var c = chars[i];
    if (BRIEFING_SEARCH.deletable.indexOf(c) !== -1) continue;
    var f = Object.prototype.hasOwnProperty.call(BRIEFING_SEARCH.fold, c) ? BRIEFING_SEARCH.fold[c] : c;
    text += f;
    origin.push(i);
  }
  return [text, origin];
}

function briefingStripClitics(word) {
  var k = BRIEFING_SEARCH.clitics, min = BRIEFING_SEARCH.minStem;
  var w = Array.from(word);
  if (w.length && k[0].indexOf(w[0]) !== -1 && w.length - 1 >= min) w = w.slice(1);
  if (w.slice(0, 2).join("") === k[3] && w.length - 2 >= min) return w.slice(2).join("");
  if (w.length && k[1].indexOf(w[0]) !== -1 && w.length - 1 >= min) w = w.slice(1);
  if (w.slice(0, 2).join("") === k[2] && w.length - 2 >= min) w = w.slice(2);
  return w.join("");
}

/* search_words.key: folded, lower case, no thousands separator, no transliterated article. */
function briefingKey(surface) {
  var folded = briefingNormalize(surface)[0].toLowerCase();
  if (BRIEFING_NUMBER_KEY.test(folded)) return folded.replace(/,/g, "");
  return folded.replace(BRIEFING_ARTICLE_KEY, "");
}

function briefingHas(table, key) {
  return Object.prototype.hasOwnProperty.call(table, key);
}

var Stemmer = function () {
  var porter = new PorterStemmer();
  var memo = new Map();
  /* search_words.base_stem of a folded key */
  this.baseStem = function (folded) {
    if (BRIEFING_ARABIC.test(folded)) return briefingStripClitics(folded);
    if (/^[0-9]/.test(folded)) return folded;
    return briefingHas(BRIEFING_SEARCH.irregular, folded) ? BRIEFING_SEARCH.irregular[folded] : porter.stemWord(folded);
  };
  /* search_words.stem of a token as written */
  this.stemWord = function (surface) {
    var hit = memo.get(surface);
    if (hit !== undefined) return hit;
    var base = this.baseStem(briefingKey(surface));
    var out = briefingHas(BRIEFING_SEARCH.synonyms, base) ? BRIEFING_SEARCH.synonyms[base] : base;
    memo.set(surface, out);
    return out;
  };
  var stops = new Set(BRIEFING_SEARCH.stopwords), words = new Map();
  this.isStopword = function (surface) {
    return stops.has(briefingKey(surface));
  };
  /* {stem, stop} of a token as written, remembered */
  this.word = function (surface) {
    var w = words.get(surface);
    if (w === undefined) {
      var folded = briefingKey(surface);  // digits fold to ASCII: a number belongs to no script
      words.set(surface, w = {stem: this.stemWord(surface), stop: this.isStopword(surface), arabic: BRIEFING_ARABIC.test(folded)});
    }
    return w;
  };
};

/* The tokens of a text: [{start, end, stem, stop, arabic, pos}]; pos counts words, with a gap at "·" (a
 * table cell or a field boundary) so that no phrase runs across it. */
function briefingTokens(text, stemmer) {
  var out = [], m, pos = -1, last = 0;
  BRIEFING_TOKEN.lastIndex = 0;
  while ((m = BRIEFING_TOKEN.exec(text)) !== null) {
    pos += text.slice(last, m.index).indexOf("\u00b7") !== -1 ? 2 : 1;
    last = m.index + m[0].length;
    var w = stemmer.word(m[0]);
    out.push({start: m.index, end: last, stem: w.stem, stop: w.stop, arabic: w.arabic, pos: pos});
  }
  return out;
}

/* The synonym phrases found in a token list, longest first at each place: [{at, n, key}] (at: index in
 * the list, n: how many tokens). */
function briefingPhrases(tokens) {
  var found = [], byFirst = BRIEFING_SEARCH.phrasesByFirst;
  if (!byFirst) {
    byFirst = BRIEFING_SEARCH.phrasesByFirst = {};
    BRIEFING_SEARCH.phrases.forEach(function (p) {
      (byFirst[p[0][0]] = byFirst[p[0][0]] || []).push(p);
    });
    Object.keys(byFirst).forEach(function (k) { byFirst[k].sort(function (a, b) { return b[0].length - a[0].length; }); });
  }
  for (var i = 0; i < tokens.length; i++) {
    var candidates = briefingHas(byFirst, tokens[i].stem) ? byFirst[tokens[i].stem] : null;
    if (!candidates) continue;
    for (var c = 0; c < candidates.length; c++) {
      var stems = candidates[c][0], ok = i + stems.length <= tokens.length;
      for (var j = 1; ok && j < stems.length; j++) {
        ok = tokens[i + j].stem === stems[j] && tokens[i + j].pos === tokens[i].pos + j;
      }
      if (ok) { found.push({at: i, n: stems.length, key: candidates[c][1]}); break; }
    }
  }
  return found;
}
