-- casebuilder's pandoc filter: the dossier HTML (prepared by casebuilder/render/docx.py) to Word.
--   span.fn          -> a real Word footnote (pandoc Note: word/footnotes.xml)
--   div.cb-toc       -> a TOC field (levels 1-3, hyperlinked), updated by Word (F9) or on open
--   span.cb-pageref  -> a PAGEREF field to the bookmark of the element it names
--   div.cb-title     -> the Word "Title" style (the cover's title is not a heading: not in the TOC)
--   div.cb-break     -> a page break before it (the stylesheets' break-before: page)
--   div.cb-specimen  -> kept out: the SPECIMEN mark goes into the header

local function esc(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local PAGE_BREAK = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

local function toc(title)
  return pandoc.RawBlock("openxml",
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>' ..
    '</w:docPartObj></w:sdtPr><w:sdtContent>' ..
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">' .. esc(title) ..
    '</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>' ..
    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>' ..
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Right-click to update the table of contents.</w:t></w:r>' ..
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>')
end

function Span(el)
  if el.classes:includes("fn") then
    return pandoc.Note({pandoc.Plain(el.content)})
  end
  if el.classes:includes("cb-pageref") then
    local target = el.attributes["data-target"] or ""
    return pandoc.RawInline("openxml",
      '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF ' ..
      esc(target) .. ' \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' ..
      '<w:r><w:t>?</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
  end
end

function Div(el)
  if el.classes:includes("cb-toc") then
    return toc(el.attributes["data-title"] or "Contents")
  end
  if el.classes:includes("cb-title") then
    el.attributes["custom-style"] = "Title"
    return el
  end
  if el.classes:includes("cb-break") then
    return {PAGE_BREAK, el}
  end
end
