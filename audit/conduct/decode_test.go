package conduct

import (
	"context"
	"errors"
	"image"
	"image/color"
	"testing"
)

// Decodes beyond the slots wait, and give up when their request ends.
func TestDecodeSlotsQueue(t *testing.T) {
	var held []func()
	for range cap(decodeSlots) {
		release, err := acquireDecode(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := acquireDecode(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("a third decode while two run: %v, want to wait until cancelled", err)
	}
	held[0]()
	release, err := acquireDecode(ctx)
	if err != nil {
		// select may pick the cancelled context even with a slot free;
		// the slot is then taken without waiting.
		release, err = acquireDecode(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	release()
	held[1]()
}

func TestDecodedSizeByColourModel(t *testing.T) {
	for _, tt := range []struct {
		model color.Model
		want  int64
	}{
		{color.NRGBA64Model, 8 * 7070 * 7070},
		{color.RGBAModel, 4 * 7070 * 7070},
		{color.YCbCrModel, 3 * 7070 * 7070},
		{color.Gray16Model, 2 * 7070 * 7070},
		{color.Palette{color.Black}, 7070 * 7070},
	} {
		if got := decodedSize(image.Config{ColorModel: tt.model, Width: 7070, Height: 7070}); got != tt.want {
			t.Errorf("%T: %d, want %d", tt.model, got, tt.want)
		}
	}
	if decodedSize(image.Config{ColorModel: color.RGBAModel, Width: 7070, Height: 7070}) > MaxDecodedBytes {
		t.Error("an 8-bit photo of 50 megapixels is refused")
	}
}
