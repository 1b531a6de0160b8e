package conduct

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/draw"
	"image/png"
	"strings"

	xdraw "golang.org/x/image/draw"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// The signers of the closing-meeting minutes: the audited unit's
// representative and the team lead (ISO 19011 closes the audit with both).
const (
	SignerRepresentative = "representative"
	SignerLead           = "lead"
)

// Signers are the signers in the order the minutes print them.
var Signers = []string{SignerRepresentative, SignerLead}

// Limits of a signature. A finger's signature drawn on a tablet is a few
// tens of kilobytes as a PNG; MaxSignatureBytes leaves room for a
// high-density screen while refusing a photo sent by mistake. Its
// dimensions are read from the header and bounded before anything is
// decoded, as for photos (decode.go); what is stored is scaled down to
// fit SignatureWidth × SignatureHeight, which prints sharply in the
// minutes' 80 × 24 mm signing space.
const (
	MaxSignatureBytes  = 512 << 10
	MaxSignatureSide   = 4000
	MaxSignaturePixels = 4_000_000
	SignatureWidth     = 900
	SignatureHeight    = 300
)

// Signature is a signature as stored: a grey PNG on white.
type Signature struct {
	Signer        string
	PNG           []byte
	Width, Height int
}

// DataURL is the signature as a data: URL, for pages that show it and
// for forms that carry it again.
func (s Signature) DataURL() string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(s.PNG)
}

// SignatureField is the name an error about a signer's signature is
// reported under (the API's "closing.signatures.lead").
func SignatureField(signer string) string {
	if signer == SignerLead {
		return "closing.signatures.lead"
	}
	return "closing.signatures.representative"
}

// DecodeSignatureText reads a signature sent as text: base64, or a data:
// URL of an image. Returns the bytes, apperr.TooLarge for text longer
// than MaxSignatureBytes takes in base64, apperr.Unsupported when it is not
// base64 or the data: URL does not name an image.
func DecodeSignatureText(signer, s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "data:") {
		head, body, ok := strings.Cut(s, ",")
		if !ok || !strings.HasPrefix(head, "data:image/") || !strings.HasSuffix(head, ";base64") {
			return nil, errSignatureType(signer)
		}
		s = body
	}
	if len(s) > base64.StdEncoding.EncodedLen(MaxSignatureBytes) {
		return nil, ErrSignatureTooLarge(signer)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errSignatureType(signer)
	}
	return b, nil
}

// ProcessSignature turns what a signer drew into what is stored: flattened
// on white, grey, scaled down to fit SignatureWidth × SignatureHeight and
// re-encoded as a PNG, which drops whatever else the file held. Returns
// apperr.Unsupported when b is not a PNG or JPEG, apperr.TooLarge when it
// is over MaxSignatureBytes or its header claims more than
// MaxSignatureSide or MaxSignaturePixels (read before decoding), and
// apperr.Invalid when nothing is drawn on it.
func ProcessSignature(ctx context.Context, signer string, b []byte) (Signature, error) {
	if len(b) > MaxSignatureBytes {
		return Signature{}, ErrSignatureTooLarge(signer)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") || cfg.Width <= 0 || cfg.Height <= 0 {
		return Signature{}, errSignatureType(signer)
	}
	if cfg.Width > MaxSignatureSide || cfg.Height > MaxSignatureSide || cfg.Width*cfg.Height > MaxSignaturePixels {
		return Signature{}, ErrSignatureTooLarge(signer)
	}
	release, err := acquireDecode(ctx)
	if err != nil {
		return Signature{}, err
	}
	defer release()
	decodes.Add(1)
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Signature{}, errSignatureType(signer)
	}
	grey := onWhite(src)
	if blank(grey) {
		return Signature{}, apperr.InvalidFields(map[string]apperr.Msg{SignatureField(signer): apperr.M("signature.empty")})
	}
	grey = fitGrey(grey, SignatureWidth, SignatureHeight)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, grey); err != nil {
		return Signature{}, apperr.Wrap(err)
	}
	return Signature{Signer: signer, PNG: out.Bytes(), Width: grey.Rect.Dx(), Height: grey.Rect.Dy()}, nil
}

// onWhite draws src over white into an 8-bit grey image: a canvas's
// strokes come on a transparent background.
func onWhite(src image.Image) *image.Gray {
	b := src.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(rgba, rgba.Bounds(), src, b.Min, draw.Over)
	g := image.NewGray(rgba.Bounds())
	draw.Draw(g, g.Bounds(), rgba, image.Point{}, draw.Src)
	return g
}

// blank reports whether nothing darker than a light grey is drawn.
func blank(g *image.Gray) bool {
	for _, p := range g.Pix {
		if p < 200 {
			return false
		}
	}
	return true
}

// fitGrey scales g down, keeping its aspect, to fit w × h; smaller images
// are kept as they are.
func fitGrey(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	if sw <= w && sh <= h {
		return g
	}
	dw, dh := w, max(1, sh*w/sw)
	if dh > h {
		dw, dh = max(1, sw*h/sh), h
	}
	out := image.NewGray(image.Rect(0, 0, dw, dh))
	xdraw.BiLinear.Scale(out, out.Bounds(), g, g.Rect, xdraw.Src, nil)
	return out
}

// errSignatureType is the 415 of a signature that is not an image.
func errSignatureType(signer string) error {
	return &apperr.Error{Kind: apperr.Unsupported, Code: "unsupported_media_type", Message: apperr.M("signature.bad_type"),
		Fields: map[string]apperr.Msg{SignatureField(signer): apperr.M("signature.bad_type")}}
}

// ErrSignatureTooLarge is the 413 of a signature too large to be one.
func ErrSignatureTooLarge(signer string) error {
	m := apperr.M("signature.too_large", "kb", MaxSignatureBytes>>10, "side", MaxSignatureSide)
	return &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: m, Fields: map[string]apperr.Msg{SignatureField(signer): m}}
}
