package jpegscale

import "math"

// This file is relais's: the rest of the package is Go's image/jpeg
// decoder (see LICENSE), given a scale.

// idctTables are, for n = 1, 2 and 4 output pixels a side, the n×n
// inverse DCT from a block's n×n lowest frequencies: tables[n][m*n+u] is
// C(u)·cos((2m+1)uπ/2n)/2, C(0) = 1/√2, C(u) = 1 otherwise. The value of
// such a pixel is the block's 8×8 inverse DCT at the centre of the
// pixels it stands for, its higher frequencies left out (as libjpeg's
// jidctred.c does), in fixed point with 12 fractional bits.
var idctTables = func() (t [5][]int32) {
	for _, n := range []int{1, 2, 4} {
		t[n] = make([]int32, n*n)
		for m := range n {
			for u := range n {
				c := 1.0
				if u == 0 {
					c = 1 / math.Sqrt2
				}
				t[n][m*n+u] = int32(math.Round(c * math.Cos(float64(2*m+1)*float64(u)*math.Pi/float64(2*n)) / 2 * (1 << 12)))
			}
		}
	}
	return t
}()

// zigOf maps from the natural ordering to the zig-zag one (unzig's
// inverse).
var zigOf = func() (z [blockSize]int) {
	for zig, nat := range unzig {
		z[nat] = zig
	}
	return z
}()

// scaledIDCT writes the n×n pixels (n is 1, 2 or 4) of the dequantized
// block b, in natural order, to dst, rows stride bytes apart.
func scaledIDCT(b *block, n int, dst []byte, stride int) {
	switch n {
	case 1:
		// The block's average: its DC over 8.
		dst[0] = level(int64(b[0]) << 21)
		return
	case 4:
		idct4(b, dst, stride)
		return
	}
	t := idctTables[n]
	// Across: tmp[v*n+m] = Σu T[m][u]·b[v][u], for each of the n lowest
	// vertical frequencies v.
	var tmp [16]int64
	for v := range n {
		for m := range n {
			var a int64
			for u := range n {
				a += int64(t[m*n+u]) * int64(b[8*v+u])
			}
			tmp[v*n+m] = a
		}
	}
	// Down: pixel (x=m, y=k) = Σv T[k][v]·tmp[v][m].
	for k := range n {
		row := dst[k*stride : k*stride+n]
		for m := range n {
			var a int64
			for v := range n {
				a += int64(t[k*n+v]) * tmp[v*n+m]
			}
			row[m] = level(a)
		}
	}
}

// level is a pixel from its value with 24 fractional bits, shifted by
// 128 and clipped.
func level(a int64) uint8 {
	c := (a+1<<23)>>24 + 128
	return uint8(min(max(c, 0), 255))
}

// idct4 is scaledIDCT for n = 4, unrolled.
func idct4(b *block, dst []byte, stride int) {
	t := (*[16]int32)(idctTables[4])
	var tmp [16]int64
	for v := range 4 {
		r := b[8*v : 8*v+4 : 8*v+4]
		c0, c1, c2, c3 := int64(r[0]), int64(r[1]), int64(r[2]), int64(r[3])
		for m := range 4 {
			tmp[v*4+m] = int64(t[m*4])*c0 + int64(t[m*4+1])*c1 + int64(t[m*4+2])*c2 + int64(t[m*4+3])*c3
		}
	}
	for k := range 4 {
		row := dst[k*stride : k*stride+4 : k*stride+4]
		t0, t1, t2, t3 := int64(t[k*4]), int64(t[k*4+1]), int64(t[k*4+2]), int64(t[k*4+3])
		for m := range 4 {
			row[m] = level(t0*tmp[m] + t1*tmp[4+m] + t2*tmp[8+m] + t3*tmp[12+m])
		}
	}
}
