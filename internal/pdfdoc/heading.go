package pdfdoc

import (
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Heading is the top of an official document (Decree 30/2020/NĐ-CP): the
// parent and issuing bodies with the number and symbol on the left, the
// national title and motto with the place and date on the right, then the
// document type and its subject.
type Heading struct {
	ParentBody  string
	IssuingBody string
	Number      string // "Số: 12/BC-ĐGNB", already labelled
	NationalA   string // CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
	NationalB   string // Độc lập - Tự do - Hạnh phúc
	PlaceDate   string // Đức Trọng, ngày 05 tháng 02 năm 2026
	Kind        string // BÁO CÁO
	Subject     string
}

// PlaceDate writes the place and date line: "Đức Trọng, ngày 05 tháng 02
// năm 2026".
func PlaceDate(lang, place string, t time.Time) string {
	if place == "" {
		return i18n.DateLong(lang, t)
	}
	return place + ", " + i18n.DateLong(lang, t)
}

// DrawHeading draws h at the top of the first page.
func (d *Doc) DrawHeading(h Heading) {
	if !d.ok() {
		return
	}
	pdf := d.pdf
	leftW := 70.0
	rightX, rightW := marginLeft+leftW, ContentWidth-leftW
	top := pdf.GetY()

	pdf.SetY(top)
	d.Font("", SizeNational)
	d.ParaAt(marginLeft, leftW, strings.ToUpper(h.ParentBody), Center)
	d.Font("B", SizeNational)
	d.ParaAt(marginLeft, leftW, strings.ToUpper(h.IssuingBody), Center)
	d.Rule(marginLeft+leftW/2, 22)
	d.Font("", SizeNumber)
	d.ParaAt(marginLeft, leftW, h.Number, Center)
	leftEnd := pdf.GetY()

	pdf.SetY(top)
	d.Font("B", SizeNational)
	d.ParaAt(rightX, rightW, h.NationalA, Center)
	d.Font("B", SizeMotto)
	motto := d.fonts.Line(h.NationalB)
	mottoW := d.width(motto)
	d.ParaAt(rightX, rightW, motto, Center)
	d.Rule(rightX+rightW/2, mottoW)
	pdf.SetY(pdf.GetY() + 2)
	d.Font("I", SizeNumber)
	d.ParaAt(rightX, rightW, h.PlaceDate, Center)

	pdf.SetY(max(leftEnd, pdf.GetY()) + 6)
	d.Font("B", SizeKind)
	d.Para(h.Kind, Center)
	d.Font("B", SizeSubject)
	d.Para(h.Subject, Center)
	d.Font("", SizeBody)
	d.Space(3)
}

// Signature is a signing block: the title in bold capitals, space to sign,
// and the full name. Image, when set, is a signature drawn on a tablet,
// printed in the space to sign above the name.
type Signature struct {
	Title string
	Name  string
	Image *Photo
}

// DrawSignatures draws up to two signature blocks side by side.
func (d *Doc) DrawSignatures(sigs []Signature) {
	if len(sigs) == 0 {
		return
	}
	d.ensure(d.SignaturesHeight(sigs) - 4)
	d.Font("", SizeBody)
	if !d.ok() {
		return
	}
	w := ContentWidth / float64(len(sigs))
	top := d.pdf.GetY()
	end := top
	for i, s := range sigs {
		x := marginLeft + float64(i)*w
		d.pdf.SetY(top)
		d.Font("B", SizeSigner)
		d.ParaAt(x, w, strings.ToUpper(s.Title), Center)
		if s.Image != nil {
			d.signatureImage(*s.Image, x, w, d.pdf.GetY())
		}
		d.pdf.SetY(d.pdf.GetY() + 24)
		d.Font("B", SizeSigner)
		d.ParaAt(x, w, s.Name, Center)
		end = max(end, d.pdf.GetY())
	}
	d.pdf.SetY(end + 4)
	d.Font("", SizeBody)
}

// DrawRecipients draws "Nơi nhận:" in bold italic with the recipients.
func (d *Doc) DrawRecipients(label string, to []string) {
	d.ensure(d.lineH() * float64(len(to)+1))
	d.Font("BI", SizeRecipientsLabel)
	d.ParaAt(marginLeft, ContentWidth/2, label, Left)
	d.Font("", SizeSmall)
	for _, t := range to {
		d.ParaAt(marginLeft, ContentWidth/2, "- "+t+";", Left)
	}
	d.Font("", SizeBody)
}

// SignOff ends a document the administrative way: the recipients on the
// left and the signing block on the right, side by side, kept together
// on one page. title is the block's only line (the name is signed by hand).
func (d *Doc) SignOff(label string, to []string, title string) {
	d.SignOffBy(label, to, Signer{Title: title})
}

// Signer is a signature block (Decree 30/2020): the authority line ("TM.
// ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; empty when the head signs in person),
// the title ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"), room for the signature and seal,
// and the full name (empty: written by hand).
type Signer struct{ Authority, Title, Name string }

// SignOffBy is SignOff with a whole signer block.
func (d *Doc) SignOffBy(label string, to []string, s Signer) {
	d.Font("", SizeBody)
	d.ensure(max(float64(len(to)+1)*5, 50))
	if !d.ok() {
		return
	}
	top, half := d.pdf.GetY(), ContentWidth/2
	d.Font("BI", SizeRecipientsLabel)
	d.ParaAt(marginLeft, half, label, Left)
	d.Font("", SizeSmall)
	for i, t := range to {
		end := ";"
		if i == len(to)-1 {
			end = "."
		}
		d.ParaAt(marginLeft, half, "- "+t+end, Left)
	}
	left := d.pdf.GetY()
	d.pdf.SetY(top)
	d.Font("B", SizeSigner)
	if s.Authority != "" {
		d.ParaAt(marginLeft+half, half, strings.ToUpper(s.Authority), Center)
	}
	d.ParaAt(marginLeft+half, half, strings.ToUpper(s.Title), Center)
	if s.Name == "" {
		d.pdf.SetY(max(left, d.pdf.GetY()+30))
		d.Font("", SizeBody)
		return
	}
	// Room for the signature and the seal, then the name.
	d.pdf.SetY(d.pdf.GetY() + 25)
	d.ParaAt(marginLeft+half, half, s.Name, Center)
	d.pdf.SetY(max(left, d.pdf.GetY()) + 4)
	d.Font("", SizeBody)
}
