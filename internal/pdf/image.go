package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // decoded
)

// imageObj is an image a document holds once, however often it shows it.
type imageObj struct {
	res        string
	w, h       int
	colorSpace string
	filter     string // "DCTDecode" for a JPEG kept as it is; "" for raw samples, compressed
	decode     string
	data       []byte
	alpha      []byte // raw samples of the soft mask, or nil
}

// Image is an image registered in a document.
type Image struct{ o *imageObj }

// Size is the image's size in pixels.
func (im Image) Size() (int, int) { return im.o.w, im.o.h }

// AddImage registers an image (JPEG or PNG bytes). The same bytes give
// the same image.
func (w *Writer) AddImage(data []byte) (Image, error) {
	sum := sha256.Sum256(data)
	key := string(sum[:])
	if o := w.imageIdx[key]; o != nil {
		return Image{o}, nil
	}
	o, err := readImage(data)
	if err != nil {
		return Image{}, err
	}
	o.res = fmt.Sprintf("Im%d", len(w.images)+1)
	w.images = append(w.images, o)
	w.imageIdx[key] = o
	return Image{o}, nil
}

func readImage(data []byte) (*imageObj, error) {
	cfg, kind, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if kind == "jpeg" {
		o := &imageObj{w: cfg.Width, h: cfg.Height, filter: "DCTDecode", data: data}
		switch cfg.ColorModel {
		case color.GrayModel:
			o.colorSpace = "/DeviceGray"
		case color.CMYKModel:
			// Adobe's CMYK JPEGs are stored inverted.
			o.colorSpace, o.decode = "/DeviceCMYK", "/Decode [1 0 1 0 1 0 1 0]"
		default:
			o.colorSpace = "/DeviceRGB"
		}
		if _, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil {
			return nil, err
		}
		return o, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	o := &imageObj{w: b.Dx(), h: b.Dy(), colorSpace: "/DeviceRGB"}
	rgb := make([]byte, 0, 3*o.w*o.h)
	alpha := make([]byte, 0, o.w*o.h)
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			if c.A != 0xff {
				opaque = false
			}
		}
	}
	o.data = rgb
	if !opaque {
		o.alpha = alpha
	}
	return o, nil
}

// DrawImage draws an image in the rectangle x, y, w × h millimetres: the
// content of the Figure element open (whose Alt says what it shows), or
// an artifact when none is (a decorative image).
func (w *Writer) DrawImage(im Image, x, y, wd, h float64) {
	fig := w.Current() != nil && w.Current().Kind == "Figure"
	w.mark(!fig, "")
	fmt.Fprintf(&w.pg().content, "q %s 0 0 %s %s %s cm /%s Do Q\n", num(wd*ptPerMM), num(h*ptPerMM), w.x(x), w.y(y+h), im.o.res)
	w.endMark()
}

// image writes an image's objects and returns its number.
func (o *objWriter) image(im *imageObj) int {
	smask := 0
	if im.alpha != nil {
		smask = o.alloc()
		o.stream(smask, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", im.w, im.h), im.alpha, true)
	}
	n := o.alloc()
	d := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8", im.w, im.h, im.colorSpace)
	if im.decode != "" {
		d += " " + im.decode
	}
	if smask > 0 {
		d += fmt.Sprintf(" /SMask %d 0 R", smask)
	}
	if im.filter != "" {
		o.stream(n, d+" /Filter /"+im.filter, im.data, false)
	} else {
		o.stream(n, d, im.data, true)
	}
	return n
}
