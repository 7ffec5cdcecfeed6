//! QR codes, so the printed checklist links back to the online guide: inline SVG for the
//! pages, and the runs of dark modules that the PDFs draw.
//!
//! `fast_qr` encodes the text (error correction level M, the smallest version that fits, the
//! mask with the lowest penalty). Its own SVG writer draws one rectangle a module; here each
//! horizontal run of dark modules is one rectangle, which keeps the page small.

use anyhow::{Context, Result};
use fast_qr::{ECL, QRBuilder};

/// Light modules around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// A QR code as the rectangles that draw it: each run of dark modules in a row.
#[derive(Debug)]
pub struct Code {
    /// Modules across, quiet zone included.
    pub size: usize,
    /// (column, row, length) of each run, quiet zone included.
    pub runs: Vec<(usize, usize, usize)>,
}

/// The QR code of `text`, for the pages' SVG and the PDFs' vector drawing alike.
pub fn code(text: &str) -> Result<Code> {
    let code = QRBuilder::new(text)
        .ecl(ECL::M)
        .build()
        .with_context(|| format!("cannot make a QR code for {text}"))?;
    let width = code.size;
    let mut runs = Vec::new();
    for y in 0..width {
        let row = &code[y];
        let mut x = 0;
        while x < width {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x].value() {
                x += 1;
            }
            runs.push((start + QUIET_ZONE, y + QUIET_ZONE, x - start));
        }
    }
    Ok(Code {
        size: width + 2 * QUIET_ZONE,
        runs,
    })
}

impl Code {
    /// An `<svg>` element that draws the code. It has a `viewBox` and no fixed size, so CSS
    /// decides how large it shows and prints.
    pub fn svg(&self, label: &str) -> String {
        let mut path = String::new();
        for &(left, top, length) in &self.runs {
            path.push('M');
            push_number(&mut path, left);
            path.push(' ');
            push_number(&mut path, top);
            path.push('h');
            push_number(&mut path, length);
            path.push_str("v1H");
            push_number(&mut path, left);
            path.push('z');
        }
        let size = self.size;
        let label = super::escape_html(label);
        format!(
            r##"<svg class="qr" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
        )
    }
}

/// Appends a number in decimal; `write!` costs more than the rest of the code.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}
