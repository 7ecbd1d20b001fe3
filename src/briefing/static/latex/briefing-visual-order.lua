-- Right-to-left runs written to the PDF in visual order, left to right, as XeTeX and pdfTeX write them.
--
-- LuaTeX draws a right-to-left run glyph by glyph leftwards. Browsers' PDF viewer (pdf.js) reads a jump
-- back to the left as the end of a text chunk and so never sees the gaps between Arabic words: copied or
-- searched Arabic comes out without spaces. Written left to right, each word's gap is a forward move
-- pdf.js turns into a space, and its bidi step puts the run back into logical order.
--
-- After line breaking (and for every packed box) each list is rewritten: the runs between matching
-- direction nodes are reversed when they are right-to-left, the direction nodes are dropped, and the box
-- becomes left-to-right. Reversing a run of horizontal items keeps every item on the same interval of the
-- line, so the page looks the same (tests/test_pdf_text_layer.py compares every glyph's position). A
-- link's start and end stay around their own content. luaotfload's /ActualText spans (marked content)
-- are dropped: pdf.js ends a text chunk at each one, which split words and lines out of order; the
-- glyphs' /ToUnicode carries their text instead (briefing-tounicode.lua).
local HLIST, VLIST, DIR, WHATSIT, KERN, GLYPH = node.id("hlist"), node.id("vlist"), node.id("dir"),
  node.id("whatsit"), node.id("kern"), node.id("glyph")
local START_LINK, END_LINK = node.subtype("pdf_start_link"), node.subtype("pdf_end_link")
local LITERAL = node.subtype("pdf_literal")

-- Groups that must keep their opening node first: links, and the marked-content spans (an /ActualText for
-- a ligature or a letter with its marks) that luaotfload's HarfBuzz mode writes as literals.
local function opens(n)
  if n.id ~= WHATSIT then return false end
  if n.subtype == START_LINK then return true end
  return n.subtype == LITERAL and type(n.data) == "string" and n.data:find("BDC%s*$") ~= nil
end

local function closes(n)
  if n.id ~= WHATSIT then return false end
  if n.subtype == END_LINK then return true end
  return n.subtype == LITERAL and type(n.data) == "string" and n.data:find("^%s*EMC") ~= nil
end

local function is_rtl(dir)
  return dir == "TRT"
end

local DROP_SPANS = true  -- see above
local function is_span(n)
  return n.id == WHATSIT and n.subtype == LITERAL and type(n.data) == "string"
    and (n.data:find("^/Span<</ActualText") ~= nil or n.data:find("^%s*EMC%s*$") ~= nil)
end

-- The list from `n` up to the node that closes the current level, as a tree: each entry is a node or
-- {dir = "TRT"|"TLT", link = start_node|nil, items = {...}, close = end_node|nil}. Returns the tree and
-- the node after the level's end.
local function parse(n, ends)
  local items = {}
  while n do
    local nxt = n.next
    if n.id == DIR then
      local sign, d = n.dir:sub(1, 1), n.dir:sub(2)
      node.free(n)  -- removed from the list by rebuilding it below (it is detached when the list is relinked)
      if sign == "+" then
        local sub, rest = parse(nxt, "dir")
        items[#items + 1] = {dir = d, items = sub}
        nxt = rest
      elseif ends == "dir" then
        return items, nxt
      end  -- a closing node with nothing open: the line began inside the run; already balanced by LuaTeX
    elseif DROP_SPANS and is_span(n) then
      node.free(n)
    elseif opens(n) then
      local sub, rest, close = parse(nxt, "group")
      items[#items + 1] = {link = n, items = sub, close = close}
      nxt = rest
    elseif closes(n) and ends == "group" then
      return items, nxt, n
    else
      if DROP_SPANS and n.id == GLYPH then  -- nor the spans luaotfload would add later
        local props = node.getproperty(n)
        if props then props.luaotfload_startactualtext, props.luaotfload_endactualtext = nil, nil end
      end
      items[#items + 1] = n
    end
    n = nxt
  end
  return items, nil
end

-- The tree's nodes in visual (left-to-right) order, appended to `out`; `level[i]` says where out[i] was:
-- 2 directly in a right-to-left run (reversed), 1 in a left-to-right run inside one (digits in Arabic),
-- nil elsewhere.
local function flatten(items, dir, out, level, inside)
  local rtl = is_rtl(dir)
  local here = rtl and 2 or (inside and 1 or nil)
  local first, last, step = 1, #items, 1
  if rtl then first, last, step = #items, 1, -1 end
  for i = first, last, step do
    local it = items[i]
    if type(it) ~= "table" then
      -- the backend shifts a right-to-left glyph by its x offset leftwards: in a left-to-right list
      -- the same place is the opposite offset
      if rtl and it.id == GLYPH and it.xoffset ~= 0 then it.xoffset = -it.xoffset end
      out[#out + 1] = it
      level[#out] = here
    elseif it.link then
      out[#out + 1] = it.link
      flatten(it.items, dir, out, level, inside)
      if it.close then out[#out + 1] = it.close end
    else
      flatten(it.items, it.dir, out, level, inside or rtl)
    end
  end
  return out
end

-- pdf.js, the browsers' viewer, turns a forward move of more than 0.102 em between two glyphs into a
-- space and splits the text at a backward move of more than 0.2 em or a forward one of more than 0.6 em,
-- putting the pieces in drawing order. Arabic letters that do not join the next one are kerned (عسكر|ية:
-- 0.12 em), some pairs overlap (تؤ|كد: -0.29 em) and justified word spaces stretch. So in right-to-left
-- runs the move between two glyphs is split in two: a part pdf.js sees (between -0.15 and 0.08 em inside
-- a word, between 0.15 and 0.55 em at a word space) and a part it does not see, because it follows a
-- zero-width blank glyph mapped to an invisible format character (pdf.js skips such a glyph and the move
-- after it). What pdf.js thinks of the pen position then lags behind the page; the lag is paid back at the
-- next moves, so that a glyph placed afresh (one raised for cursive joining) is not taken for a new word.
-- Before a mark that follows a word space, a zero-width blank mapped to U+0020 gives the space instead,
-- so that the mark stays with its letter. The page looks the same: the blanks are empty and have no width
-- and the moves add up as before. Their /ToUnicode comes from briefing-tounicode.lua (property glyph_info).
local FILLER, FILLER_TEXT, SPACE, SPACE_TEXT = 0xFEFF, utf8.char(0x2060), 0x200B, " "
-- Options (benchmarks/pdf_text.py sets the global briefing_text_layer to compare routes; the book uses the
-- defaults): word_space "space" writes a blank that copies as a space at each word gap, for the viewers that
-- read the page's glyphs and not its gaps (PDFium, poppler, MuPDF), or "joiner" only the hidden blank;
-- in_word "fill" splits every move inside a word, "needed" only those pdf.js would misread, "none" none.
local OPTIONS = rawget(_G, "briefing_text_layer") or {}
local WORD_SPACE, IN_WORD_FILL = OPTIONS.word_space or "space", OPTIONS.in_word or "needed"
local GLUE, PENALTY = node.id("glue"), node.id("penalty")
local IN_WORD = {-0.18, 0.09}     -- em: what pdf.js may see of a move inside a word (-0.2 .. 0.102)
local AT_SPACE = {0.12, 0.57}     -- em: and of a word space (0.102 .. 0.6)
local font_info = {}  -- font id -> {blanks = bool, size = sp}

local function info(fid)
  local fi = font_info[fid]
  if not fi then
    local f = font.getfont(fid)
    local c = f and f.characters or {}
    fi = {size = f and f.size or 0,
          blanks = f ~= nil and f.hb ~= nil and c[FILLER] ~= nil and c[SPACE] ~= nil
                   and c[FILLER].width == 0 and c[SPACE].width == 0}
    font_info[fid] = fi
  end
  return fi
end

local function blank(fid, char, text, like)
  local g = node.new(GLYPH)
  g.font, g.char, g.lang, g.attr = fid, char, like.lang, like.attr
  node.setproperty(g, {glyph_info = text})
  return g
end

-- A kern with the attributes of `like` (its colour, and lua-ul's highlight: a kern without it would cut the
-- highlight, which is then drawn in pieces between the letters and interrupts the text for pdf.js).
local function kern(w, like)
  local k = node.new(KERN)
  k.kern, k.attr = w, like.attr
  return k
end

-- A glyph shifted by an x offset is drawn with a move before and after it: in right-to-left runs those
-- moves become kerns, which the split above can handle. Marks keep their offset: pdf.js does not measure
-- the distance to a zero-width mark. A space glyph (briefing-spaces.lua) becomes a kern as wide.
local function moves_as_kerns(out, level)
  local list, rtl = {}, {}
  local function add(n, r) list[#list + 1] = n; rtl[#list] = r end
  for i, n in ipairs(out) do
    if level[i] == 2 and n.id == GLYPH and info(n.font).blanks then
      if n.char == 32 then
        add(kern(n.width, n), 2)
        node.free(n)
      elseif n.xoffset ~= 0 and n.width ~= 0 then
        local d = n.xoffset
        n.xoffset = 0
        add(kern(d, n), 2); add(n, 2); add(kern(-d, n), 2)
      else
        add(n, 2)
      end
    else
      add(n, level[i])
    end
  end
  return list, rtl
end

local function clamp(x, lo, hi) return math.max(lo, math.min(hi, x)) end

-- `box`: the packed box the list belongs to (its glue is set), or nil (natural widths)
-- Tanween fath on a final alef (ـاً) is drawn raised, so the backend places it afresh, and pdf.js, which
-- does not measure marks, attaches it to whatever it read before: after a word space, the mark came out
-- detached ("مشيرا ً"). Written after its alef instead, it is read with the letter before the alef
-- ("مشيرًا"), the other accepted spelling of the same word.
local FATHATAN, ALEF, ALEF_MAKSURA = utf8.char(0x064B), utf8.char(0x0627), utf8.char(0x0649)
local function tanween_after_alef(out, level)
  local function text(n)
    local props = n.id == GLYPH and node.getproperty(n)
    return props and props.glyph_info
  end
  local k = 1
  while k < #out do
    local mark, base = out[k], out[k + 1]
    local b = text(base)
    if level[k] == 2 and text(mark) == FATHATAN and mark.width == 0 and (b == ALEF or b == ALEF_MAKSURA) then
      mark.xoffset = mark.xoffset - base.width  -- the same place, measured from after the alef
      out[k], out[k + 1] = base, mark
      level[k], level[k + 1] = level[k + 1], level[k]
      k = k + 2
    else
      k = k + 1
    end
  end
  return out, level
end

local function fill_gaps(out, level, box)
  out, level = moves_as_kerns(out, level)
  if OPTIONS.tanween ~= "keep" then out, level = tanween_after_alef(out, level) end
  local function width(n)
    if n.id == KERN then return n.kern end
    if n.id == GLUE then return box and node.effective_glue(n, box) or n.width end
    return 0
  end
  -- a glyph that stands for no text (a stroke joining two letters, see briefing-tounicode.lua) is
  -- skipped by pdf.js with the move after it: a move, here
  local function textless(n)
    local props = node.getproperty(n)
    return props and props.glyph_info == "" and n.width ~= 0
  end
  local anchors = {}  -- indexes of glyphs with a width (pdf.js measures from and to them)
  for i, n in ipairs(out) do
    if n.id == GLYPH and n.width ~= 0 and not textless(n) then anchors[#anchors + 1] = i end
  end
  local after = {}  -- index -> nodes to insert after out[index]
  local before = {} -- index -> node to insert before out[index]
  local lag = 0     -- how far pdf.js's pen is behind the page's
  for a = 1, #anchors - 1 do
    local i, j = anchors[a], anchors[a + 1]
    local g, h = out[i], out[j]
    local fid = (info(g.font).blanks and g.font) or (info(h.font).blanks and h.font) or nil
    -- both inside the same right-to-left text: not the gap between a label (¶17) and an Arabic paragraph
    local plain, rtl = true, level[i] ~= nil and level[j] ~= nil
    local hidden, seen, space, mark = 0, 0, false, nil  -- moves before / after the first mark
    for k = i + 1, j - 1 do
      local n = out[k]
      local id = n.id
      if id == KERN or id == GLUE or (id == GLYPH and textless(n)) then
        local w = id == GLYPH and n.width or width(n)
        if mark then seen = seen + w else hidden = hidden + w end
        if id == GLUE and w > 0 then space = true end
      elseif id == GLYPH then
        mark = mark or k
      elseif id ~= WHATSIT and id ~= PENALTY then
        plain = false  -- a box or rule between them: not one run of text
      end
    end
    local em = fid and info(fid).size
    local m = hidden + seen
    local range = (space and not mark) and AT_SPACE or IN_WORD
    -- a move pdf.js reads right as it is needs no blank (unless every move gets one: in_word "fill")
    local fits = em and lag == 0 and seen == 0 and m >= range[1] * em and m <= range[2] * em
    local skip = (not space and (IN_WORD_FILL == "none" or (IN_WORD_FILL == "needed" and fits)))
      or (space and not mark and WORD_SPACE == "space" and IN_WORD_FILL ~= "fill" and fits)
    if plain and rtl and fid and skip and space and not mark and WORD_SPACE == "space" then
      after[i] = {blank(fid, SPACE, SPACE_TEXT, g)}
    elseif plain and rtl and fid and not skip then
      local v = clamp(m + lag, range[1] * em, range[2] * em)
      local shown = v - seen  -- the visible move right after g
      if shown ~= 0 or hidden ~= 0 or space then
        local nodes = {}
        if space and not mark and WORD_SPACE == "space" then nodes[#nodes + 1] = blank(fid, SPACE, SPACE_TEXT, g) end
        if shown ~= 0 then nodes[#nodes + 1] = kern(shown, g) end
        nodes[#nodes + 1] = blank(fid, FILLER, FILLER_TEXT, g)
        if shown ~= 0 then nodes[#nodes + 1] = kern(-shown, g) end
        after[i] = nodes
        if space and mark then before[mark] = blank(fid, SPACE, SPACE_TEXT, g) end
        lag = lag + m - v
      end
    end
  end
  local filled = {}
  for i, n in ipairs(out) do
    if before[i] then filled[#filled + 1] = before[i] end
    filled[#filled + 1] = n
    for _, x in ipairs(after[i] or {}) do filled[#filled + 1] = x end
  end
  return filled
end

local function has_dirs(head)
  for _ in node.traverse_id(DIR, head) do return true end
  return false
end

-- A list in visual order: the tree of `head` flattened, relinked. `dir` is the list's own direction.
-- Option actual_text ("logical" or "visual", default "none"): each right-to-left run of a line inside an
-- /ActualText span with the run's text in that order (measured in benchmarks/README.md: PDFium, poppler and
-- MuPDF each read the span differently, so the book does not use it).
local ACTUAL_TEXT = OPTIONS.actual_text or "none"

local function utf16_hex(text)
  local out = {}
  for _, c in utf8.codes(text) do
    if c < 0x10000 then
      out[#out + 1] = string.format("%04X", c)
    else
      c = c - 0x10000
      out[#out + 1] = string.format("%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF))
    end
  end
  return table.concat(out)
end

-- The text of a list of nodes (or of a parsed tree) in its order: each glyph's text, a space per word gap.
local function text_of(items, buf)
  for _, it in ipairs(items) do
    if type(it) == "table" then
      text_of(it.items, buf)
    elseif it.id == GLYPH then
      local props = node.getproperty(it)
      local t = it.char == 32 and " " or (props and props.glyph_info) or utf8.char(it.char)
      if t ~= " " or (#buf > 0 and buf[#buf] ~= " ") then buf[#buf + 1] = t end
    elseif it.id == GLUE and it.width > 0 and #buf > 0 and buf[#buf] ~= " " then
      buf[#buf + 1] = " "
    end
  end
  return buf
end

local function span_literal(data, like)
  local n = node.new(WHATSIT, LITERAL)
  n.mode, n.data, n.attr = 1, data, like and like.attr
  return n
end

-- Option actual_text "words" (measured in benchmarks/README.md): a hidden text layer for the viewers that
-- read /ActualText (PDFium, poppler, MuPDF), as OCR PDFs carry one. Each right-to-left run's glyphs go in a
-- span whose /ActualText is `hide` (a space by default), so those viewers take no text from them, while pdf.js,
-- which ignores /ActualText, reads the glyphs as before. Then, for each word of the run, a span with the
-- word's text around two empty blanks that mark the word's box (mapped to a format character: pdf.js skips
-- them and the move after each). Kerns take the pen to each box and back: nothing on the page moves.
-- word_text "visual" (default) gives each word's text reversed (as drawn; the viewers reverse it back) or
-- "logical"; word_order "visual" (default) writes the words left to right, "logical" in reading order;
-- word_place "run" (default) writes them right after their run, "line" at the end of the line.
-- `hide`: the hex UTF-16 of the runs' /ActualText ("0020", a space, by default; "" for none)
local HIDE = OPTIONS.hide or "0020"
local WORD_TEXT, WORD_ORDER, WORD_PLACE = OPTIONS.word_text or "visual", OPTIONS.word_order or "visual",
  OPTIONS.word_place or "run"
local WORD_BLANKS = OPTIONS.word_blanks or "two"  -- "two" (the box's edges), "left", "right", "chars", "each", "split", "split2"
local CHAR_BLANKS = OPTIONS.char_blanks or "lr"  -- word_blanks "each": a character's blanks left then right, or "rl"
-- and which blank: "joiner" (skipped by pdf.js with the move after it) or "space" (PDFium then adds no space
-- between two characters' spans)
local CHAR_BLANK, CHAR_BLANK_TEXT = FILLER, FILLER_TEXT
if OPTIONS.char_blank == "space" then CHAR_BLANK, CHAR_BLANK_TEXT = SPACE, SPACE_TEXT end
local word_ids = 0

-- Words of a parsed run in logical order: {text = logical text, id = n}; each word's glyphs are marked with
-- the property hidden_word = id (their positions are read once the line is in its final order).
local function words_of(items, words)
  local function new_word()
    word_ids = word_ids + 1
    words[#words + 1] = {buf = {}, id = word_ids}
  end
  local function walk(list)
    for _, it in ipairs(list) do
      if type(it) == "table" then
        walk(it.items)
      elseif it.id == GLYPH then
        local props = node.getproperty(it)
        local t = it.char == 32 and " " or (props and props.glyph_info) or utf8.char(it.char)
        if t == " " then
          if #words == 0 or #words[#words].buf > 0 then new_word() end
        else
          if #words == 0 then new_word() end
          local w = words[#words]
          w.buf[#w.buf + 1] = t
          if not props then props = {}; node.setproperty(it, props) end
          props.hidden_word = w.id
        end
      elseif it.id == GLUE and it.width > 0 and #words > 0 and #words[#words].buf > 0 then
        new_word()
      end
    end
  end
  walk(items)
  local out = {}
  for _, w in ipairs(words) do
    if #w.buf > 0 then out[#out + 1] = {text = table.concat(w.buf), id = w.id} end
  end
  return out
end

-- Digits and Latin letters (and the separators inside numbers): drawn left to right inside Arabic text.
local function is_ltr(c)
  return (c >= 0x30 and c <= 0x39) or (c >= 0x41 and c <= 0x5A) or (c >= 0x61 and c <= 0x7A)
    or (c >= 0x660 and c <= 0x669) or c == 0x2E or c == 0x2C or c == 0x25 or c == 0x2F or c == 0x3A
end

-- ``text`` as drawn left to right: right-to-left characters reversed, runs of digits and Latin letters kept.
local function visual_text(text)
  local chunks, cur, cur_ltr = {}, {}, nil
  for _, c in utf8.codes(text) do
    local ltr = is_ltr(c)
    if cur_ltr ~= nil and ltr ~= cur_ltr then chunks[#chunks + 1] = {cur, cur_ltr}; cur = {} end
    cur[#cur + 1], cur_ltr = utf8.char(c), ltr
  end
  if #cur > 0 then chunks[#chunks + 1] = {cur, cur_ltr} end
  local out = {}
  for i = #chunks, 1, -1 do
    local chars, ltr = chunks[i][1], chunks[i][2]
    if ltr then
      for _, ch in ipairs(chars) do out[#out + 1] = ch end
    else
      for j = #chars, 1, -1 do out[#out + 1] = chars[j] end
    end
  end
  return table.concat(out)
end

-- The tree flattened into `out`, each top-level right-to-left run inside an /ActualText span.
local function flatten_with_spans(tree, dir, out, level, runs)
  local function span(items, d)
    local open = span_literal("", items[1])
    out[#out + 1] = open
    local first = #out + 1
    flatten(items, d, out, level, false)
    if runs then
      open.data = "/Span<</ActualText<FEFF" .. HIDE .. ">>>BDC"
      local close = span_literal("EMC", items[1])
      out[#out + 1] = close
      runs[#runs + 1] = {close = close, words = words_of(items, {})}
      return
    end
    local seg = ACTUAL_TEXT == "visual" and {table.unpack(out, first)} or items
    local text = table.concat(text_of(seg, {})):gsub("%s+$", "")
    open.data = "/Span<</ActualText<FEFF" .. utf16_hex(text) .. ">>>BDC"
    out[#out + 1] = span_literal("EMC", items[1])
  end
  if is_rtl(dir) then
    span(tree, dir)
  else
    for _, it in ipairs(tree) do
      if type(it) == "table" and it.dir and is_rtl(it.dir) then span({it}, dir) else flatten({it}, dir, out, level, false) end
    end
  end
  return out
end

local function literal(data, mode)
  local n = node.new(WHATSIT, LITERAL)
  n.mode, n.data = mode, data
  return n
end

local function is_letter(c)  -- an Arabic letter or mark (not its punctuation, not its digits)
  return (c >= 0x620 and c <= 0x65F) or c == 0x670 or (c >= 0x671 and c <= 0x6D3) or c == 0x6D5 or c == 0x640
end

-- word_blanks "split": two hidden layers, each read by some viewers only.
-- (1) For poppler and MuPDF, a span per character (a run of digits or Latin letters as one) in reading order,
--     each around one empty blank at the character's left with the character spacing (Tc) set to the
--     character's width: poppler takes the box from the advance (blank + Tc), MuPDF the order from the
--     content, and PDFium skips a text object with no width (its box comes from the glyphs' outlines).
-- (2) For PDFium, a span per bidi segment of each word (a run of letters, a run of digits, a punctuation
--     mark) in logical order over the segment's box, and a space over each word gap, all inside an empty
--     clip (MuPDF drops text outside the clip) and each followed by an empty nested span (poppler keeps only
--     the innermost span's text and drops an outer one whose glyphs came before an inner one began).
local function split_layer(words, span, add, get_pen, set_pen)
  local BP = 65781.76
  local units_all, segs_all = {}, {}
  local prev_x0 = nil
  for _, w in ipairs(words) do
    local x0, x1, g = span[w.id][1], span[w.id][2], span[w.id][3]
    local like = {lang = g.lang, attr = nil}
    local chars = {}
    for _, c in utf8.codes(w.text) do
      local ch = utf8.char(c)
      if #chars > 0 and (c >= 0x64B and c <= 0x65F or c == 0x670) then chars[#chars] = chars[#chars] .. ch
      else chars[#chars + 1] = ch end
    end
    local n, place, chunks = #chars, {}, {}
    for k, ch in ipairs(chars) do
      local ltr = is_ltr(utf8.codepoint(ch))
      local last = chunks[#chunks]
      if last and last.ltr == ltr then last[#last + 1] = k else chunks[#chunks + 1] = {k, ltr = ltr} end
    end
    local v = 0
    for c = #chunks, 1, -1 do
      local chunk = chunks[c]
      local a, b, step = #chunk, 1, -1
      if chunk.ltr then a, b, step = 1, #chunk, 1 end
      for i = a, b, step do place[chunk[i]] = v; v = v + 1 end
    end
    local function box(ks)
      local lo, hi = math.huge, -math.huge
      for _, k in ipairs(ks) do lo = math.min(lo, place[k]); hi = math.max(hi, place[k] + 1) end
      return x0 + (x1 - x0) * lo / n, x0 + (x1 - x0) * hi / n
    end
    local function text(ks)
      local t = {}
      for _, k in ipairs(ks) do t[#t + 1] = chars[k] end
      return table.concat(t)
    end
    if prev_x0 and prev_x0 > x1 then
      units_all[#units_all + 1] = {" ", x1, prev_x0, g, like}
      segs_all[#segs_all + 1] = {" ", x1, prev_x0, g, like}
    end
    for _, chunk in ipairs(chunks) do
      if chunk.ltr then
        local a, b = box(chunk)
        units_all[#units_all + 1] = {text(chunk), a, b, g, like}
      else
        for _, k in ipairs(chunk) do
          local a, b = box({k})
          units_all[#units_all + 1] = {chars[k], a, b, g, like}
        end
      end
    end
    -- bidi segments: runs of letters, runs of digits and Latin, other characters one by one
    local seg = nil
    local function close() if seg then local a, b = box(seg); segs_all[#segs_all + 1] = {text(seg), a, b, g, like}; seg = nil end end
    for k, ch in ipairs(chars) do
      local c = utf8.codepoint(ch)
      local kind = is_letter(c) and "letter" or is_ltr(c) and "ltr" or nil
      if kind and seg and seg.kind == kind then seg[#seg + 1] = k
      else close(); seg = {k, kind = kind}; if not kind then close() end end
    end
    close()
    prev_x0 = x0
  end
  local pen = get_pen()
  local function move(x, like) if x ~= pen then add(kern(x - pen, like)); pen = x end end
  for _, u in ipairs(units_all) do
    local t, a, b, g, like = u[1], u[2], u[3], u[4], u[5]
    add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(t) .. ">>>BDC", nil))
    move(a, like)
    add(literal(string.format("%.4f Tc", (b - a) / BP), 4))
    add(blank(g.font, FILLER, FILLER_TEXT, like))
    add(literal("0 Tc", 4))
    add(span_literal("EMC", nil))
  end
  if #segs_all > 0 then
    add(literal("q 0 0 0 0 re W n", 1))
    for _, u in ipairs(segs_all) do
      local t, a, b, g, like = u[1], u[2], u[3], u[4], u[5]
      add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(t) .. ">>>BDC", nil))
      move(a, like)
      add(blank(g.font, SPACE, SPACE_TEXT, like))
      move(b, like)
      add(blank(g.font, SPACE, SPACE_TEXT, like))
      add(span_literal("/Span<</ActualText<FEFF>>>BDC EMC", nil))
      add(span_literal("EMC", nil))
    end
    add(literal("Q", 1))
  end
  set_pen(pen)
end

-- Bidi classes as PDFium groups them: "R" (R, AL), "L", "W" (EN, AN: digits), "N" (the rest, marks too).
local function bidi_class(c)
  if (c >= 0x590 and c <= 0x5FF) or c == 0x608 or c == 0x60B or c == 0x60D or c == 0x61B or (c >= 0x61D and c <= 0x64A)
    or c == 0x66D or c == 0x66E or c == 0x66F or (c >= 0x671 and c <= 0x6D5) or c == 0x6E5 or c == 0x6E6
    or c == 0x6EE or c == 0x6EF or (c >= 0x6FA and c <= 0x6FF) or (c >= 0x750 and c <= 0x77F)
    or (c >= 0xFB50 and c <= 0xFDFF) or (c >= 0xFE70 and c <= 0xFEFC) then
    return "R"
  end
  if (c >= 0x30 and c <= 0x39) or (c >= 0x660 and c <= 0x669) or c == 0x66B or c == 0x66C
    or (c >= 0x6F0 and c <= 0x6F9) then
    return "W"
  end
  if (c >= 0x41 and c <= 0x5A) or (c >= 0x61 and c <= 0x7A) or (c >= 0xC0 and c <= 0x2AF and c ~= 0xD7 and c ~= 0xF7) then
    return "L"
  end
  return "N"
end

local function is_mark(c) return (c >= 0x64B and c <= 0x65F) or c == 0x670 end

-- The direction PDFium gives a character when it groups a line (CFX_BidiChar): "R" (R, AL), "L", "W" (weak:
-- digits and the separators and terminators of numbers, the Arabic comma, marks), "N" (spaces, quotes, the rest).
local WEAK = {[0x2B] = true, [0x2C] = true, [0x2D] = true, [0x2E] = true, [0x2F] = true, [0x3A] = true,
  [0x23] = true, [0x24] = true, [0x25] = true, [0xA0] = true, [0xB0] = true, [0x60C] = true, [0x66A] = true,
  [0x200B] = true, [0x200C] = true, [0x200D] = true, [0x2060] = true, [0xAD] = true}
local function pdfium_class(c)
  if is_mark(c) or WEAK[c] then return "W" end
  return bidi_class(c)
end

-- word_blanks "split2": as "split", but the units and segments follow the viewers' own bidi grouping.
-- poppler reads a right-to-left letter by its box and any other run (digits, punctuation, a word gap, in
-- logical order) as a left-to-right run, so each run of characters that are not right-to-left letters is
-- one span over the run's box. PDFium reverses the order of the line's bidi segments (runs of one class)
-- and keeps each segment's characters as they come: its spans hold the run's segments in reverse order,
-- laid left to right over the run's box.
local GAPS_POPPLER, NEUTRALS_PDFIUM = OPTIONS.gaps_poppler or "show", OPTIONS.neutrals_pdfium or "as is"
local COMMA_PDFIUM = OPTIONS.comma_pdfium or "N"
local PDFIUM_CLASSES = OPTIONS.pdfium_classes or "unicode"  -- or "pdfium": its own grouping (pdfium_class)
local MIRROR_PDFIUM = OPTIONS.mirror_pdfium == "yes"
local RLM_POPPLER = OPTIONS.rlm_poppler == "yes"
local MIRROR = {["("] = ")", [")"] = "(", ["["] = "]", ["]"] = "[", ["{"] = "}", ["}"] = "{", ["«"] = "»", ["»"] = "«",
  ["<"] = ">", [">"] = "<"}
local function split_layer2(words, span, add, get_pen, set_pen)
  local BP = 65781.76
  local chars = {}  -- the run's characters in logical order: {text, a, b, code}
  local g, like = nil, nil
  local prev_x0 = nil
  local X0, X1 = math.huge, -math.huge
  for _, w in ipairs(words) do
    local x0, x1, gg = span[w.id][1], span[w.id][2], span[w.id][3]
    g, like = g or gg, like or {lang = gg.lang, attr = nil}
    X0, X1 = math.min(X0, x0), math.max(X1, x1)
    if prev_x0 and prev_x0 > x1 then chars[#chars + 1] = {" ", x1, prev_x0, 0x20} end
    local cs = {}
    for _, c in utf8.codes(w.text) do
      local ch = utf8.char(c)
      if #cs > 0 and is_mark(c) then cs[#cs][1] = cs[#cs][1] .. ch else cs[#cs + 1] = {ch, 0, 0, c} end
    end
    local n, chunks = #cs, {}
    for k, ch in ipairs(cs) do
      local ltr = is_ltr(ch[4])
      local last = chunks[#chunks]
      if last and last.ltr == ltr then last[#last + 1] = k else chunks[#chunks + 1] = {k, ltr = ltr} end
    end
    local v = 0
    for c = #chunks, 1, -1 do
      local chunk = chunks[c]
      local a, b, step = #chunk, 1, -1
      if chunk.ltr then a, b, step = 1, #chunk, 1 end
      for i = a, b, step do
        cs[chunk[i]][2], cs[chunk[i]][3] = x0 + (x1 - x0) * v / n, x0 + (x1 - x0) * (v + 1) / n
        v = v + 1
      end
    end
    for _, ch in ipairs(cs) do chars[#chars + 1] = ch end
    prev_x0 = x0
  end
  if #chars == 0 then return end
  -- (1) poppler and MuPDF
  local units = {}
  for _, ch in ipairs(chars) do
    local r = bidi_class(ch[4]) == "R"
    local last = units[#units]
    if GAPS_POPPLER == "hide" and (ch[1] == " " or (last and last[1] == " ")) then
      units[#units + 1] = {ch[1], ch[2], ch[3], r = r}
    elseif not r and last and not last.r then
      last[1], last[2], last[3] = last[1] .. ch[1], math.min(last[2], ch[2]), math.max(last[3], ch[3])
    else
      units[#units + 1] = {ch[1], ch[2], ch[3], r = r}
    end
  end
  local pen = get_pen()
  local function move(x) if x ~= pen then add(kern(x - pen, like)); pen = x end end
  for _, u in ipairs(units) do
    add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(u[1]) .. ">>>BDC", nil))
    move(u[2])
    add(literal(string.format("%.4f Tc", (u[3] - u[2]) / BP), 4))
    add(blank(g.font, FILLER, FILLER_TEXT, like))
    add(literal("0 Tc", 4))
    -- a word gap for MuPDF only: poppler drops a span's text when a nested one begins after its glyphs
    if GAPS_POPPLER == "hide" and u[1] == " " then add(span_literal("/Span<</ActualText<FEFF>>>BDC EMC", nil)) end
    add(span_literal("EMC", nil))
  end
  -- poppler only (MuPDF drops text outside the clip, PDFium a text object with no width): a right-to-left mark
  -- in each word gap after a character poppler reads left to right (a comma, a digit), so that poppler does
  -- not take the gap's space into that character's left-to-right run and put it first
  if RLM_POPPLER then
    local marks = {}
    for k = 2, #units - 1 do
      if units[k][1] == " " and not units[k - 1].r then marks[#marks + 1] = units[k] end
    end
    if #marks > 0 then
      add(literal("q 0 0 0 0 re W n", 1))
      for _, u in ipairs(marks) do
        add(span_literal("/Span<</ActualText<FEFF200F>>>BDC", nil))
        move((u[2] + u[3]) / 2)
        add(literal(string.format("%.4f Tc", (u[3] - u[2]) / 2 / BP), 4))
        add(blank(g.font, FILLER, FILLER_TEXT, like))
        add(literal("0 Tc", 4))
        add(span_literal("EMC", nil))
      end
      add(literal("Q", 1))
    end
  end
  -- (2) PDFium: the segments (by PDFium's classes, marks included) in reverse order, left to right
  local segs = {}
  for _, ch in ipairs(chars) do
    for _, c in utf8.codes(ch[1]) do
      local cls = PDFIUM_CLASSES == "pdfium" and pdfium_class(c) or bidi_class(c)
      if c == 0x60C and COMMA_PDFIUM == "R" then cls = "R" end
      local last = segs[#segs]
      if last and last.cls == cls then last.text[#last.text + 1] = utf8.char(c); last.n = last.n + 1
      else segs[#segs + 1] = {cls = cls, text = {utf8.char(c)}, n = 1} end
    end
  end
  local total = 0
  for _, sg in ipairs(segs) do total = total + sg.n end
  add(literal("q 0 0 0 0 re W n", 1))
  local at = X0
  for i = #segs, 1, -1 do
    local sg = segs[i]
    local b = at + (X1 - X0) * sg.n / total
    local t = sg.text
    if NEUTRALS_PDFIUM == "reversed" and sg.cls == "N" then
      local r = {}
      for k = #t, 1, -1 do r[#r + 1] = t[k] end
      t = r
    end
    if MIRROR_PDFIUM and sg.cls == "N" then  -- PDFium mirrors a bracket it reads right to left
      local m = {}
      for k, ch in ipairs(t) do m[k] = MIRROR[ch] or ch end
      t = m
    end
    add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(table.concat(t)) .. ">>>BDC", nil))
    move(at)
    add(blank(g.font, SPACE, SPACE_TEXT, like))
    move(b)
    add(blank(g.font, SPACE, SPACE_TEXT, like))
    add(span_literal("/Span<</ActualText<FEFF>>>BDC EMC", nil))
    add(span_literal("EMC", nil))
    at = b
  end
  add(literal("Q", 1))
  set_pen(pen)
end

-- The hidden words of `runs` added to the linked list `head` (in its final order, in `box` or natural).
local function add_hidden_words(head, runs, box)
  local function wd(n)
    if box then return (node.dimensions(box.glue_set, box.glue_sign, box.glue_order, n, n.next)) end
    return (node.dimensions(n, n.next))
  end
  local at, span, x, tail = {}, {}, 0, nil  -- node (direct) -> x after it; word id -> {x0, x1, glyph}
  for n in node.traverse(head) do
    local w = wd(n)
    if n.id == GLYPH then
      local props = node.getproperty(n)
      local id = props and props.hidden_word
      if id and info(n.font).blanks then
        local s = span[id]
        if not s then span[id] = {x, x + w, n} else s[1], s[2] = math.min(s[1], x), math.max(s[2], x + w) end
      end
    end
    x = x + w
    at[node.direct.todirect(n)] = x
    tail = n
  end
  for _, run in ipairs(runs) do
    local anchor = WORD_PLACE == "line" and tail or run.close
    local pen0 = WORD_PLACE == "line" and x or at[node.direct.todirect(anchor)]
    local words = {}
    for _, w in ipairs(run.words) do if span[w.id] then words[#words + 1] = w end end
    if WORD_ORDER == "visual" then table.sort(words, function(a, b) return span[a.id][1] < span[b.id][1] end) end
    local pen = pen0
    local nodes = {}
    local function add(n) nodes[#nodes + 1] = n end
    -- word_blanks "each": a span per character, its box an even share of the word's, written in reading
    -- order (right to left), and a span with a space over each gap between two words
    local function char_span(text, a, b, g, like)
      add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(text) .. ">>>BDC", nil))
      local first, second = a, b
      if CHAR_BLANKS == "rl" then first, second = b, a end
      if first ~= pen then add(kern(first - pen, like)) end
      add(blank(g.font, CHAR_BLANK, CHAR_BLANK_TEXT, like))
      add(kern(second - first, like))
      add(blank(g.font, CHAR_BLANK, CHAR_BLANK_TEXT, like))
      pen = second
      add(span_literal("EMC", nil))
    end
    if WORD_BLANKS == "split2" then
      split_layer2(words, span, add, function() return pen end, function(x) pen = x end)
      words = {}
    end
    if WORD_BLANKS == "split" then
      split_layer(words, span, add, function() return pen end, function(x) pen = x end)
      words = {}
    end
    if WORD_BLANKS == "each" then
      local prev_x0 = nil
      for _, w in ipairs(words) do
        local x0, x1, g = span[w.id][1], span[w.id][2], span[w.id][3]
        local like = {lang = g.lang, attr = nil}
        if prev_x0 and prev_x0 > x1 then char_span(" ", x1, prev_x0, g, like) end
        local chars = {}
        for _, c in utf8.codes(w.text) do
          local ch = utf8.char(c)
          -- a mark goes with its letter
          if #chars > 0 and (c >= 0x64B and c <= 0x65F or c == 0x670) then chars[#chars] = chars[#chars] .. ch
          else chars[#chars + 1] = ch end
        end
        -- each character's place from the left: right-to-left letters reversed, digits and Latin kept
        local n, place, chunks = #chars, {}, {}
        for k, ch in ipairs(chars) do
          local ltr = is_ltr(utf8.codepoint(ch))
          local last = chunks[#chunks]
          if last and last.ltr == ltr then last[#last + 1] = k else chunks[#chunks + 1] = {k, ltr = ltr} end
        end
        local v = 0
        for c = #chunks, 1, -1 do
          local chunk = chunks[c]
          local a, b, step = #chunk, 1, -1
          if chunk.ltr then a, b, step = 1, #chunk, 1 end
          for i = a, b, step do place[chunk[i]] = v; v = v + 1 end
        end
        for k, ch in ipairs(chars) do
          char_span(ch, x0 + (x1 - x0) * place[k] / n, x0 + (x1 - x0) * (place[k] + 1) / n, g, like)
        end
        prev_x0 = x0
      end
      words = {}
    end
    for _, w in ipairs(words) do
      local x0, x1, g = span[w.id][1], span[w.id][2], span[w.id][3]
      local like = {lang = g.lang, attr = nil}
      local text = WORD_TEXT == "visual" and visual_text(w.text) or w.text
      local marks = WORD_BLANKS == "left" and {x0} or WORD_BLANKS == "right" and {x1} or {x0, x1}
      if WORD_BLANKS == "chars" then  -- one blank per character, evenly over the box, in the text's order
        local n = utf8.len(text)
        marks = {}
        for c = 0, n - 1 do
          marks[#marks + 1] = WORD_TEXT == "visual" and x0 + (x1 - x0) * c // n or x1 - (x1 - x0) * (c + 1) // n
        end
      end
      add(span_literal("/Span<</ActualText<FEFF" .. utf16_hex(text) .. ">>>BDC", nil))
      for _, m in ipairs(marks) do
        if m ~= pen then add(kern(m - pen, like)) end
        add(blank(g.font, FILLER, FILLER_TEXT, like))
        pen = m
      end
      add(span_literal("EMC", nil))
    end
    if pen ~= pen0 then add(kern(pen0 - pen, {attr = nil})) end
    local prev = anchor
    for _, n in ipairs(nodes) do
      head, prev = node.insert_after(head, prev, n)
    end
    if WORD_PLACE == "line" then tail = prev end
  end
  return head
end

local function visual_list(head, dir, box)
  local level = {}
  local tree = parse(head, nil)
  local runs = ACTUAL_TEXT == "words" and {} or nil
  local flat = ACTUAL_TEXT == "none" and flatten(tree, dir, {}, level, false)
    or flatten_with_spans(tree, dir, {}, level, runs)
  local out = fill_gaps(flat, level, box)
  local new, tail = nil, nil
  for _, n in ipairs(out) do
    n.prev, n.next = nil, nil
    if tail then tail.next, n.prev = n, tail else new = n end
    tail = n
  end
  if runs and #runs > 0 then new = add_hidden_words(new, runs, box) end
  return new
end

local visualize

-- The box's list in visual order; the box becomes left-to-right. When a right-to-left box is wider than
-- its content (no glue to fill it), the content sat at the right edge: a kern in front keeps it there.
local function visualize_box(box)
  local head = box.head
  if not head then return end
  head = visualize(head)
  local rtl = is_rtl(box.dir)
  if rtl or has_dirs(head) then
    local slack = 0
    if rtl and box.id == HLIST then
      slack = box.width - node.dimensions(box.glue_set, box.glue_sign, box.glue_order, head)
    end
    head = visual_list(head, box.dir, box)
    if slack > 0 and head then
      local k = kern(slack, head)
      head.prev, k.next = k, head
      head = k
    end
    box.dir = "TLT"
  end
  box.head = head
end

-- Every box in the list, recursively (vertical lists hold the lines of a paragraph).
visualize = function(head)
  for n in node.traverse(head) do
    if n.id == HLIST then
      visualize_box(n)
    elseif n.id == VLIST and n.head then
      n.head = visualize(n.head)
    end
  end
  return head
end

--- right-to-left boxes or direction nodes that reached the page: reported at the end of the run
local left_over = 0

local function count_rtl(head)
  for n in node.traverse(head) do
    if n.id == DIR then left_over = left_over + 1
    elseif n.id == HLIST or n.id == VLIST then
      if is_rtl(n.dir) then left_over = left_over + 1 end
      if n.head then count_rtl(n.head) end
    end
  end
end

local NAME = "briefing.visual_order"
-- the callback LuaTeX lacks and lua-ul adds (the same module, shared with it when both are loaded)
if not luatexbase.callbacktypes.pre_append_to_vlist_filter then require("pre_append_to_vlist_filter") end

-- Lines (each as it joins the page) and packed boxes, before lua-ul adds its highlights to them: it
-- then draws each highlight under its run in the order the run is written.
luatexbase.add_to_callback("pre_append_to_vlist_filter", function(box, where)
  if where == "post_linebreak" then visualize_box(box) end
  return box
end, NAME)
luatexbase.add_to_callback("hpack_filter", function(head, _, _, _, dir)
  -- a box packed right-to-left is reversed again by the backend: leave it (counted at shipout)
  if head and not is_rtl(dir) then
    head = visualize(head)
    if has_dirs(head) then head = visual_list(head, "TLT") end
  end
  return head
end, NAME)
for _, cb in ipairs({"pre_append_to_vlist_filter", "hpack_filter"}) do
  luatexbase.declare_callback_rule(cb, NAME, "before", "add underlines to list")
end
-- Highlights drawn before the line's text. lua-ul puts each highlight (a leader, then a glue that takes
-- the pen back) where its run starts; to draw a rule mid-line the backend ends the text, and starts it
-- again at an absolute position, where pdf.js would see the distance the gap splitting above kept from
-- it. So in each line the leader pairs move to the start, each between kerns that put it in its place.
local function rules_first(box)
  local head = box.head
  local moved = {}
  local n = head
  while n do
    local nxt = n.next
    if n.id == GLUE and n.leader and nxt and nxt.id == GLUE and not nxt.leader and n ~= head then
      local x = node.dimensions(box.glue_set, box.glue_sign, box.glue_order, head, n)
      local after = nxt.next
      head = node.remove(head, n)
      head = node.remove(head, nxt)
      moved[#moved + 1] = {x, n, nxt}
      n = after
    else
      n = nxt
    end
  end
  for i = #moved, 1, -1 do
    local x, lead, back = moved[i][1], moved[i][2], moved[i][3]
    local k1, k2 = kern(x, lead), kern(-x, lead)
    k1.next, lead.prev = lead, k1
    lead.next, back.prev = back, lead
    back.next, k2.prev = k2, back
    k2.next = head
    if head then head.prev = k2 end
    head = k1
  end
  box.head = head
end
luatexbase.add_to_callback("pre_append_to_vlist_filter", function(box, where)
  if where == "post_linebreak" and box.head then rules_first(box) end
  return box
end, NAME .. ".rules_first")
luatexbase.declare_callback_rule("pre_append_to_vlist_filter", NAME .. ".rules_first", "after", "add underlines to list")

luatexbase.add_to_callback("pre_shipout_filter", function(box) count_rtl(box); return true end, NAME)
luatexbase.add_to_callback("stop_run", function()
  texio.write_nl("term and log", NAME .. ": " .. left_over .. " right-to-left runs left in LuaTeX's order")
  return true
end, NAME)
