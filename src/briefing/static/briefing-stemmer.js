/* The query side of briefing.sphinx.search (written into language_data.js after BRIEFING_SEARCH, the
 * fold table, synonyms and clitics taken from the Python code): the same normalisation, clitic
 * stripping, Porter stemming and synonym map as BriefingSearch.stem. */
var BRIEFING_ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
var BRIEFING_PRESENTATION = /[\ufb50-\ufdff\ufe70-\ufeff]/g;

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

var Stemmer = function () {
  var porter = new PorterStemmer();
  this.baseStem = function (w) {
    if (BRIEFING_ARABIC.test(w)) return briefingStripClitics(briefingNormalize(w)[0]);
    return porter.stemWord(briefingNormalize(w)[0].toLowerCase());
  };
  this.stemWord = function (w) {
    var base = this.baseStem(w);
    return (Object.prototype.hasOwnProperty.call(BRIEFING_SEARCH.synonyms, base)
      ? BRIEFING_SEARCH.synonyms[base] : base).toLowerCase();
  };
};
