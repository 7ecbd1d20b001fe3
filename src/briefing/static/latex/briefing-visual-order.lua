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
-- line, so the page looks the same (tests/test_pdf_text.py compares the rendered pages). A link's start
-- and end stay around their own content.
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

local DROP_SPANS = true
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
      items[#items + 1] = n
    end
    n = nxt
  end
  return items, nil
end

-- The tree's nodes in visual (left-to-right) order, appended to `out`.
local function flatten(items, dir, out)
  local rtl = is_rtl(dir)
  local first, last, step = 1, #items, 1
  if rtl then first, last, step = #items, 1, -1 end
  for i = first, last, step do
    local it = items[i]
    if type(it) ~= "table" then
      -- the backend shifts a right-to-left glyph by its x offset leftwards: in a left-to-right list
      -- the same place is the opposite offset
      if rtl and it.id == GLYPH and it.xoffset ~= 0 then it.xoffset = -it.xoffset end
      out[#out + 1] = it
    elseif it.link then
      out[#out + 1] = it.link
      flatten(it.items, dir, out)
      if it.close then out[#out + 1] = it.close end
    else
      flatten(it.items, it.dir, out)
    end
  end
  return out
end

local function has_dirs(head)
  for _ in node.traverse_id(DIR, head) do return true end
  return false
end

-- A list in visual order: the tree of `head` flattened, relinked. `dir` is the list's own direction.
local function visual_list(head, dir)
  local out = flatten((parse(head, nil)), dir, {})
  local new, tail = nil, nil
  for _, n in ipairs(out) do
    n.prev, n.next = nil, nil
    if tail then tail.next, n.prev = n, tail else new = n end
    tail = n
  end
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
    head = visual_list(head, box.dir)
    if slack > 0 and head then
      local k = node.new(KERN)
      k.kern = slack
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
luatexbase.add_to_callback("pre_shipout_filter", function(box) count_rtl(box); return true end, NAME)
luatexbase.add_to_callback("stop_run", function()
  texio.write_nl("term and log", NAME .. ": " .. left_over .. " right-to-left runs left in LuaTeX's order")
  return true
end, NAME)
