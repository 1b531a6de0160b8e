package pdfdoc

// Font sizes in points, after the presentation rules of Decree
// 30/2020/NĐ-CP (Appendix I, Part II) for a document set in a Times-style
// face. Every document takes its sizes from here, so that no text a
// reader must read is smaller than 11 pt.
const (
	// SizeNational is the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
	// NAM" (rule: 12–13 pt, bold capitals) and the parent and issuing
	// bodies beside it (rule: 12–13 pt, capitals). 12 keeps the title on
	// one line in the right block, as the Word templates officials compare
	// with do.
	SizeNational = 12.0
	// SizeMotto is "Độc lập - Tự do - Hạnh phúc" (rule: 13–14 pt, bold).
	SizeMotto = 13.0
	// SizeNumber is the number and symbol "Số: 12/BC-ĐGNB" (rule: 13 pt)
	// and the italic place and date line (rule: 13–14 pt).
	SizeNumber = 13.0
	// SizeKind is the document type, "BÁO CÁO" (rule: 13–14 pt, bold
	// capitals).
	SizeKind = 14.0
	// SizeSubject is the subject under the document type (rule: 14 pt,
	// bold).
	SizeSubject = 14.0
	// SizeBody is the body text and its section headings (rule: 13–14 pt).
	SizeBody = 13.0
	// SizeSigner is the signer block: authority, title and name (rule:
	// 13–14 pt, bold).
	SizeSigner = 13.0
	// SizeRecipientsLabel is "Nơi nhận:" (rule: 12 pt, bold italic).
	SizeRecipientsLabel = 12.0
	// SizeTable is the text of tables (rule: tables may be smaller than
	// the body, but the decree's annexes and this project keep them at 11
	// pt or more).
	SizeTable = 11.0
	// SizeSmall is the smallest text a reader must read: the recipients
	// (rule: 11 pt), notes, the form's control block with the page counter
	// and an issued document's verification line.
	SizeSmall = 11.0
)

// sizeWatermark is the draft mark across the page: a decoration, read
// from the control block instead.
const sizeWatermark = 96.0
