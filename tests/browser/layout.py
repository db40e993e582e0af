"""Measures the browser tests take of a page's layout: what sticks out of the window, and colour contrast."""

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}

_OVERFLOW = """() => {
    const width = window.innerWidth, doc = document.documentElement;
    if (doc.scrollWidth <= width) return '';
    const out = [];
    // What a box that fits scrolls or clips is not to blame: name only what widens the page.
    const contained = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= width) return true;
        }
        return false;
    };
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right <= width + 1 || contained(el)) continue;
        const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map(c => '.' + c).join('');
        if (box.width > 0 && box.right > width + 1) out.push([box.right, name]);
    }
    out.sort((a, b) => b[0] - a[0]);
    return `${doc.scrollWidth}px wide in a ${width}px window; sticking out: `
        + out.slice(0, 5).map(([right, name]) => `${name} (to ${Math.round(right)}px)`).join(', ');
}"""


def overflow(page) -> str:
    """'' when the page fits its window (document.documentElement.scrollWidth), else what sticks out."""
    return page.evaluate(_OVERFLOW)


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def contrast(rgb_a: tuple, rgb_b: tuple) -> float:
    """WCAG 2 contrast ratio of two (r, g, b) colours, 1 to 21."""
    light, dark = sorted((_luminance(rgb) for rgb in (rgb_a, rgb_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(rgb: tuple) -> float:
    red, green, blue = (_channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


_FOCUS_RING = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    let back = el.parentElement, colour = 'rgba(0, 0, 0, 0)';
    // The ring sits outside the element: its neighbour is the first opaque background around it.
    while (back) {
        colour = getComputedStyle(back).backgroundColor;
        if (!colour.startsWith('rgba') || !colour.endsWith(', 0)')) break;
        back = back.parentElement;
    }
    if (!back) colour = 'rgb(255, 255, 255)';
    const width = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
    return {text: el.textContent.trim(), width: width, ring: style.outlineColor, around: colour};
}"""


def _rgb(css: str) -> tuple:
    return tuple(int(float(part)) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def focus_ring(page) -> dict:
    """The focused element's outline: its width in px (0: none), and contrast with the background around it."""
    ring = page.evaluate(_FOCUS_RING)
    ring["contrast"] = round(contrast(_rgb(ring["ring"]), _rgb(ring["around"])), 2)
    return ring
