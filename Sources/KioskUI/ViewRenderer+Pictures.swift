import KioskGraphics

extension ViewRenderer {
    /// The icon just before the label (the widest line's start), centred on the label's lines, in
    /// the button's ink: it reads as part of the label, however wide the button.
    func drawIcon(_ icon: Icon, beside texts: [PlacedText], in frame: Rect, ink: Color, on canvas: Canvas) {
        let side = theme.iconSide
        let key = "\(icon.rawValue)-\(side)"
        let mask = iconMasks[key] ?? icon.mask(side: side)
        iconMasks[key] = mask
        let inner = frame.insetBy(theme.buttonPadding)
        let extents = texts.map(\.extent)
        let left = extents.map(\.minX).min() ?? inner.x + side + theme.buttonPadding
        let top = extents.map(\.minY).min() ?? inner.y, bottom = extents.map(\.maxY).max() ?? inner.maxY
        let origin = Point(x: max(inner.x, left - theme.buttonPadding - side), y: (top + bottom - side) / 2)
        canvas.drawImage(mask, at: origin, tint: ink)
    }

    /// The note slot: the acceptor's bezel, its dark slot, and a note half in it, drawn in the
    /// theme's colours so it follows high contrast too.
    func draw(_ picture: Illustration, in f: Rect, on canvas: Canvas) {
        switch picture {
        case .noteSlot:
            let radius = theme.cornerRadius
            canvas.fillRoundedRect(f, radius: radius, theme.surface)
            canvas.strokeRoundedRect(f, radius: radius, width: theme.borderWidth, theme.outline)
            let slot = Rect(x: f.x + f.width / 10, y: f.y + f.height * 62 / 100, width: f.width * 8 / 10, height: max(4, f.height / 10))
            let note = Rect(x: f.x + f.width / 5, y: f.y + f.height / 8, width: f.width * 3 / 5, height: slot.y - f.y - f.height / 8)
            canvas.fillRoundedRect(note, radius: radius / 3, theme.success)
            canvas.strokeRoundedRect(note, radius: radius / 3, width: max(1, theme.borderWidth / 2), theme.text)
            let side = min(note.height * 3 / 4, note.width / 3)
            if side > 8 {
                let key = "cash-\(side)"
                let mask = iconMasks[key] ?? Icon.cash.mask(side: side)
                iconMasks[key] = mask
                canvas.drawImage(mask, at: Point(x: note.x + (note.width - side) / 2, y: note.y + (note.height - side) / 2), tint: theme.text)
            }
            canvas.fillRoundedRect(slot, radius: Double(slot.height) / 2, theme.background)
        }
    }
}
