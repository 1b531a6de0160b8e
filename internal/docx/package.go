package docx

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// ContentType is a .docx file's media type.
const ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW     = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	wordML  = "application/vnd.openxmlformats-officedocument.wordprocessingml."
)

// part is one file of the package.
type part struct {
	name string
	data []byte
}

// Bytes returns the document as a .docx file. The parts are written in a
// fixed order with the document's date, so the same document gives the
// same bytes.
func (d *Doc) Bytes() ([]byte, error) {
	parts := []part{
		{"[Content_Types].xml", []byte(d.contentTypes())},
		{"_rels/.rels", []byte(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`)},
		{"docProps/core.xml", []byte(d.core())},
		{"word/_rels/document.xml.rels", []byte(d.rels())},
		{"word/document.xml", []byte(d.document())},
		{"word/styles.xml", []byte(d.styles())},
		{"word/settings.xml", []byte(xmlHead + `<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
			`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`)},
		{"word/header1.xml", []byte(d.header(false))},
		{"word/header2.xml", []byte(d.header(true))},
		{"word/footer1.xml", []byte(d.footer())},
	}
	for _, m := range d.media {
		parts = append(parts, part{"word/media/" + m.name, m.data})
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	mod := d.opt.Created
	if mod.IsZero() {
		mod = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for _, p := range parts {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: mod.UTC()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (d *Doc) contentTypes() string {
	return xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + wordML + `document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="` + wordML + `styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="` + wordML + `settings+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="` + wordML + `header+xml"/>` +
		`<Override PartName="/word/header2.xml" ContentType="` + wordML + `header+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="` + wordML + `footer+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
}

func (d *Doc) core() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	escape(&b, Line(d.opt.Title))
	b.WriteString("</dc:title><dc:subject>")
	escape(&b, Line(d.opt.Subject))
	b.WriteString("</dc:subject><dc:language>")
	escape(&b, Line(d.opt.Lang))
	b.WriteString("</dc:language>")
	if !d.opt.Created.IsZero() {
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + d.opt.Created.UTC().Format(time.RFC3339) + `</dcterms:created>`)
	}
	b.WriteString("</cp:coreProperties>")
	return b.String()
}

func (d *Doc) rels() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="` + relNS + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="` + relNS + `settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdH1" Type="` + relNS + `header" Target="header1.xml"/>` +
		`<Relationship Id="rIdH2" Type="` + relNS + `header" Target="header2.xml"/>` +
		`<Relationship Id="rIdF1" Type="` + relNS + `footer" Target="footer1.xml"/>`)
	for i, m := range d.media {
		b.WriteString(`<Relationship Id="rIdImg` + strconv.Itoa(i+1) + `" Type="` + relNS + `image" Target="media/` + m.name + `"/>`)
	}
	b.WriteString("</Relationships>")
	return b.String()
}

// document is the body and its one section: A4, the decree's margins, the
// first page's header without a page number (titlePg), the others' with it.
func (d *Doc) document() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:document ` + nsW + ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>`)
	b.WriteString(d.body.String())
	// A body ends with a paragraph: Word repairs one that ends with a table.
	paragraph(&b, pPr{exact: twips(0.5)})
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdH2"/><w:headerReference w:type="first" r:id="rIdH1"/>` +
		`<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="first" r:id="rIdF1"/>` +
		`<w:pgSz w:w="` + strconv.Itoa(twips(pageW)) + `" w:h="` + strconv.Itoa(twips(pageH)) + `"/>` +
		`<w:pgMar w:top="` + strconv.Itoa(twips(marginTop)) + `" w:right="` + strconv.Itoa(twips(marginRight)) +
		`" w:bottom="` + strconv.Itoa(twips(marginBottom)) + `" w:left="` + strconv.Itoa(twips(marginLeft)) +
		`" w:header="` + strconv.Itoa(twips(8)) + `" w:footer="` + strconv.Itoa(twips(8)) + `" w:gutter="0"/>` +
		`<w:titlePg/></w:sectPr></w:body></w:document>`)
	return b.String()
}

// styles sets the document's defaults: Times New Roman at the body size in
// Vietnamese, about 1.2 lines apart with a little space after paragraphs.
func (d *Doc) styles() string {
	hp := strconv.Itoa(BodySize * 2)
	var lang strings.Builder
	escape(&lang, Line(d.opt.Lang))
	return xmlHead + `<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="` + Font + `" w:hAnsi="` + Font + `" w:eastAsia="` + Font + `" w:cs="` + Font + `"/>` +
		`<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/><w:lang w:val="` + lang.String() + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

// header is a page's header: from the second page on, the page number
// centred (Decree 30); on every page, the form's control block and a
// draft's marker on the right, small.
func (d *Doc) header(numbered bool) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:hdr ` + nsW + `>`)
	if numbered {
		paragraph(&b, pPr{align: Center, noSpace: true}, run{field: "PAGE", size: BodySize})
	}
	c := d.opt.Control
	var bits []string
	for _, s := range []string{c.Form, c.Edition, c.Date} {
		if s = Line(s); s != "" {
			bits = append(bits, s)
		}
	}
	runs := []run{{text: strings.Join(bits, " · "), size: 9}}
	if w := Line(d.opt.Watermark); w != "" {
		runs = append([]run{{text: w, bold: true, size: 11}, {text: "   ", size: 9}}, runs...)
	}
	paragraph(&b, pPr{align: Right, noSpace: true}, runs...)
	b.WriteString("</w:hdr>")
	return b.String()
}

// footer is every page's foot: the verification line of an issued
// document, or nothing.
func (d *Doc) footer() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:ftr ` + nsW + `>`)
	paragraph(&b, pPr{align: Center, noSpace: true}, run{text: Line(d.opt.Footer), size: 9})
	b.WriteString("</w:ftr>")
	return b.String()
}
