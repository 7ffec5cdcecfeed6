//! QR codes as inline SVG, so the printed checklist links back to the online guide.
//!
//! The crate's own SVG renderer draws one rectangle a module (about 15 KB a code); here each
//! horizontal run of dark modules is one rectangle, which keeps the page small.
//!
//! The mask is chosen here rather than by `QrCode::new`: the crate masks a copy of the
//! canvas eight times and scores each through boxed closures, which cost more than rendering
//! the whole page. [`modules`] masks with precomputed blank codes and computes the same
//! penalty scores on bit rows, so it picks the same mask and the codes are identical (a test
//! compares them with the crate's).

use anyhow::{Context, Result};
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};
use std::sync::{Arc, Mutex};

/// Light modules around the code, as the QR specification asks.
const QUIET_ZONE: usize = 4;

/// The masks in the order the crate tries them; among equal scores the first wins.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// An `<svg>` element that encodes `text`. It has a `viewBox` and no fixed size, so CSS
/// decides how large it shows and prints.
pub fn svg(text: &str, label: &str) -> Result<String> {
    let (width, colors) =
        modules(text.as_bytes()).with_context(|| format!("cannot make a QR code for {text}"))?;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let (left, top) = (start + QUIET_ZONE, y + QUIET_ZONE);
            path.push('M');
            push_number(&mut path, left);
            path.push(' ');
            push_number(&mut path, top);
            path.push('h');
            push_number(&mut path, x - start);
            path.push_str("v1H");
            push_number(&mut path, left);
            path.push('z');
        }
    }
    let size = width + 2 * QUIET_ZONE;
    let label = super::escape_html(label);
    Ok(format!(
        r##"<svg class="qr" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

/// Appends a number in decimal; `write!` costs more than the rest of the code.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The code's width and its modules row by row (true = dark), as `QrCode::new` makes them:
/// error correction level M, the smallest version that fits, the mask with the lowest penalty.
fn modules(data: &[u8]) -> qrcode::types::QrResult<(usize, Vec<bool>)> {
    let ec_level = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec_level)?;
    let version = bits.version();
    let width = version.width() as usize;
    let (encoded, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level)?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    // Each module once, row by row: Some(dark) for data, None for function patterns.
    let side = width as i16;
    let data: Vec<Option<bool>> = (0..side)
        .flat_map(|y| (0..side).map(move |x| (x, y)))
        .map(|(x, y)| match canvas.get(x, y) {
            Module::Unmasked(color) => Some(color == Color::Dark),
            _ => None,
        })
        .collect();
    let blanks = blank_masks(version);
    let mut best: Option<(u16, Vec<bool>)> = None;
    for blank in blanks.iter() {
        // A data module is flipped where the mask darkens the blank code; everything else
        // is the blank code's (function patterns and this mask's format information).
        let dark: Vec<bool> = data
            .iter()
            .zip(blank)
            .map(|(&module, &mask)| module.map_or(mask, |d| d != mask))
            .collect();
        let score = if width <= 128 {
            penalty_bits(&dark, width)
        } else {
            penalty(&dark, width)
        };
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, dark));
        }
    }
    Ok((width, best.map(|(_, dark)| dark).unwrap_or_default()))
}

/// Eight blank codes, one a mask, modules row by row.
type Blanks = Arc<Vec<Vec<bool>>>;

/// For a version, the crate's eight masks applied to a code with function patterns and no
/// data (true = dark): the function patterns and format information as each mask leaves
/// them, and dark wherever the mask flips a data module. They depend on the version alone,
/// so they are made once and each code only combines them with its data, instead of
/// masking a copy of its canvas eight times.
fn blank_masks(version: Version) -> Blanks {
    static MADE: Mutex<Vec<(Version, Blanks)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, blanks)) = made.iter().find(|(v, _)| *v == version) {
        return Arc::clone(blanks);
    }
    let mut blank = Canvas::new(version, EcLevel::M);
    blank.draw_all_functional_patterns();
    let blanks: Vec<Vec<bool>> = MASKS
        .iter()
        .map(|&mask| {
            let mut masked = blank.clone();
            masked.apply_mask(mask);
            masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect()
        })
        .collect();
    let blanks = Arc::new(blanks);
    made.push((version, Arc::clone(&blanks)));
    blanks
}

/// The crate's penalty score of a masked code (`Canvas::compute_total_penalty_scores`): runs
/// of five or more, 2×2 blocks, finder-like patterns, and the dark/light balance. Kept in
/// `u16` with wrapping arithmetic, as the crate computes it in a release build.
fn penalty(dark: &[bool], width: usize) -> u16 {
    let mut columns = vec![false; dark.len()];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            columns[x * width + y] = d;
        }
    }
    let mut score = 0u16;
    for grid in [dark, &columns[..]] {
        let mut finder = 0u16;
        for line in grid.chunks_exact(width) {
            let (runs, found) = line_penalty(line);
            score = score.wrapping_add(runs);
            finder = finder.wrapping_add(found);
        }
        // The three finder patterns match in three lines each; the crate takes them off.
        score = score.wrapping_add(finder.wrapping_sub(360));
    }
    for (row, below) in dark
        .chunks_exact(width)
        .zip(dark.chunks_exact(width).skip(1))
    {
        for x in 0..width - 1 {
            let this = row[x];
            if this == row[x + 1] && this == below[x] && this == below[x + 1] {
                score = score.wrapping_add(3);
            }
        }
    }
    let dark_count = dark.iter().filter(|&&d| d).count();
    let ratio = dark_count * 200 / dark.len();
    score.wrapping_add(ratio.abs_diff(100) as u16)
}

