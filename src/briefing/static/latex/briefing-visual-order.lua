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
-- Option actual_text: "none" (the book's default) leaves the glyphs alone (pdf.js and the others read them);
-- "hidden" puts the run's glyphs in a span that PDFium, poppler and MuPDF take no text from, and after the run
-- hidden text layers for them (briefing-hidden-text.lua; pdf.js ignores /ActualText and reads the glyphs;
-- measured in benchmarks/README.md, third round: every family finds every passage, but not the default yet);
-- "logical" or "visual" puts each right-to-left run of a line in one /ActualText span with the run's text in
-- that order (measured in benchmarks/README.md: PDFium, poppler and MuPDF each read such a span differently).
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

-- Option actual_text "hidden": hidden text layers after each right-to-left run (briefing-hidden-text.lua).
local hidden_layer = ACTUAL_TEXT == "hidden" and dofile(kpse.find_file("briefing-hidden-text.lua")) {
  kern = function(w, like) return kern(w, like) end, blank = function(...) return blank(...) end,
  literal = function(data, mode) local n = span_literal(data, nil); n.mode = mode; return n end,
  utf16_hex = utf16_hex, FILLER = FILLER, FILLER_TEXT = FILLER_TEXT, SPACE = SPACE, SPACE_TEXT = SPACE_TEXT,
  kind = OPTIONS.hidden or "pages",
} or nil
local HIDDEN = OPTIONS.hidden or "pages"
local word_ids = 0

-- The words of a parsed run in reading order, {text = ..., id = n}; each word's glyphs get the property
-- hidden_word = id, so that their places are found once the line is in its final order.
local function words_of(items)
  local words = {}
  local function walk(list)
    for _, it in ipairs(list) do
      if type(it) == "table" then
        walk(it.items)
      elseif it.id == GLYPH then
        local props = node.getproperty(it)
        local t = it.char == 32 and " " or (props and props.glyph_info) or utf8.char(it.char)
        if t == " " then
          if #words > 0 and #words[#words].buf > 0 then words[#words + 1] = {buf = {}} end
        elseif t ~= "" then
          if #words == 0 then words[1] = {buf = {}} end
          local w = words[#words]
          if not w.id then word_ids = word_ids + 1; w.id = word_ids end
          w.buf[#w.buf + 1] = t
          if not props then props = {}; node.setproperty(it, props) end
          props.hidden_word = w.id
        end
      elseif it.id == GLUE and it.width > 0 and #words > 0 and #words[#words].buf > 0 then
        words[#words + 1] = {buf = {}}
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

-- The tree flattened into `out`, each top-level right-to-left run inside an /ActualText span (with the
-- hidden layers, its text is a tab, and `runs` gets the run's closing node and words).
local function flatten_with_spans(tree, dir, out, level, runs)
  local function span(items, d)
    local open = span_literal("", items[1])
    out[#out + 1] = open
    local first = #out + 1
    flatten(items, d, out, level, false)
    if runs then
      open.data = "/Span<</ActualText<FEFF0009>>>BDC"
      local close = span_literal("EMC", items[1])
      out[#out + 1] = close
      runs[#runs + 1] = {close = close, words = words_of(items)}
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

-- The hidden layers of `runs` added to the linked list `head` (in its final order; `box` set, or natural
-- widths), each after its run's closing node, the pen taken back to where it was.
local function add_hidden_layers(head, runs, box)
  local at, span, x = {}, {}, 0  -- node (direct) -> x after it; word id -> {left, right, glyph}
  for n in node.traverse(head) do
    local w = box and node.dimensions(box.glue_set, box.glue_sign, box.glue_order, n, n.next)
      or node.dimensions(n, n.next)
    local props = n.id == GLYPH and node.getproperty(n)
    local id = props and props.hidden_word
    if id and info(n.font).blanks then
      local s = span[id]
      if not s then span[id] = {x, x + w, n} else s[1], s[2] = math.min(s[1], x), math.max(s[2], x + w) end
    end
    x = x + w
    at[node.direct.todirect(n)] = x
  end
  for _, run in ipairs(runs) do
    local words = {}
    for _, w in ipairs(run.words) do if span[w.id] then words[#words + 1] = w end end
    local nodes = {}
    local pen0 = at[node.direct.todirect(run.close)]
    local pen = hidden_layer(HIDDEN, words, span, function(n) nodes[#nodes + 1] = n end, pen0)
    if pen ~= pen0 then nodes[#nodes + 1] = kern(pen0 - pen, {attr = nil}) end
    local prev = run.close
    for _, n in ipairs(nodes) do head, prev = node.insert_after(head, prev, n) end
  end
  return head
end

local function visual_list(head, dir, box)
  local level = {}
  local tree = parse(head, nil)
  local runs = hidden_layer and {} or nil
  local flat = ACTUAL_TEXT == "none" and flatten(tree, dir, {}, level, false)
    or flatten_with_spans(tree, dir, {}, level, runs)
  local out = fill_gaps(flat, level, box)
  local new, tail = nil, nil
  for _, n in ipairs(out) do
    n.prev, n.next = nil, nil
    if tail then tail.next, n.prev = n, tail else new = n end
    tail = n
  end
  if runs and #runs > 0 then new = add_hidden_layers(new, runs, box) end
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
