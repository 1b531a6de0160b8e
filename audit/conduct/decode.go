package conduct

import (
	"context"
	"image"
	"image/color"
	"sync/atomic"

	"github.com/crossaudit/crossaudit/internal/apperr"
)

// MaxDecodedBytes bounds the memory an image takes once decoded, read
// from its header before it is decoded: a 50-megapixel photo at 8 bits a
// channel (4 bytes a pixel) fits, as MaxImagePixels promises, while the
// same canvas at 16 bits a channel (8 bytes a pixel), which a PNG of a few
// hundred kilobytes can claim, is refused. Counting pixels alone let a
// 388 KB PNG of 7 070 × 7 070 at 16 bits cost 575 MiB.
const MaxDecodedBytes = 200 << 20

// decodeSlots bounds how many images are decoded at once in the process:
// uploads beyond it wait for a slot (or for their request to end) instead of
// each adding its decoded image to memory. Two keep a two-core server busy
// and bound the images in memory to 2 × MaxDecodedBytes (an interlaced PNG
// needs half as much again while decoding).
var decodeSlots = make(chan struct{}, 2)

// decodes counts the images decoded, for the tests that show an upload
// refused before any decoding (see Decodes).
var decodes atomic.Int64

// Decodes is how many uploaded images the process has decoded so far.
func Decodes() int64 { return decodes.Load() }

// acquireDecode waits for a decoding slot; the returned function frees it.
func acquireDecode(ctx context.Context) (func(), error) {
	select {
	case decodeSlots <- struct{}{}:
		return func() { <-decodeSlots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// decodedSize is the memory the decoded image of a header takes, as Go's
// decoders lay it out: 8 bytes a pixel at 16 bits a channel, 4 for 8-bit
// colour, 3 at most for a JPEG's YCbCr planes, 1 for grey or a palette.
// An unknown model counts as the largest.
func decodedSize(cfg image.Config) int64 {
	return int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel)
}

func bytesPerPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	return 8
}

// errTooLarge refuses an image of too many pixels or too much memory,
// saying how large it is.
func errTooLarge(cfg image.Config) error {
	var bits int64 = 8
	if bytesPerPixel(cfg.ColorModel) == 8 || bytesPerPixel(cfg.ColorModel) == 2 {
		bits = 16
	}
	m := apperr.M("attachment.too_much_memory", "width", cfg.Width, "height", cfg.Height, "bits", bits,
		"mb", (decodedSize(cfg)+1<<20-1)>>20, "max", MaxDecodedBytes>>20)
	return &apperr.Error{Kind: apperr.TooLarge, Code: "too_many_pixels", Message: m, Fields: map[string]apperr.Msg{"file": m}}
}
