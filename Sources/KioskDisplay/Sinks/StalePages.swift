import KioskGraphics

/// The bookkeeping of a double-buffered scanout (DRM's two dumb buffers, fbdev's two panned
/// pages): each page remembers the damage it missed while the other page was being shown, so a
/// present copies into the back page what it lacks plus the new frame's damage, never the whole
/// screen.
struct StalePages {
    private var stale: [[Rect]]

    /// Both pages start stale over `screen`: neither holds a frame yet.
    init(screen: Rect) { stale = [[screen], [screen]] }

    /// The rectangles to copy into `page` for a frame with `damage`. The page is current after the
    /// copy; with `otherPageShown` (a real flip follows) the other page now lacks this damage.
    mutating func rectsToCopy(into page: Int, damage: [Rect], otherPageShown: Bool = true) -> [Rect] {
        let rects = stale[page] + damage
        stale[page] = []
        if otherPageShown { stale[1 - page] += damage }
        return rects
    }
}
