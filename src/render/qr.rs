//! QR codes as inline SVG, so the printed checklist links back to the online guide.
//!
//! The crate's own SVG renderer draws one rectangle a module (about 15 KB a code); here each
//! horizontal run of dark modules is one rectangle, which keeps the page small.

use anyhow::{Context, Result};
use qrcode::{Color, QrCode};
use std::fmt::Write;

/// Light modules around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// An `<svg>` element that encodes `text`. It has a `viewBox` and no fixed size, so CSS
/// decides how large it shows and prints.
pub fn svg(text: &str, label: &str) -> Result<String> {
    let code = QrCode::new(text.as_bytes())
        .with_context(|| format!("cannot make a QR code for {text}"))?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Light {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let (left, top) = (start + QUIET_ZONE, y + QUIET_ZONE);
            // Writing to a String cannot fail.
            let _ = write!(path, "M{left} {top}h{}v1H{left}z", x - start);
        }
    }
    let size = width + 2 * QUIET_ZONE;
    let label = super::escape_html(label);
    Ok(format!(
        r##"<svg class="qr" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn qr_is_an_inline_svg_with_a_label() {
        let svg = super::svg("https://example.org/guides/a/", "QR <코드>").unwrap_or_default();
        assert!(svg.starts_with(r#"<svg class="qr" role="img" aria-label="QR &lt;코드&gt;" "#));
        assert!(svg.contains(r#"viewBox="0 0 37 37""#), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }
}
