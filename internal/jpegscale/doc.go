// Package jpegscale decodes a JPEG at a half, a quarter or an eighth of
// its size, from the lowest frequencies of each block, as libjpeg's
// scaled decoding does: a photo published at 1600 px is read at 2016
// px, in a quarter of the memory and half the time of a full decoding
// (BenchmarkMakePhoto in package picture).
//
// It is Go 1.26.8's image/jpeg decoder (reader.go, scan.go, huffman.go,
// dct.go; BSD licence in LICENSE) given a scale: makeImg allocates the
// smaller image and reconstructBlock writes each block's smaller square
// (scaled.go, relais's own). Go's decoder has no such option, and no
// maintained pure-Go decoder served here does. At scale 1 it is
// image/jpeg, pixel for pixel (TestDecodeScaled, FuzzDecodeScaled); what
// it leaves to image/jpeg (CMYK, YCbCrK, RGB) is an UnsupportedError.
package jpegscale
