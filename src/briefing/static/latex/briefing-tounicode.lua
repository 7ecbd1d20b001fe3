-- Each glyph's /ToUnicode from the text it was printed for, not from the first time it was shaped.
--
-- luaotfload's HarfBuzz mode gives a glyph the text of the first cluster it is shaped for, and writes an
-- /ActualText span around every later use for other text. Trial typesetting that never reaches the page
-- (a table measuring its columns, a heading set for the bookmarks) can come first: the parenthesis glyph
-- that right-to-left text uses, mirrored, for "(" was mapped to ")", and every Arabic parenthesis in the
-- book copied the wrong way round. Browsers' viewer (pdf.js) ignores /ActualText (and briefing-visual-
-- order.lua removes the spans, which split its text). So, when the PDF is finished, each glyph's
-- /ToUnicode is set to the text it stands for most often on the pages actually shipped; how many printed
-- glyphs stand for other text is written to the log (0 means every glyph copies as what it shows).
local GLYPH, HLIST, VLIST = node.id("glyph"), node.id("hlist"), node.id("vlist")
local NAME = "briefing.tounicode"
local NO_TEXT = utf8.char(0x2060)  -- word joiner: what a glyph that stands for no text copies as

local uses = {}  -- HarfBuzz font data shared by all sizes of a font -> glyph's char -> text -> count
local shared_of = {}  -- font id -> its HarfBuzz shared data, or false

local function shared(fid)
  local s = shared_of[fid]
  if s == nil then
    local f = font.getfont(fid)
    s = f and f.hb and f.hb.shared or false
    shared_of[fid] = s
  end
  return s
end

local function count(fid, char, text)
  local per_font = uses[shared(fid)]
  if not per_font then per_font = {}; uses[shared(fid)] = per_font end
  local counts = per_font[char]
  if not counts then counts = {}; per_font[char] = counts end
  counts[text] = (counts[text] or 0) + 1
end

-- The text after the first character: what a cluster's second glyph (a mark drawn apart) stands for.
local function rest(text)
  local second = text and utf8.offset(text, 2)
  return second and second <= #text and text:sub(second) or nil
end

local function record(head)
  local glyphs = {}  -- this list's glyphs of HarfBuzz fonts, in order
  for n in node.traverse(head) do
    local id = n.id
    if id == GLYPH and shared(n.font) then
      glyphs[#glyphs + 1] = n
    elseif (id == HLIST or id == VLIST) and n.head then
      record(n.head)
    end
  end
  local function text_of(n)
    local props = n and node.getproperty(n)
    return props and props.glyph_info
  end
  local letters = {}  -- the glyphs without briefing-visual-order.lua's blanks, whose text is their own
  for _, n in ipairs(glyphs) do
    if n.char == 0xFEFF or n.char == 0x200B then count(n.font, n.char, text_of(n) or NO_TEXT) else letters[#letters + 1] = n end
  end
  glyphs = letters
  for k, n in ipairs(glyphs) do
    local text = text_of(n)
    if text and text ~= "" then
      count(n.font, n.char, text)
    elseif text == "" then
      -- a further glyph of a cluster whose whole text went to its first glyph, next to it either side
      -- (a mark drawn apart), else a piece of a letter's shape that stands for no text (a connecting
      -- stroke): an invisible format character, which pdf.js skips (briefing-visual-order.lua knows)
      local mark = rest(text_of(glyphs[k - 1])) or rest(text_of(glyphs[k + 1]))
      count(n.font, n.char, mark or NO_TEXT)
    end
  end
end

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

local others = 0  -- printed glyphs whose text differs from the text their glyph now maps to

-- Each printed glyph's most frequent text (counting the glyphs printed for other text).
local function texts(per_font)
  local best_of = {}
  for char, counts in pairs(per_font) do
    local best, most, total = nil, 0, 0
    for text, n in pairs(counts) do
      total = total + n
      if n > most or (n == most and text < best) then best, most = text, n end
    end
    others = others + (total - most)
    best_of[char] = utf16_hex(best)
  end
  return best_of
end

-- Every size of a font (the engine may write any of them as the PDF font) gets the texts on each
-- character slot that draws a printed glyph: the engine writes a glyph's /ToUnicode from those slots.
local function set_tounicode()
  local decided = {}  -- shared font data -> char -> hex
  for fid, fontdata in font.each() do
    local shared = fontdata.hb and fontdata.hb.shared
    if shared and uses[shared] then
      decided[shared] = decided[shared] or texts(uses[shared])
      local chars, text_of = fontdata.characters, {}  -- glyph index -> hex
      for char, hex in pairs(decided[shared]) do
        local index = chars[char] and chars[char].index
        if index then text_of[index] = hex end
      end
      local changed = {}
      for char, character in pairs(chars) do
        local hex = character.index and text_of[character.index]
        if hex then
          character.tounicode, character.used = hex, true
          changed[char] = character
        end
      end
      font.addcharacters(fid, {characters = changed})
    end
  end
end

luatexbase.add_to_callback("pre_shipout_filter", function(box) record(box.head); return true end, NAME)
luatexbase.add_to_callback("finish_pdffile", set_tounicode, NAME)
luatexbase.declare_callback_rule("finish_pdffile", NAME, "after", "luaotfload.harf.finalize_unicode")
luatexbase.add_to_callback("stop_run", function()
  texio.write_nl("term and log", NAME .. ": " .. others .. " printed glyphs stand for other text than their /ToUnicode")
  return true
end, NAME)
