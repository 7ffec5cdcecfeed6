//! A laid-out document as PDF bytes, with `pdf-writer`: the pages' content, the font subset,
//! the structure tree that makes it a tagged PDF, links, language and title.
//!
//! The same document gives the same bytes: objects are numbered in a fixed order, the
//! subset's name comes from the glyphs it holds, and nothing records a time or a random id.
//! Streams are not compressed: a font subset shrinks by about a third with deflate, which
//! costs more than the rest of the PDF to make, and the files are small without it.

use super::font::{self, Font};
use super::layout::{Doc, Op, PAGE_HEIGHT, PAGE_WIDTH, Role};
use crate::render::qr;
use anyhow::Result;
use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, StructRole, SystemInfo, TabOrder,
    TextRenderingMode, UnicodeCmap,
};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::hash::{Hash, Hasher};
use subsetter::GlyphRemapper;

const FONT: Name<'static> = Name(b"F");
const QR: Name<'static> = Name(b"QR");
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The font subset for documents that show the same text, such as a procedure in regular
/// and in large print: subsetting was a fifth of what a PDF cost to write.
pub struct Subset {
    glyphs: Glyphs,
    bytes: Vec<u8>,
}

impl Subset {
    /// The subset that holds every glyph of `docs`.
    pub fn of(font: &Font, docs: &[Doc]) -> Result<Subset> {
        let glyphs = Glyphs::of(font, docs);
        let bytes = font.subset(&glyphs.remapper)?;
        Ok(Subset { glyphs, bytes })
    }
}

/// A QR code as a form XObject, drawn in modules: made once for all the PDFs of a guide, as
/// writing its rectangles again for each PDF was an eighth of a PDF's cost.
pub struct QrForm {
    /// Modules across, quiet zone included.
    size: usize,
    content: Vec<u8>,
}

impl QrForm {
    pub fn of(code: &qr::Code) -> QrForm {
        let mut content = Content::new();
        content.set_fill_gray(0.0);
        for &(column, row, length) in &code.runs {
            // PDF counts rows upwards; the code's rows go down.
            let bottom = code.size - row - 1;
            content.rect(column as f32, bottom as f32, length as f32, 1.0);
        }
        content.fill_nonzero();
        QrForm {
            size: code.size,
            content: content.finish().into_vec(),
        }
    }
}

