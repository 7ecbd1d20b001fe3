-- Real space glyphs at inter-word glue, so PDF viewers (pdf.js, pdftotext) copy and find words with
-- their spaces. LuaTeX writes no space characters; viewers guess spaces from gaps, which fails for
-- cursive right-to-left text. Like pdfTeX's \pdfinterwordspaceon: before each inter-word glue that
-- follows a glyph, a space glyph of that glyph's font is inserted and the glue is shortened by the
-- glyph's width, so the layout does not move.
local GLYPH, GLUE, HLIST, VLIST, KERN, DISC = node.id("glyph"), node.id("glue"), node.id("hlist"),
  node.id("vlist"), node.id("kern"), node.id("disc")
local getfont = font.getfont
local space_width = {}  -- font id -> width of its space glyph, or false

local function width_of_space(fid)
  local w = space_width[fid]
  if w == nil then
    local f = getfont(fid)
    local c = f and f.characters and f.characters[32]
    w = c and c.width or false
    space_width[fid] = w
  end
  return w
end

local function is_interword(g)
  local s = g.subtype
  return s == 0 or s == 13 or s == 14   -- userskip (a space with \spaceskip zero), spaceskip, xspaceskip
end

local function last_glyph_before(n)
  local p = n.prev
  while p do
    local id = p.id
    if id == GLYPH then return p end
    if id == HLIST or id == VLIST or id == GLUE then return nil end
    p = p.prev
  end
end

local function has_text_after(n)
  local p = n.next
  while p do
    local id = p.id
    if id == GLYPH or id == DISC then return true end
    if id == HLIST or id == VLIST or id == GLUE then return false end
    p = p.next
  end
  return false
end

local function walk(head)
  local n = head
  while n do
    local id = n.id
    if id == HLIST or id == VLIST then
      if n.head then n.head = walk(n.head) end
    elseif id == GLUE and is_interword(n) and n.width > 0 then
      local g = last_glyph_before(n)
      -- a gap that briefing-visual-order.lua already filled (its blank glyphs) keeps its width
      if g and g.char ~= 0xFEFF and g.char ~= 0x200B and has_text_after(n) then
        local w = width_of_space(g.font)
        if w then
          local sp = node.new(GLYPH)
          sp.font, sp.char, sp.lang = g.font, 32, g.lang
          sp.attr = g.attr  -- colour, direction, language of the word before
          head = node.insert_before(head, n, sp)
          n.width = n.width - w
        end
      end
    end
    n = n.next
  end
  return head
end

luatexbase.add_to_callback("post_linebreak_filter", function(head) return walk(head) end,
  "briefing.interword_spaces")
luatexbase.add_to_callback("hpack_filter", function(head) return walk(head) end,
  "briefing.interword_spaces")
