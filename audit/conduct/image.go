package conduct

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	xdraw "golang.org/x/image/draw"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// Limits of the images stored as evidence. 2000 px on the long side keeps
// a photographed register legible at a fraction of a camera's size;
// MaxImagePixels refuses a file that would take too much memory to decode
// (a small file can claim a huge canvas).
const (
	MaxImageSide   = 2000
	MaxImagePixels = 50_000_000
	jpegQuality    = 85
)

// ProcessImage turns an uploaded JPEG or PNG into what is stored: turned
// upright as its EXIF orientation says, scaled down to at most MaxImageSide
// pixels on the long side, 8 bits per channel, and re-encoded, which drops
// every metadata block (EXIF with its GPS position, XMP, comments, PNG text
// chunks). A JPEG stays a JPEG, a PNG a PNG (screenshots stay sharp).
// Returns apperr.Unsupported when it does not decode, apperr.TooLarge when
// it has too many pixels or would take more than MaxDecodedBytes decoded
// (both read from its header, before anything is decoded). The decoding
// waits for one of the process's few decoding slots, or for ctx to end.
func ProcessImage(ctx context.Context, b []byte) (Evidence, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "jpeg" && format != "png") || cfg.Width <= 0 || cfg.Height <= 0 {
		return Evidence{}, errUnsupported()
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return Evidence{}, &apperr.Error{Kind: apperr.TooLarge, Code: "too_many_pixels", Message: apperr.M("attachment.too_many_pixels"),
			Fields: map[string]apperr.Msg{"file": apperr.M("attachment.too_many_pixels")}}
	}
	if decodedSize(cfg) > MaxDecodedBytes {
		return Evidence{}, errTooLarge(cfg)
	}
	release, err := acquireDecode(ctx)
	if err != nil {
		return Evidence{}, err
	}
	// Held until the re-encoded bytes are made: the decoded image and its
	// scaled copy live until then.
	defer release()
	decodes.Add(1)
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Evidence{}, errUnsupported()
	}
	orientation := 1
	if format == "jpeg" {
		orientation = ExifOrientation(b)
	}
	img := orient(shrink(src, MaxImageSide), orientation)
	var out bytes.Buffer
	ev := Evidence{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	if format == "jpeg" {
		ev.ContentType = TypeJPEG
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		ev.ContentType = TypePNG
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	}
	if err != nil {
		return Evidence{}, apperr.Wrap(err)
	}
	ev.Data = out.Bytes()
	return ev, nil
}

// toRGBA copies any image into 8-bit premultiplied RGBA, the one layout the
// scaler and the rotations work on (a 16-bit PNG becomes 8-bit here).
func toRGBA(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	return dst
}

// shrink scales src down so that its long side is at most side, with
// golang.org/x/image/draw's bilinear kernel, which widens to cover every
// source pixel when reducing (no aliasing on a photographed register).
// Smaller images are only converted to 8-bit RGBA.
func shrink(src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return toRGBA(src)
	}
	dw, dh := side, max(1, (h*side+w/2)/w)
	if h > w {
		dw, dh = max(1, (w*side+h/2)/h), side
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	xdraw.BiLinear.Scale(out, out.Bounds(), src, b, xdraw.Src, nil)
	return out
}

// orient turns an image the way an EXIF orientation (1–8) says it must be
// turned to be seen upright: each source pixel (x, y) of a w×h image goes
// to the place the orientation gives.
func orient(src *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if orientation >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	place := placements[orientation]
	for y := range h {
		for x := range w {
			dx, dy := place(x, y, w, h)
			copy(dst.Pix[dy*dst.Stride+dx*4:dy*dst.Stride+dx*4+4], src.Pix[y*src.Stride+x*4:y*src.Stride+x*4+4])
		}
	}
	return dst
}

// placements maps each EXIF orientation to where a source pixel goes.
var placements = map[int]func(x, y, w, h int) (int, int){
	2: func(x, y, w, h int) (int, int) { return w - 1 - x, y },         // mirrored
	3: func(x, y, w, h int) (int, int) { return w - 1 - x, h - 1 - y }, // upside down
	4: func(x, y, w, h int) (int, int) { return x, h - 1 - y },         // mirrored upside down
	5: func(x, y, w, h int) (int, int) { return y, x },                 // transposed
	6: func(x, y, w, h int) (int, int) { return h - 1 - y, x },         // turned a quarter clockwise
	7: func(x, y, w, h int) (int, int) { return h - 1 - y, w - 1 - x }, // transversed
	8: func(x, y, w, h int) (int, int) { return y, w - 1 - x },         // turned a quarter anticlockwise
}