/// The PDF of `doc`, whose glyphs `subset` holds, and whose QR code (if any) is `qr`.
pub fn write(doc: &Doc, subset: &Subset, qr: Option<&QrForm>) -> Result<Vec<u8>> {
    let font = doc.font;
    let glyphs = &subset.glyphs;

    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let catalog = alloc();
    let page_tree = alloc();
    let info = alloc();
    let type0 = alloc();
    let cid_font = alloc();
    let descriptor = alloc();
    let font_file = alloc();
    let to_unicode = alloc();
    let tree_root = alloc();
    let qr_form = qr.map(|_| alloc());
    let pages: Vec<(Ref, Ref, Ref)> = doc
        .pages
        .iter()
        .map(|_| (alloc(), alloc(), alloc()))
        .collect();
    let elements: Vec<Ref> = doc.nodes.iter().map(|_| alloc()).collect();

    let mut pdf = Pdf::new();
    // Content first: it numbers the marked content that the structure tree points at.
    let mut marks: Vec<Vec<Kid>> = doc.nodes.iter().map(|_| Vec::new()).collect();
    let mut links: Vec<(Ref, usize)> = Vec::new();
    for (number, (page_ref, content_ref, parents_ref)) in pages.iter().enumerate() {
        let ops = &doc.pages[number];
        let (content, mcids) = content(doc, ops, glyphs, qr.map(|form| form.size));
        pdf.stream(*content_ref, &content);
        pdf.indirect(*parents_ref)
            .array()
            .items(mcids.iter().map(|&node| elements[node]));
        for (mcid, &node) in mcids.iter().enumerate() {
            marks[node].push(Kid::Marked(*page_ref, mcid as i32));
        }
        let mut annotations = Vec::new();
        for op in ops {
            let &Op::Link { x, y, w, h, node } = op else {
                continue;
            };
            let annotation = alloc();
            let key = (doc.pages.len() + links.len()) as i32;
            let uri = doc.nodes[node].uri.as_deref().unwrap_or_default();
            let mut link = pdf.annotation(annotation);
            link.subtype(AnnotationType::Link)
                .rect(Rect::new(x, PAGE_HEIGHT - y - h, x + w, PAGE_HEIGHT - y))
                .contents(TextStr(uri))
                .border(0.0, 0.0, 0.0, None)
                .struct_parent(key)
                .page(*page_ref);
            link.action()
                .action_type(ActionType::Uri)
                .uri(Str(uri.as_bytes()));
            link.finish();
            marks[node].push(Kid::Object(*page_ref, annotation));
            links.push((annotation, node));
            annotations.push(annotation);
        }
        let mut page = pdf.page(*page_ref);
        page.parent(page_tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(*content_ref)
            .struct_parents(number as i32);
        if !annotations.is_empty() {
            page.annotations(annotations)
                .tab_order(TabOrder::StructureOrder);
        }
        let mut resources = page.resources();
        resources.fonts().pair(FONT, type0);
        if let Some(form) = qr_form {
            resources.x_objects().pair(QR, form);
        }
        resources.finish();
        page.finish();
    }

    pdf.pages(page_tree)
        .kids(pages.iter().map(|(page, _, _)| *page))
        .count(pages.len() as i32);
    let mut catalog_writer = pdf.catalog(catalog);
    catalog_writer
        .pages(page_tree)
        .lang(TextStr(&doc.lang))
        .pair(Name(b"StructTreeRoot"), tree_root);
    catalog_writer.mark_info().marked(true);
    catalog_writer.viewer_preferences().display_doc_title(true);
    catalog_writer.finish();
    pdf.document_info(info).title(TextStr(&doc.title));

    let mut root = pdf.indirect(tree_root).start::<StructTreeRoot>();
    root.child(elements[0]);
    let mut parent_tree = root.parent_tree();
    let mut nums = parent_tree.nums();
    for (number, (_, _, parents_ref)) in pages.iter().enumerate() {
        nums.insert(number as i32, *parents_ref);
    }
    for (index, (_, node)) in links.iter().enumerate() {
        nums.insert((pages.len() + index) as i32, elements[*node]);
    }
    nums.finish();
    parent_tree.finish();
    root.parent_tree_next_key((pages.len() + links.len()) as i32);
    root.finish();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.nodes.len()];
    for (index, node) in doc.nodes.iter().enumerate().skip(1) {
        children[node.parent].push(index);
    }
    for (index, node) in doc.nodes.iter().enumerate() {
        let parent = if index == 0 {
            tree_root
        } else {
            elements[node.parent]
        };
        let mut element = pdf.struct_element(elements[index]);
        element.kind(role(node.role)).parent(parent);
        if let Some(alt) = &node.alt {
            element.alt(TextStr(alt));
        }
        let mut kids = element.children();
        for &child in &children[index] {
            kids.struct_element(elements[child]);
        }
        for kid in &marks[index] {
            match *kid {
                Kid::Marked(page, mcid) => {
                    kids.marked_content_ref().page(page).marked_content_id(mcid);
                }
                Kid::Object(page, object) => {
                    kids.object_ref().page(page).object(object);
                }
            }
        }
    }

    write_font(
        &mut pdf,
        font,
        subset,
        [type0, cid_font, descriptor, font_file, to_unicode],
    );
    if let (Some(form), Some(id)) = (qr, qr_form) {
        let size = form.size as f32;
        pdf.form_xobject(id, &form.content)
            .bbox(Rect::new(0.0, 0.0, size, size));
    }
    Ok(pdf.finish())
}

/// What a structure element holds besides other elements.
enum Kid {
    /// Marked content on a page.
    Marked(Ref, i32),
    /// An annotation.
    Object(Ref, Ref),
}

