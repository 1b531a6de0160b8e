// Package pdfdoc is the drawing layer of CrossAudit's PDF documents, a
// small layer over gofpdf: A4 pages in the geometry of Decree
// 30/2020/NĐ-CP with the form's control block and "Trang x/y" on every
// page, a draft's watermark, an issued document's verification line and
// QR code; the embedded Liberation Serif fonts (assets/fonts), with text made
// safe to draw (NFC, controls dropped, what the fonts lack replaced);
// paragraphs wrapped and justified across pages, labelled fields, the
// national-title heading, signature blocks and recipients; tables whose
// rows and header continue across pages; and photos drawn whole.
//
// It decides nothing about what a document says: the documents' view
// models and the functions that draw them are in reports and
// reports/dashboard. Every drawing method checks the document's first
// error, so a document is drawn without checking each step and Bytes
// reports the failure.
package pdfdoc
