-- Defence in depth for the PDF build: Lua code in the document may not write files outside the build
-- directory. The build already runs with shell escape off and kpathsea's openin_any=p/openout_any=p
-- (no \input or \openout of absolute or parent paths), but those settings do not cover Lua's io library.
-- luaotfload's font cache stays writable: its luatex-cache directory in each tree of TEXMFCACHE (on
-- Debian TEXMFSYSVAR, then TEXMFVAR; as root the first is writable, so a fresh machine caches the Arabic
-- fonts' HarfBuzz data there during the first build). (LuaTeX's --safer would do this but breaks luaotfload.)
local allowed = {}
for tree in ((kpse.expand_var("$TEXMFCACHE") or "") .. ":" .. (kpse.expand_var("$TEXMFVAR") or "")):gmatch("[^:;]+") do
  tree = tree:gsub("/+$", "")
  if tree:sub(1, 1) == "/" then allowed[#allowed + 1] = tree .. "/luatex-cache/" end
end
local open, remove, rename = io.open, os.remove, os.rename

local function writable(path)
  path = tostring(path)
  if path:find("%.%.") then return false end
  if path:sub(1, 1) ~= "/" then return true end          -- relative: inside the build directory
  for _, prefix in ipairs(allowed) do
    if prefix ~= "/" and path:sub(1, #prefix) == prefix then return true end
  end
  return false
end

local function refuse(what, path)
  tex.error("briefing: " .. what .. " of " .. tostring(path) .. " refused (the PDF build writes only in its directory)")
  return nil, "refused"
end

io.open = function(path, mode)
  if mode and mode:find("[wa+]") and not writable(path) then return refuse("writing", path) end
  return open(path, mode)
end
os.remove = function(path)
  if not writable(path) then return refuse("removal", path) end
  return remove(path)
end
os.rename = function(a, b)
  if not (writable(a) and writable(b)) then return refuse("renaming", a) end
  return rename(a, b)
end