fn role(role: Role) -> StructRole {
    match role {
        Role::Document => StructRole::Document,
        Role::H1 => StructRole::H1,
        Role::H2 => StructRole::H2,
        Role::P => StructRole::P,
        Role::L => StructRole::L,
        Role::LI => StructRole::LI,
        Role::Lbl => StructRole::Lbl,
        Role::LBody => StructRole::LBody,
        Role::Figure => StructRole::Figure,
        Role::Link => StructRole::Link,
        Role::Span => StructRole::Span,
        Role::Div => StructRole::Div,
    }
}

/// The glyphs a document uses, numbered for its font subset, and the text each stands for.
struct Glyphs {
    remapper: GlyphRemapper,
    /// By new glyph id: the character, for copying text out.
    chars: Vec<char>,
}

impl Glyphs {
    fn of(font: &Font, docs: &[Doc]) -> Glyphs {
        // Each glyph once, in the order of first use, then sorted, so that the numbering
        // depends on the set of glyphs and not on the order of use.
        let mut seen = vec![0u64; (usize::from(u16::MAX) + 1) / 64];
        let mut used: Vec<(u16, char)> = Vec::new();
        for op in docs.iter().flat_map(|doc| doc.pages.iter().flatten()) {
            if let Op::Text { text, .. } = op {
                for c in text.chars() {
                    let id = font.glyph(c).id;
                    let (word, bit) = (usize::from(id) / 64, 1 << (id % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        used.push((id, c));
                    }
                }
            }
        }
        used.sort_unstable();
        let mut remapper = GlyphRemapper::new();
        let mut chars = vec!['\0'];
        for (id, c) in used {
            if id != 0 {
                remapper.remap(id);
                chars.push(c);
            }
        }
        Glyphs { remapper, chars }
    }

    /// `text` as the two-byte glyph ids the content stream shows.
    fn encode(&self, font: &Font, text: &str, out: &mut Vec<u8>) {
        out.clear();
        for c in text.chars() {
            let id = self.remapper.get(font.glyph(c).id).unwrap_or(0);
            out.extend_from_slice(&id.to_be_bytes());
        }
    }
}

/// A page's content stream, and the node of each marked content id in it. `qr_size` is the
/// QR code's size in modules, when the PDF has its form.
fn content(
    doc: &Doc,
    ops: &[Op],
    glyphs: &Glyphs,
    qr_size: Option<usize>,
) -> (Vec<u8>, Vec<usize>) {
    let mut content = Content::new();
    let mut mcids: Vec<usize> = Vec::new();
    // The node whose content is open (`Some(None)` for decoration), if any.
    let mut open: Option<Option<usize>> = None;
    let mut bytes = Vec::new();
    // The text state outlives text objects: whether text is drawn bold.
    let mut bold_now = false;
    for op in ops {
        let owner = match *op {
            Op::Text { node, .. } => node,
            Op::Qr { node, .. } => Some(node),
            Op::Rect { .. } | Op::Warning { .. } => None,
            Op::Link { .. } => continue,
        };
        if open != Some(owner) {
            if open.is_some() {
                content.end_marked_content();
            }
            match owner {
                Some(node) => {
                    content
                        .begin_marked_content_with_properties(role(doc.nodes[node].role).to_name())
                        .properties()
                        .identify(mcids.len() as i32);
                    mcids.push(node);
                }
                None => {
                    content.begin_marked_content(Name(b"Artifact"));
                }
            }
            open = Some(owner);
        }
        match op {
            Op::Text {
                x,
                y,
                size,
                bold,
                gray,
                text,
                ..
            } => {
                glyphs.encode(doc.font, text, &mut bytes);
                content.begin_text();
                content.set_font(FONT, *size);
                content.set_fill_gray(*gray);
                if *bold {
                    // The font has one weight: bold is the outline drawn over the fill.
                    content.set_stroke_gray(*gray);
                    content.set_line_width(size * 0.045);
                }
                if *bold != bold_now {
                    content.set_text_rendering_mode(if *bold {
                        TextRenderingMode::FillStroke
                    } else {
                        TextRenderingMode::Fill
                    });
                    bold_now = *bold;
                }
                content.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, PAGE_HEIGHT - y]);
                // A character the font lacks shows as an empty box (`.notdef`), which has no
                // text of its own: the span's actual text keeps it for copying and search.
                let lacking = text.chars().any(|c| doc.font.glyph(c).id == 0);
                if lacking {
                    content
                        .begin_marked_content_with_properties(Name(b"Span"))
                        .properties()
                        .actual_text(TextStr(text));
                }
                content.show(Str(&bytes));
                if lacking {
                    content.end_marked_content();
                }
                content.end_text();
            }
            Op::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                if let Some(gray) = fill {
                    content.set_fill_gray(*gray);
                    content.rect(*x, PAGE_HEIGHT - y - h, *w, *h).fill_nonzero();
                }
                if let Some(width) = stroke {
                    let inset = width / 2.0;
                    content.set_stroke_gray(0.0).set_line_width(*width);
                    content
                        .rect(x + inset, PAGE_HEIGHT - y - h + inset, w - width, h - width)
                        .stroke();
                }
            }
            Op::Warning { x, y, size } => {
                let (left, top, bottom) = (*x, PAGE_HEIGHT - y, PAGE_HEIGHT - y - size);
                content.set_fill_gray(0.0);
                content
                    .move_to(left, bottom)
                    .line_to(left + size, bottom)
                    .line_to(left + size / 2.0, top)
                    .close_path()
                    .fill_nonzero();
                // The exclamation mark, in white.
                let stem = size * 0.12;
                let mid = left + size / 2.0 - stem / 2.0;
                content.set_fill_gray(1.0);
                content.rect(mid, bottom + size * 0.34, stem, size * 0.36);
                content.rect(mid, bottom + size * 0.14, stem, stem);
                content.fill_nonzero();
            }
            Op::Qr { x, y, module, .. } => {
                if let Some(size) = qr_size {
                    let bottom = PAGE_HEIGHT - y - size as f32 * module;
                    content.save_state();
                    content.transform([*module, 0.0, 0.0, *module, *x, bottom]);
                    content.x_object(QR);
                    content.restore_state();
                }
            }
            Op::Link { .. } => {}
        }
    }
    if open.is_some() {
        content.end_marked_content();
    }
    (content.finish().into_vec(), mcids)
}

