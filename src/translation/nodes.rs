//! A guide as the list of nodes a translation mirrors, each with its path
//! (`procedures/web/steps/otp/cautions/2`), the hash of its own text and its shape (the ids
//! and choices a translation must repeat as they are).

use crate::content::{Caution, Guide, Located, Step, Text};
use crate::diagnostic::Pos;

/// One node of a guide.
#[derive(Debug)]
pub struct Node {
    /// Ids and 1-based positions from the guide down, joined with `/`.
    pub path: String,
    /// [`hash`] of the node's own text (not its children's), whitespace normalised.
    pub hash: u64,
    /// What must be the same in a translation: references, moments, modes, flags.
    pub shape: String,
    pub pos: Pos,
    pub width: u32,
}

impl Node {
    /// The path of the node this one belongs to; `None` at the top.
    pub fn parent(&self) -> Option<&str> {
        parent(&self.path)
    }
}

/// The path of the node `path` belongs to: two segments up (`…/steps/otp` → `…`).
pub fn parent(path: &str) -> Option<&str> {
    let (up, _) = path.rsplit_once('/')?;
    let (up, _) = up.rsplit_once('/')?;
    Some(up)
}

/// FNV-1a, 64 bits: the record files are committed, so the hash must never change with a
/// dependency's version (the hashers in the tree make no such promise), and it needs no key.
pub fn hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Collects nodes in the guide's order.
struct Nodes(Vec<Node>);

impl Nodes {
    fn add<'a>(
        &mut self,
        path: String,
        pos: Pos,
        texts: impl IntoIterator<Item = Option<&'a Text>>,
        shape: String,
    ) {
        let mut joined = String::new();
        for text in texts {
            if let Some(text) = text {
                joined.extend(text.value.split_whitespace().flat_map(|w| [w, " "]));
            }
            // Keeps "a" + "" apart from "" + "a".
            joined.push('\u{1f}');
        }
        self.0.push(Node {
            path,
            hash: hash(&joined),
            shape,
            pos,
            width: 0,
        });
    }

    fn text(&mut self, path: String, text: &Text) {
        self.add(path, text.pos, [Some(text)], String::new());
        if let Some(last) = self.0.last_mut() {
            last.width = text.width;
        }
    }

    fn step(&mut self, path: String, step: &Located<Step>) {
        let mut texts = vec![step.action.as_ref(), step.detail.as_ref()];
        for choice in &step.choices {
            texts.extend([Some(&choice.label), choice.detail.as_ref()]);
        }
        let shape = format!(
            "optional: {}, choices: {}, use: {}",
            step.optional,
            step.choices.len(),
            step.uses.as_ref().map_or("-", |u| u.value.as_str())
        );
        self.add(path.clone(), step.pos, texts, shape);
        for (n, caution) in step.cautions.iter().enumerate() {
            self.caution(format!("{path}/cautions/{}", n + 1), caution);
        }
    }

    fn caution(&mut self, path: String, caution: &Located<Caution>) {
        let shape = match (&caution.failure, &caution.shared) {
            (Some(id), _) => format!("failure: {}", id.value),
            (None, Some(id)) => format!("shared: {}", id.value),
            (None, None) => "text".to_string(),
        };
        self.add(path, caution.pos, [caution.text.as_ref()], shape);
    }
}

/// Every node of `guide` in its order; paths are unique when the guide's ids are.
pub fn nodes(guide: &Guide) -> Vec<Node> {
    let mut out = Nodes(Vec::new());
    out.text("title".into(), &guide.title);
    out.text("certificate".into(), &guide.certificate);
    out.text("summary".into(), &guide.summary);
    for fact in &guide.facts {
        let texts = [
            Some(&fact.label),
            Some(&fact.value.value),
            fact.note.as_ref(),
        ];
        out.add(
            format!("facts/{}", fact.id.value),
            fact.pos,
            texts,
            String::new(),
        );
    }
    for (n, text) in guide.prepare.iter().enumerate() {
        out.text(format!("prepare/{}", n + 1), text);
    }
    for procedure in &guide.procedures {
        let path = format!("procedures/{}", procedure.id.value);
        let texts = [
            Some(&procedure.channel),
            Some(&procedure.title),
            procedure.result.as_ref(),
        ];
        out.add(path.clone(), procedure.pos, texts, String::new());
        for (n, text) in procedure.prepare.iter().enumerate() {
            out.text(format!("{path}/prepare/{}", n + 1), text);
        }
        for step in &procedure.steps {
            out.step(format!("{path}/steps/{}", step.id.value), step);
        }
    }
    for caution in &guide.shared_cautions {
        let path = format!("shared_cautions/{}", caution.id.value);
        out.add(path, caution.pos, [Some(&caution.text)], String::new());
    }
    for step in &guide.shared_steps {
        out.step(format!("shared_steps/{}", step.id.value), step);
    }
    for question in &guide.questions {
        let path = format!("questions/{}", question.id.value);
        let texts = [Some(&question.question), Some(&question.answer)];
        out.add(path, question.pos, texts, String::new());
    }
    for situation in &guide.situations {
        let kind = serde_json::to_value(situation.kind.value).unwrap_or_default();
        let path = format!("situations/{}", kind.as_str().unwrap_or_default());
        let texts = [Some(&situation.title), Some(&situation.advice)];
        out.add(path, situation.pos, texts, String::new());
    }
    for row in &guide.failures {
        let path = format!("failures/{}", row.id.value);
        let texts = [Some(&row.situation), Some(&row.cause), Some(&row.caution)];
        out.add(path, row.pos, texts, String::new());
    }
    for (n, row) in guide.checklist_table.iter().enumerate() {
        let path = format!("checklist_table/{}", n + 1);
        let texts = [Some(&row.situation), Some(&row.blocker), Some(&row.tip)];
        out.add(path, row.pos, texts, String::new());
    }
    for (n, group) in guide.checklist.iter().enumerate() {
        let path = format!("checklist/{}", n + 1);
        let shape = serde_json::json!({ "moment": group.moment.value, "mode": group.mode.value });
        out.add(
            path.clone(),
            group.pos,
            [group.title.as_ref()],
            shape.to_string(),
        );
        for item in &group.items {
            let item_path = format!("{path}/items/{}", item.id.value);
            out.add(item_path, item.pos, [Some(&item.text)], String::new());
        }
    }
    for (n, text) in guide.sequence.iter().enumerate() {
        out.text(format!("sequence/{}", n + 1), text);
    }
    out.0
}
