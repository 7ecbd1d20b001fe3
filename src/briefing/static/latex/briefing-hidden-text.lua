-- Hidden text layers for the viewers that read /ActualText (PDFium, poppler, MuPDF), as OCR PDFs carry one.
-- Loaded by briefing-visual-order.lua when its option actual_text is "hidden" (routes of benchmarks/pdf_text.py,
-- measured in benchmarks/README.md, "Arabic that copies", third round; not the book's default yet).
--
-- The right-to-left run's own glyphs are in a span whose /ActualText is a tab: PDFium skips text whose
-- /ActualText has nothing printable, poppler and MuPDF read a blank. pdf.js ignores /ActualText and reads the
-- glyphs as before. After the run come the hidden layers: empty zero-width glyphs (the layer's blank, which
-- copies as a format character that pdf.js skips together with the move after it), each in a span with the
-- text it stands for, placed by kerns that take the pen to each box and back. Nothing on the page moves.
--
-- Each viewer orders that text its own way (measured; the code quoted is PDFium's core/fpdftext and
-- core/fxcrt/fx_bidi.cc, poppler's TextOutputDev.cc, MuPDF's stext-device.c):
-- - MuPDF gives a span's characters to its glyphs one by one, in the order they are drawn, and reads a line
--   drawn leftwards as right-to-left: one span per character, drawn in reading order, right to left, with a
--   space span over each word gap. It drops text drawn outside the clip.
-- - poppler puts a span's text over the box of its glyphs (their advances, which the character spacing Tc
--   sets) and orders characters by position; it keeps only the innermost span's text and drops an outer
--   span's text when a nested span begins after its glyphs. It reads a whole page in one direction, left to
--   right when the page has at least as many Latin letters as right-to-left ones, and writes each line as
--   alternating sections (reorderText): the Arabic comma and digits end a right-to-left section.
-- - PDFium skips a text object with no width (its box comes from the glyphs' outlines, not from Tc), sorts a
--   line's text objects left to right, groups the line's characters into runs of one direction (its own
--   classes: digits, separators, the Arabic comma and marks are "weak"), and reverses the order of the runs,
--   keeping each run's characters as they come and mirroring brackets.
-- So, with option `hidden` = "pages" (the default of actual_text "hidden"), three layers: (1) for MuPDF only, a span per right-to-left
-- character (a letter with its marks) and one per run of other characters, each around one zero-width blank
-- with Tc set to its box's width (PDFium skips it) and followed by an empty nested span (poppler drops it);
-- (2) for poppler only, inside an empty clip (MuPDF drops it), one such span per run whose text poppler's
-- reorderText gives back in reading order, in two versions, one for each page direction: at shipout the page
-- keeps the one poppler will use; (3) for PDFium only, inside the empty clip and each followed by an empty
-- nested span, the run's direction runs in reverse order, laid left to right over the run's box. The sources
-- appendix's ¶ label is kept from poppler (below).
-- Other values of `hidden`, measured as routes: "viewers" (layer 1 read by poppler too, with right-to-left
-- marks in word gaps after a comma or number, for right-to-left pages only), "words" (one span per word, its
-- text as drawn, over the word's box) and "characters" (a span per character over its box, for all three).

return function(h)
  local BP = 65781.76  -- sp per bp
  local add_kern, blank, literal, utf16_hex = h.kern, h.blank, h.literal, h.utf16_hex
  local FILLER, FILLER_TEXT, SPACE, SPACE_TEXT = h.FILLER, h.FILLER_TEXT, h.SPACE, h.SPACE_TEXT

  local function is_mark(c) return (c >= 0x64B and c <= 0x65F) or c == 0x670 end

  -- "R" (bidi classes R, AL), "W" (digits: EN, AN), "L" (Latin letters), "N" (the rest)
  local function bidi_class(c)
    if (c >= 0x590 and c <= 0x5FF) or c == 0x608 or c == 0x60B or c == 0x60D or c == 0x61B
      or (c >= 0x61D and c <= 0x64A) or (c >= 0x66D and c <= 0x66F) or (c >= 0x671 and c <= 0x6D5)
      or c == 0x6E5 or c == 0x6E6 or c == 0x6EE or c == 0x6EF or (c >= 0x6FA and c <= 0x6FF)
      or (c >= 0x750 and c <= 0x77F) or (c >= 0xFB50 and c <= 0xFDFF) or (c >= 0xFE70 and c <= 0xFEFC) then
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

  -- PDFium's grouping (CFX_BidiChar::AppendChar): NSM, CS, ES, ET and BN are weak, like the digits
  local WEAK = {[0x2B] = true, [0x2C] = true, [0x2D] = true, [0x2E] = true, [0x2F] = true, [0x3A] = true,
    [0x23] = true, [0x24] = true, [0x25] = true, [0xA0] = true, [0xB0] = true, [0x60C] = true, [0x66A] = true,
    [0x200B] = true, [0x200C] = true, [0x200D] = true, [0x2060] = true, [0xAD] = true}
  local function pdfium_class(c)
    if is_mark(c) or WEAK[c] then return "W" end
    return bidi_class(c)
  end
  local MIRROR = {["("] = ")", [")"] = "(", ["["] = "]", ["]"] = "[", ["{"] = "}", ["}"] = "{", ["«"] = "»",
    ["»"] = "«", ["<"] = ">", [">"] = "<"}

  local function ltr(c) return bidi_class(c) == "W" or bidi_class(c) == "L" end

  -- Kind "pages": each page keeps the poppler layer for the direction poppler will read it in, as poppler
  -- decides it (TextPage::coalesce: left to right unless the page has more right-to-left letters than Latin
  -- ones): the Latin letters of the page's visible text against the Arabic letters of its hidden layers.
  local GLYPH, HLIST, VLIST = node.id("glyph"), node.id("hlist"), node.id("vlist")
  local function count(head, n)
    for x in node.traverse(head) do
      local p = node.getproperty(x)
      if x.id == GLYPH then
        if not (p and (p.hidden_word or p.poppler)) and x.char ~= FILLER and x.char ~= SPACE then
          local t = (p and p.glyph_info) or utf8.char(x.char)
          for _, c in utf8.codes(t) do if bidi_class(c) == "L" then n.l = n.l + 1 end end
        end
      elseif p and p.poppler_r then
        n.r = n.r + p.poppler_r
      elseif (x.id == HLIST or x.id == VLIST) and x.head then
        count(x.head, n)
      end
    end
    return n
  end
  local function keep(head, drop)
    local x = head
    while x do
      local nxt = x.next
      local p = node.getproperty(x)
      if p and p.poppler == drop then
        head = node.remove(head, x)
        node.free(x)
      elseif (x.id == HLIST or x.id == VLIST) and x.head then
        x.head = keep(x.head, drop)
      end
      x = nxt
    end
    return head
  end
  -- and the sources appendix's ¶ label (a box of its own at the right of a passage's first line): poppler
  -- would read it into the line's last section on a page it reads left to right, so its text is kept from
  -- poppler (an outer span that an empty nested one follows); PDFium and MuPDF read it from the span
  if h.kind == "pages" then
    luatexbase.add_to_callback("hpack_filter", function(head)
      local t, first = {}, nil
      for x in node.traverse(head) do
        if x.id == GLYPH then
          local p = node.getproperty(x)
          t[#t + 1] = (p and p.glyph_info) or utf8.char(x.char)
          first = first or x
        elseif x.id ~= node.id("kern") and x.id ~= node.id("whatsit") then
          return head
        end
      end
      local text = table.concat(t)
      if not text:find("^¶%d+$") then return head end
      local open = literal("/Span<</ActualText<FEFF" .. utf16_hex(text) .. ">>>BDC", 1)
      head = node.insert_before(head, head, open)
      node.insert_after(head, node.tail(head), literal("/Span<</ActualText<FEFF>>>BDC EMC EMC", 1))
      return head
    end, "briefing.hidden_text.label")
  end
  luatexbase.add_to_callback("pre_shipout_filter", function(box)
    local n = count(box.head, {l = 0, r = 0})
    if n.r > 0 then box.head = keep(box.head, n.l >= n.r and "rtl" or "ltr") end
    return true
  end, "briefing.hidden_text")

  -- The run's characters in reading order, each a letter with its marks: {text, left, right, code}, with a
  -- {" ", ...} over each word gap. A word's box is shared evenly among its characters, in the order they are
  -- drawn: right-to-left characters from the right, a run of digits or Latin letters left to right.
  local function characters(words, span)
    local chars, prev_x0 = {}, nil
    for _, w in ipairs(words) do
      local x0, x1 = span[w.id][1], span[w.id][2]
      if prev_x0 and prev_x0 > x1 then chars[#chars + 1] = {" ", x1, prev_x0, 0x20} end
      local cs = {}
      for _, c in utf8.codes(w.text) do
        local ch = utf8.char(c)
        if #cs > 0 and is_mark(c) then cs[#cs][1] = cs[#cs][1] .. ch else cs[#cs + 1] = {ch, 0, 0, c} end
      end
      local chunks = {}
      for k, ch in ipairs(cs) do
        local l = ltr(ch[4])
        local last = chunks[#chunks]
        if last and last.ltr == l then last[#last + 1] = k else chunks[#chunks + 1] = {k, ltr = l} end
      end
      local n, v = #cs, 0
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
    return chars
  end

  -- The hidden layers of one run (`words` in reading order, `span[id]` = {left, right, glyph} of each word's
  -- glyphs on the line): nodes appended with `add`, the pen starting at `pen`; returns where it ends.
  return function(kind, words, span, add_node, pen)
    if #words == 0 then return pen end
    local tag = nil  -- kind "pages": the poppler layer a node belongs to ("rtl" or "ltr"), chosen at shipout
    local function add(n)
      if tag then
        local p = node.getproperty(n) or {}
        p.poppler = tag
        node.setproperty(n, p)
      end
      add_node(n)
    end
    local g = span[words[1].id][3]
    local like = {lang = g.lang, attr = nil}
    local function move(x) if x ~= pen then add(add_kern(x - pen, like)); pen = x end end
    local function open(text) add(literal("/Span<</ActualText<FEFF" .. utf16_hex(text) .. ">>>BDC", 1)) end
    local function close() add(literal("EMC", 1)) end
    local function zero_width(text, a, b, inner)  -- one blank at `a`, its advance (with Tc) to `b`
      open(text)
      move(a)
      add(literal(string.format("%.4f Tc", (b - a) / BP), 4))
      add(blank(g.font, FILLER, FILLER_TEXT, like))
      add(literal("0 Tc", 4))
      if inner then add(literal("/Span<</ActualText<FEFF>>>BDC EMC", 1)) end
      close()
    end
    local function wide(text, a, b, char, char_text)  -- a blank at each end of the box
      open(text)
      move(a)
      add(blank(g.font, char, char_text, like))
      move(b)
      add(blank(g.font, char, char_text, like))
      if char == SPACE then add(literal("/Span<</ActualText<FEFF>>>BDC EMC", 1)) end
      close()
    end
    if kind == "words" then
      local sorted = {}
      for _, w in ipairs(words) do sorted[#sorted + 1] = w end
      table.sort(sorted, function(a, b) return span[a.id][1] < span[b.id][1] end)
      for _, w in ipairs(sorted) do
        local t = {}
        for _, ch in ipairs(characters({w}, span)) do table.insert(t, 1, ch[1]) end
        wide(table.concat(t), span[w.id][1], span[w.id][2], FILLER, FILLER_TEXT)
      end
      return pen
    end
    local chars = characters(words, span)
    -- (1) poppler and MuPDF: right-to-left characters one by one, other runs whole
    local units = {}
    for _, ch in ipairs(chars) do
      local r = bidi_class(ch[4]) == "R"
      local last = units[#units]
      if kind ~= "characters" and not r and ch[1] ~= " " and last and not last.r and last[1] ~= " " then
        last[1], last[2], last[3] = last[1] .. ch[1], math.min(last[2], ch[2]), math.max(last[3], ch[3])
      else
        units[#units + 1] = {ch[1], ch[2], ch[3], r = r}
      end
    end
    for _, u in ipairs(units) do
      if kind == "characters" then
        wide(u[1], u[2], u[3], FILLER, FILLER_TEXT)
      else  -- a word gap's space is for MuPDF only (poppler sees the gap): an empty nested span drops it in poppler
        zero_width(u[1], u[2], u[3], u[1] == " " or kind == "pages")
      end
    end
    if kind == "words" or kind == "characters" then return pen end
    -- (2) poppler only: a right-to-left mark in a word gap after a character it reads left to right
    local start = pen
    local clip = literal("q 0 0 0 0 re W n", 1)
    add(clip)
    if kind == "pages" then
      -- poppler writes a line through reorderText: on a left-to-right page it alternates sections of
      -- characters that are not right-to-left (written as they stand) with sections of characters that are
      -- neither Latin letters nor numbers (reversed); on a right-to-left page the same from the right. One
      -- span over the run's box holds the run's text in the order that gives it back in reading order: its
      -- right-to-left pieces (letters and the spaces between them) reversed, the rest as is, and invisible
      -- marks (U+200F, U+200E) where a section must end.
      local r = 0
      for _, ch in ipairs(chars) do if bidi_class(ch[4]) == "R" then r = r + 1 end end
      node.setproperty(clip, {poppler_r = r})
      local pieces, x0, x1 = {}, math.huge, -math.huge
      for _, ch in ipairs(chars) do
        x0, x1 = math.min(x0, ch[2]), math.max(x1, ch[3])
        local cls = bidi_class(ch[4]) == "R" and "r" or (ch[1] ~= " " and "l") or nil
        local last = pieces[#pieces]
        if last and (cls == nil or last.cls == cls) then last[#last + 1] = ch[1]
        else pieces[#pieces + 1] = {ch[1], cls = cls or "l"} end
      end
      local function reversed(piece)
        local cs = {}
        for _, c in utf8.codes(table.concat(piece)) do table.insert(cs, 1, utf8.char(c)) end
        return table.concat(cs)
      end
      local RLM, LRM = utf8.char(0x200F), utf8.char(0x200E)
      local ltr, rtl = {}, {}
      for _, piece in ipairs(pieces) do
        if piece.cls == "r" then
          ltr[#ltr + 1] = RLM .. reversed(piece) .. LRM
          table.insert(rtl, 1, reversed(piece) .. RLM)
        else
          ltr[#ltr + 1] = table.concat(piece)
          table.insert(rtl, 1, table.concat(piece) .. LRM)
        end
      end
      tag = "rtl"
      zero_width(table.concat(rtl), x0, x1, false)
      move(start)
      tag = "ltr"
      zero_width(table.concat(ltr), x0, x1, false)
      move(start)
      tag = nil
    else
      for k = 2, #units - 1 do
        local u = units[k]
        if u[1] == " " and not units[k - 1].r then zero_width(utf8.char(0x200F), (u[2] + u[3]) / 2, u[3], false) end
      end
    end
    -- (3) PDFium only: the run's direction runs in reverse order, left to right over the run's box
    local runs, total, x0, x1 = {}, 0, math.huge, -math.huge
    for _, ch in ipairs(chars) do
      x0, x1 = math.min(x0, ch[2]), math.max(x1, ch[3])
      for _, c in utf8.codes(ch[1]) do
        local cls, last = pdfium_class(c), runs[#runs]
        local t = utf8.char(c)
        if cls == "N" then t = MIRROR[t] or t end  -- PDFium mirrors what it reads right to left
        if last and last.cls == cls then last[#last + 1] = t else runs[#runs + 1] = {t, cls = cls} end
        total = total + 1
      end
    end
    local at = x0
    for i = #runs, 1, -1 do
      local b = at + (x1 - x0) * #runs[i] / total
      wide(table.concat(runs[i]), at, b, SPACE, SPACE_TEXT)
      at = b
    end
    add(literal("Q", 1))
    return pen
  end
end