/// The font subset as a CID-keyed TrueType font, with its widths and the map back to
/// Unicode that makes the text searchable.
fn write_font(pdf: &mut Pdf, font: &Font, subset: &Subset, refs: [Ref; 5]) {
    let glyphs = &subset.glyphs;
    let [type0, cid_font, descriptor, font_file, to_unicode] = refs;
    // A subset is named with six capitals in front; these come from its glyphs.
    let mut hasher = rustc_hash::FxHasher::default();
    glyphs.chars.hash(&mut hasher);
    let mut tag = Hasher::finish(&hasher);
    let mut name = String::with_capacity(7 + font::NAME.len());
    for _ in 0..6 {
        name.push(char::from(b'A' + (tag % 26) as u8));
        tag /= 26;
    }
    name.push('+');
    name.push_str(font::NAME);

    pdf.type0_font(type0)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(name.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let widths: Vec<f32> = glyphs
        .remapper
        .remapped_gids()
        .map(|old| f32::from(font.advance(old)))
        .collect();
    cid.widths().consecutive(0, widths);
    cid.finish();
    pdf.font_descriptor(descriptor)
        .name(Name(name.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            font.bbox[0],
            font.bbox[1],
            font.bbox[2],
            font.bbox[3],
        ))
        .italic_angle(0.0)
        .ascent(font.ascent)
        .descent(font.descent)
        .cap_height(font.cap_height)
        .stem_v(80.0)
        .font_file2(font_file);
    pdf.stream(font_file, &subset.bytes)
        .pair(Name(b"Length1"), subset.bytes.len() as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (id, &c) in glyphs.chars.iter().enumerate().skip(1) {
        cmap.pair(id as u16, c);
    }
    pdf.stream(to_unicode, &cmap.finish());
}
