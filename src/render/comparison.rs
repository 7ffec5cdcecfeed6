//! The comparison page's table: one column a guide, one row a fact label, built from the
//! guides' cards.

use super::pages::{FactView, GuideCard};
use serde::Serialize;

/// The side-by-side comparison: one column a guide, one row a fact label.
#[derive(Debug, Serialize)]
pub struct ComparisonView {
    pub columns: Vec<ComparisonColumn>,
    pub rows: Vec<ComparisonRow>,
}

#[derive(Debug, Serialize)]
pub struct ComparisonColumn {
    pub id: String,
    pub certificate: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct ComparisonRow {
    pub label: String,
    /// One cell a column; `None` when that guide has no fact with this label.
    pub cells: Vec<Option<ComparisonCell>>,
}

#[derive(Debug, Serialize)]
pub struct ComparisonCell {
    pub value: String,
    pub anchor: String,
    pub source: Option<String>,
}

/// Rows in the order labels first appear, guide by guide, so the table reads like the guides.
/// One pass over the facts: a label's row is found by hashing, not by scanning every row.
pub fn comparison(guides: &[&GuideCard]) -> ComparisonView {
    let mut labels: Vec<&str> = Vec::new();
    let mut row_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    // For each guide, (row, fact): the first fact with a row's label fills the cell.
    let mut cells: Vec<Vec<(usize, &FactView)>> = Vec::with_capacity(guides.len());
    for guide in guides {
        let mut own: Vec<(usize, &FactView)> = Vec::new();
        for fact in &guide.facts {
            let label = fact.label.trim();
            let row = *row_of.entry(label).or_insert_with(|| {
                labels.push(label);
                labels.len() - 1
            });
            if !own.iter().any(|(r, _)| *r == row) {
                own.push((row, fact));
            }
        }
        cells.push(own);
    }
    let mut rows: Vec<ComparisonRow> = labels
        .iter()
        .map(|label| ComparisonRow {
            label: (*label).to_string(),
            cells: Vec::with_capacity(guides.len()),
        })
        .collect();
    for own in &cells {
        for row in rows.iter_mut() {
            row.cells.push(None);
        }
        for &(row, fact) in own {
            if let Some(cell) = rows[row].cells.last_mut() {
                *cell = Some(ComparisonCell {
                    value: fact.value.clone(),
                    anchor: fact.anchor.clone(),
                    source: fact.source.as_ref().map(|s| s.title.clone()),
                });
            }
        }
    }
    ComparisonView {
        columns: guides
            .iter()
            .map(|g| ComparisonColumn {
                id: g.id.clone(),
                certificate: g.certificate.clone(),
                title: g.title.clone(),
            })
            .collect(),
        rows,
    }
}
