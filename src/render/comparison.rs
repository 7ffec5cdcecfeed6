//! The comparison table: one column a certificate type, one row a fact label, built from the
//! guides' cards. Guides of one type share its column, so the table is as wide as the
//! knowledge base has types, however many guides it has.

use super::pages::GuideCard;
use crate::nfc::nfc;
use serde::Serialize;
use std::collections::HashMap;

/// Values a cell shows; a cell whose guides state more says how many guides it left out, so
/// a label every guide fills differently cannot make the page grow with the guides.
const VALUES_PER_CELL: usize = 3;

/// Guides a column links to under the table.
const GUIDES_PER_COLUMN: usize = 5;

#[derive(Debug, Serialize)]
pub struct ComparisonView {
    pub columns: Vec<ComparisonColumn>,
    pub rows: Vec<ComparisonRow>,
}

/// A certificate type, as its first guide names it.
#[derive(Debug, Serialize)]
pub struct ComparisonColumn {
    pub certificate: String,
    /// Its first guides, for the links under the table.
    pub guides: Vec<GuideLink>,
    /// How many guides are of this type.
    pub guide_count: usize,
}

#[derive(Debug, Serialize)]
pub struct GuideLink {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct ComparisonRow {
    pub label: String,
    /// One cell a column, in the columns' order.
    pub cells: Vec<ComparisonCell>,
}

/// What the guides of one type say for one label: each different value once, from the
/// first guide that says it. No values: no guide of the type has the fact.
#[derive(Debug, Default, Serialize)]
pub struct ComparisonCell {
    pub values: Vec<CellValue>,
    /// Guides of the type that state yet another value, left out.
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct CellValue {
    pub value: String,
    /// The guide that says it and the fact's anchor there.
    pub guide: String,
    pub anchor: String,
    pub source: Option<String>,
}

/// Columns in the order types first appear, rows in the order labels first appear, guide
/// by guide, so the table reads like the guides. Types and labels are matched after Unicode
/// normalisation and trimming, and found by hashing: one pass over the facts.
pub fn comparison(guides: &[&GuideCard]) -> ComparisonView {
    let mut columns: Vec<ComparisonColumn> = Vec::new();
    let mut column_of: HashMap<String, usize> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    // cells[row][column], grown as rows and columns appear.
    let mut cells: Vec<Vec<ComparisonCell>> = Vec::new();
    for guide in guides {
        let key = nfc(guide.certificate.trim()).into_owned();
        let column = *column_of.entry(key).or_insert_with(|| {
            columns.push(ComparisonColumn {
                certificate: guide.certificate.trim().to_string(),
                guides: Vec::new(),
                guide_count: 0,
            });
            columns.len() - 1
        });
        let entry = &mut columns[column];
        entry.guide_count += 1;
        if entry.guides.len() < GUIDES_PER_COLUMN {
            entry.guides.push(GuideLink {
                id: guide.id.clone(),
                title: guide.title.clone(),
            });
        }
        for fact in &guide.facts {
            let label = nfc(fact.label.trim()).into_owned();
            let row = *row_of.entry(label).or_insert_with(|| {
                labels.push(fact.label.trim().to_string());
                cells.push(Vec::new());
                labels.len() - 1
            });
            let row_cells = &mut cells[row];
            row_cells.resize_with(row_cells.len().max(column + 1), ComparisonCell::default);
            let cell = &mut row_cells[column];
            let value = fact.value.trim();
            if cell.values.iter().any(|v| v.value == value) {
                continue;
            }
            if cell.values.len() == VALUES_PER_CELL {
                cell.more += 1;
                continue;
            }
            cell.values.push(CellValue {
                value: value.to_string(),
                guide: guide.id.clone(),
                anchor: fact.anchor.clone(),
                source: fact.source.as_ref().map(|s| s.title.clone()),
            });
        }
    }
    let rows = labels
        .into_iter()
        .zip(cells)
        .map(|(label, mut cells)| {
            cells.resize_with(columns.len(), ComparisonCell::default);
            ComparisonRow { label, cells }
        })
        .collect();
    ComparisonView { columns, rows }
}
