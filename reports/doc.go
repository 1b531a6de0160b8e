// Package reports draws CrossAudit's PDF documents in Vietnamese
// administrative style (Decree 30/2020/NĐ-CP): the audit report, issued and
// verifiable, and the programme summary. Each document is built in two
// steps: a plain view model filled by one loader (table-tested), then drawn
// on internal/pdfdoc, the layer over gofpdf that normalises text, replaces
// what the font cannot draw and lays out tables across pages. The *_pdf.go
// files only draw; the handlers that serve the documents are in the http
// and routes files, and who may read an audit's documents in access.go.
package reports
