// KioskCash: filled in by its issue; see README.md "Where things live".
