// Package directory holds the partner directory's data rules: phone
// numbers, opening hours and e-mail addresses, checked and shown the French
// way.
//
// # Phone numbers
//
// French numbers are written many ways ("01 23 45 67 89", "01.23.45.67.89",
// "+33 1 23 45 67 89", "0033123456789"); package phone reads them all, keeps the
// E.164 form for tel: links and exports (+33123456789) and shows them as
// French readers expect (01 23 45 67 89). National short numbers (17, 112,
// 3919, 116 006…) have no E.164 form: they are dialled as they are.
//
// # Opening hours
//
// Hours use OpenStreetMap's opening_hours syntax, the one data·inclusion
// uses: "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off". ParseHours
// reads the common subset (days, day ranges, times, off, public holidays,
// 24/7) and says which part it cannot read; Table shows them in French.
package directory