/// One row or column: points for runs of the same colour (3 for five, one more for each
/// further module), and 40 for each dark-light-dark-dark-dark-light-dark without four light
/// modules on one side.
fn line_penalty(line: &[bool]) -> (u16, u16) {
    let mut runs = 0u16;
    let mut run = 1u16;
    for k in 1..=line.len() {
        if k < line.len() && line[k] == line[k - 1] {
            run += 1;
        } else {
            if run >= 5 {
                runs = runs.wrapping_add(run - 2);
            }
            run = 1;
        }
    }
    let mut finder = 0u16;
    for (j, w) in line.windows(7).enumerate() {
        // Most windows fail at the first or second module.
        let found = w[0] && !w[1] && w[2] && w[3] && w[4] && !w[5] && w[6];
        if !found {
            continue;
        }
        let dark_before = line[j.saturating_sub(4)..j].contains(&true);
        let dark_after = line[j + 7..(j + 11).min(line.len())].contains(&true);
        if !dark_before || !dark_after {
            finder = finder.wrapping_add(40);
        }
    }
    (runs, finder)
}

/// [`penalty`] with each row and column as the bits of a `u128`, for codes up to 128
/// modules wide (version 27): the same score in a fraction of the time.
fn penalty_bits(dark: &[bool], width: usize) -> u16 {
    let mut rows = vec![0u128; width];
    let mut columns = vec![0u128; width];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            if d {
                rows[y] |= 1 << x;
                columns[x] |= 1 << y;
            }
        }
    }
    let all = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    let mut score = 0u16;
    for lines in [&rows, &columns] {
        let mut finder = 0u16;
        for &line in lines.iter() {
            let (runs, found) = line_penalty_bits(line, width, all);
            score = score.wrapping_add(runs);
            finder = finder.wrapping_add(found);
        }
        score = score.wrapping_add(finder.wrapping_sub(360));
    }
    // A 2×2 block at x: rows y and y+1 agree at x and x+1, and row y agrees with itself
    // from x to x+1.
    let pairs = all >> 1;
    for pair in rows.windows(2) {
        let same = !(pair[0] ^ pair[1]);
        let along = !(pair[0] ^ (pair[0] >> 1));
        let blocks = same & (same >> 1) & along & pairs;
        score = score.wrapping_add(3 * blocks.count_ones() as u16);
    }
    let dark_count: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = dark_count * 200 / dark.len();
    score.wrapping_add(ratio.abs_diff(100) as u16)
}

fn line_penalty_bits(line: u128, width: usize, all: u128) -> (u16, u16) {
    // Bit k of `changes` is set where module k+1 differs from module k (and at the end).
    let changes = ((line ^ (line >> 1)) & (all >> 1)) | (1 << (width - 1));
    let mut runs = 0u16;
    let mut start = 0;
    let mut rest = changes;
    while rest != 0 {
        let end = rest.trailing_zeros() as usize;
        let run = (end + 1 - start) as u16;
        if run >= 5 {
            runs = runs.wrapping_add(run - 2);
        }
        start = end + 1;
        rest &= rest - 1;
    }
    // Bit j set where modules j to j+6 are dark-light-dark-dark-dark-light-dark.
    let starts = if width < 7 {
        0
    } else {
        line & !(line >> 1)
            & (line >> 2)
            & (line >> 3)
            & (line >> 4)
            & !(line >> 5)
            & (line >> 6)
            & (all >> 6)
    };
    let mut finder = 0u16;
    let mut rest = starts;
    while rest != 0 {
        let j = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let from = j.saturating_sub(4);
        let dark_before = (line >> from) & ((1 << (j - from)) - 1) != 0;
        let to = (j + 11).min(width);
        // `checked_shr`: at a width of 128 the pattern can end on the last bit.
        let after = line.checked_shr((j + 7) as u32).unwrap_or(0);
        let dark_after = after & ((1 << (to - j - 7)) - 1) != 0;
        if !dark_before || !dark_after {
            finder = finder.wrapping_add(40);
        }
    }
    (runs, finder)
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

    #[test]
    fn the_bit_penalty_equals_the_plain_one() {
        let mut state = 11u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for width in (21..=128).step_by(3).chain([128]) {
            for density in [2, 3, 8] {
                // Sparse, balanced and dense grids, so long runs and finder patterns occur.
                let dark: Vec<bool> = (0..width * width).map(|_| next() % density != 0).collect();
                assert_eq!(
                    super::penalty_bits(&dark, width),
                    super::penalty(&dark, width),
                    "width {width}"
                );
            }
        }
    }

    #[test]
    fn modules_equal_the_crates_choice_of_mask() {
        let mut texts: Vec<String> = vec![
            "https://example.org/guides/a/".into(),
            "https://guides.example.org/guides/financial-certificate/".into(),
            "x".into(),
            format!(
                "https://mirror.example.net/{}/guides/g/",
                "sub-path/".repeat(12)
            ),
            "https://가이드.example/guides/한글-주소/".into(),
        ];
        for n in 0..40 {
            texts.push(format!(
                "https://bench.example.org/kb{}/guides/guide-{n:05}/",
                n % 7
            ));
        }
        for text in texts {
            let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
            let expected: Vec<bool> = code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            let (width, got) = super::modules(text.as_bytes()).unwrap();
            assert_eq!(width, code.width(), "{text}");
            assert!(got == expected, "{text}: a different mask than the crate's");
        }
    }
}
