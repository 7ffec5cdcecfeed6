//! What the templates see: plain, serialisable views of the content, with Markdown already
//! turned into sanitised HTML (fields ending in `_html`) and references already resolved.
//!
//! Views hold only `Vec`s, never maps: tera's maps are hash maps, and iterating one in a
//! template would make the output order change between runs.

use super::Voice;
use super::checklist::say;
use super::citations::{Citations, grouped, sources_of_facts_and_procedures};
use super::links::Place;
use super::markdown;
use super::reminder::{self, ReminderView};
use crate::anchors;
use crate::content::strings::Strings;
use crate::content::{Caution, GuideFile, Step};
use anyhow::{Context as _, Result, anyhow};
use serde::Serialize;
use std::sync::Arc;

/// Everything a guide's page and checklist show: its card, and the rest of the guide.
#[derive(Debug, Serialize)]
pub struct GuideView {
    #[serde(flatten)]
    pub card: GuideCard,
    pub prepare: Vec<String>,
    pub procedures: Vec<ProcedureView>,
    pub questions: Vec<QuestionView>,
    pub situations: Vec<SituationView>,
    pub failures: Vec<FailureView>,
    pub checklist_table: Vec<ChecklistRowView>,
    pub sequence: Vec<String>,
    pub sources: Vec<SourceView>,
    /// The expiry reminder, when a fact gives the validity as a period.
    pub reminder: Option<ReminderView>,
    /// The interface strings of the page's language, for the PDFs.
    #[serde(skip)]
    pub strings: Arc<Strings>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct FactView {
    pub anchor: String,
    pub label: String,
    pub value: String,
    pub note_html: Option<String>,
    pub source: Option<SourceView>,
    /// The words of the fact's sources that say it: its own source's quote first.
    pub evidence: Vec<EvidenceView>,
}

/// A source's words that back a statement, which the page shows on request beside the source.
/// Quotes from one source in a row are shown together, above the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceView {
    pub quotes: Vec<String>,
    pub source: SourceView,
}

#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub anchor: String,
    pub question: String,
    pub answer_html: String,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub anchor: String,
    pub title: String,
    pub publisher: Option<String>,
    /// Only when it passes the URL allow-list.
    pub url: Option<String>,
    /// The address's host, which paper shows instead of a long address (the QR code leads
    /// to the page with the links).
    pub host: Option<String>,
    /// Cited by the facts or a procedure, which print alone; a source cited only by the
    /// sections about the whole guide is left off that print.
    pub for_procedures: bool,
    pub checked: String,
    /// The language of the title and quotes, when it is not the page's.
    pub lang: Option<String>,
}

/// What the pages that list every guide (home, comparison, sitemap) see of a guide. The build
/// keeps only this once a guide's own pages are written, so a listing template can use these
/// fields of `guide`, not the procedures or tables.
#[derive(Debug, PartialEq, Serialize)]
pub struct GuideCard {
    pub id: String,
    pub title: String,
    pub certificate: String,
    /// The id of its category, if it has one.
    pub category: Option<String>,
    pub summary_html: String,
    /// The start of the summary as plain text, for the listings: a card there shows no
    /// links, so one text serves pages at every depth.
    pub blurb: String,
    pub reviewed: String,
    /// The guide's absolute address, for print and QR codes, once the site has one.
    pub url: Option<String>,
    pub facts: Vec<FactView>,
    /// Number of boxes on the printable checklist.
    pub checklist_items: usize,
}

#[derive(Debug, Serialize)]
pub struct ProcedureView {
    pub anchor: String,
    pub id: String,
    pub channel: String,
    pub title: String,
    pub prepare: Vec<String>,
    pub steps: Vec<StepView>,
    pub result_html: Option<String>,
    /// The Markdown of `result_html`, for the PDFs.
    #[serde(skip)]
    pub result: Option<String>,
    /// What backs the result.
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    /// 1-based position within its procedure.
    pub number: usize,
    pub anchor: String,
    pub cautions_anchor: String,
    pub action: String,
    pub detail_html: Option<String>,
    /// The Markdown of `detail_html`, for the PDFs.
    #[serde(skip)]
    pub detail: Option<String>,
    pub optional: bool,
    pub choices: Vec<ChoiceView>,
    pub cautions: Vec<CautionView>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct ChoiceView {
    pub label: String,
    pub detail_html: Option<String>,
    #[serde(skip)]
    pub detail: Option<String>,
}

/// A caution as the reader sees it. A `failure:` reference shows the row's 주의점 as the
/// caution and its 대표 실패 원인 as the reason, with a link to the row.
#[derive(Debug, Serialize)]
pub struct CautionView {
    pub html: Option<String>,
    /// The Markdown of `html`, for the PDFs.
    #[serde(skip)]
    pub text: Option<String>,
    pub failure: Option<FailureView>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailureView {
    pub anchor: String,
    pub situation: String,
    pub cause: String,
    pub caution: String,
}

#[derive(Debug, Serialize)]
pub struct SituationView {
    pub anchor: String,
    pub kind_label: String,
    pub title: String,
    pub advice_html: String,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct ChecklistRowView {
    pub situation: String,
    pub blocker: String,
    pub tip: String,
}

/// `sources_lang` is the language of a source that names none: the site's default language,
/// in which the originals (and so the sources a translation shares) are written.
pub fn guide_view(
    file: &GuideFile,
    base_url: Option<&str>,
    voice: &Voice,
    sources_lang: &str,
) -> Result<GuideView> {
    let guide = &file.guide;
    let id = guide.id.value.as_str();
    let page = anchors::guide_page(id);
    let here = Place {
        guide: id,
        page: &page,
    };
    let in_file = || format!("in {}", file.file);
    let printed = sources_of_facts_and_procedures(guide);
    let sources: Vec<SourceView> = guide
        .sources
        .iter()
        .map(|s| {
            let url = s.url.as_ref().filter(|url| markdown::is_safe_url(url));
            SourceView {
                anchor: anchors::source(&s.id),
                title: s.title.value.clone(),
                publisher: s.publisher.as_ref().map(|p| p.value.clone()),
                url: url.map(|url| url.value.clone()),
                host: url.and_then(|url| host(url)),
                for_procedures: printed.contains(s.id.value.as_str()),
                checked: s.checked.value.clone(),
                lang: Some(s.language.as_ref().map_or(sources_lang, |l| l.as_str()))
                    .filter(|lang| *lang != voice.tag)
                    .map(str::to_string),
            }
        })
        .collect();
    let cite = Citations {
        guide,
        sources: &sources,
    };
    let facts = guide
        .facts
        .iter()
        .map(|fact| {
            let own = fact
                .source
                .as_ref()
                .zip(fact.quote.as_ref())
                .and_then(|(source, quote)| cite.view(source, quote));
            FactView {
                anchor: anchors::fact(&fact.id),
                label: fact.label.value.clone(),
                value: fact.value.value.value.clone(),
                note_html: fact.note.as_ref().map(|n| markdown::to_html(n, here)),
                source: fact.source.as_ref().and_then(|id| cite.source(id)),
                evidence: grouped(own.into_iter().chain(cite.list(&fact.evidence))),
            }
        })
        .collect();
    let procedures = guide
        .procedures
        .iter()
        .map(|procedure| {
            let steps = procedure
                .steps
                .iter()
                .enumerate()
                .map(|(index, step)| step_view(&cite, step, index + 1, here))
                .collect::<Result<Vec<_>>>()?;
            Ok(ProcedureView {
                anchor: anchors::procedure(&procedure.id),
                id: procedure.id.value.clone(),
                channel: procedure.channel.value.clone(),
                title: procedure.title.value.clone(),
                prepare: texts(&procedure.prepare),
                steps,
                result_html: procedure
                    .result
                    .as_ref()
                    .map(|r| markdown::to_html(r, here)),
                result: procedure.result.as_ref().map(|r| r.value.clone()),
                evidence: cite.list(&procedure.evidence),
            })
        })
        .collect::<Result<Vec<_>>>()
        .with_context(in_file)?;
    Ok(GuideView {
        card: GuideCard {
            id: guide.id.value.clone(),
            title: guide.title.value.clone(),
            certificate: guide.certificate.value.clone(),
            category: guide.category.as_ref().map(|c| c.value.clone()),
            summary_html: markdown::to_html(&guide.summary, here),
            blurb: blurb(&guide.summary),
            reviewed: guide.reviewed.value.clone(),
            url: base_url.map(|base| format!("{base}guides/{}/", guide.id.value)),
            facts,
            checklist_items: guide.checklist.iter().map(|g| g.items.len()).sum(),
        },
        prepare: texts(&guide.prepare),
        procedures,
        questions: guide
            .questions
            .iter()
            .map(|q| QuestionView {
                anchor: anchors::question(&q.id),
                question: q.question.value.clone(),
                answer_html: markdown::to_html(&q.answer, here),
                evidence: cite.list(&q.evidence),
            })
            .collect(),
        situations: guide
            .situations
            .iter()
            .map(|s| SituationView {
                anchor: anchors::situation(s.kind.value).to_string(),
                kind_label: say(&voice.strings, s.kind.key()),
                title: s.title.value.clone(),
                advice_html: markdown::to_html(&s.advice, here),
                evidence: cite.list(&s.evidence),
            })
            .collect(),
        failures: guide.failures.iter().map(|row| failure_view(row)).collect(),
        checklist_table: guide
            .checklist_table
            .iter()
            .map(|row| ChecklistRowView {
                situation: row.situation.value.clone(),
                blocker: row.blocker.value.clone(),
                tip: row.tip.value.clone(),
            })
            .collect(),
        sequence: texts(&guide.sequence),
        sources,
        reminder: reminder::reminder_view(guide),
        strings: voice.strings.clone(),
    })
}

/// Characters of the summary a listing's card shows: two or three lines on a phone.
const BLURB_CHARS: usize = 140;

/// The summary's first paragraph as plain text, cut after a word near [`BLURB_CHARS`].
fn blurb(summary: &str) -> String {
    let first = summary.split("\n\n").next().unwrap_or_default();
    let text = crate::search::documents::plain(first);
    if text.chars().count() <= BLURB_CHARS {
        return text;
    }
    let cut: String = text.chars().take(BLURB_CHARS).collect();
    let words = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", words.trim_end_matches([',', '.', ' ']))
}

/// `www.kbstar.com` of `https://www.kbstar.com/path?q`.
fn host(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(rest[..end].to_string()).filter(|host| !host.is_empty())
}

fn texts(list: &[crate::content::Text]) -> Vec<String> {
    list.iter().map(|t| t.value.clone()).collect()
}

fn failure_view(row: &crate::content::FailureRow) -> FailureView {
    FailureView {
        anchor: anchors::failure(&row.id),
        situation: row.situation.value.clone(),
        cause: row.cause.value.clone(),
        caution: row.caution.value.clone(),
    }
}

/// A step as written, or the shared step it uses under the using step's own id and number.
fn step_view(cite: &Citations, step: &Step, number: usize, here: Place) -> Result<StepView> {
    let guide = cite.guide;
    let id = &step.id.value;
    let (body, optional) = match &step.uses {
        Some(uses) => {
            let shared = guide
                .shared_steps
                .iter()
                .find(|s| s.id.value == uses.value)
                .ok_or_else(|| {
                    anyhow!("step `{id}` uses an unknown shared step `{}`", uses.value)
                })?;
            (&shared.value, step.optional || shared.optional)
        }
        None => (step, step.optional),
    };
    Ok(StepView {
        number,
        anchor: anchors::step(id),
        cautions_anchor: anchors::cautions(id),
        action: body
            .action
            .as_ref()
            .map(|a| a.value.clone())
            .unwrap_or_default(),
        detail_html: body.detail.as_ref().map(|d| markdown::to_html(d, here)),
        detail: body.detail.as_ref().map(|d| d.value.clone()),
        optional,
        choices: body
            .choices
            .iter()
            .map(|c| ChoiceView {
                label: c.label.value.clone(),
                detail_html: c.detail.as_ref().map(|d| markdown::to_html(d, here)),
                detail: c.detail.as_ref().map(|d| d.value.clone()),
            })
            .collect(),
        cautions: body
            .cautions
            .iter()
            .map(|c| caution_view(cite, c, id, here))
            .collect::<Result<_>>()?,
        evidence: cite.list(&body.evidence),
    })
}

fn caution_view(
    cite: &Citations,
    caution: &Caution,
    step_id: &str,
    here: Place,
) -> Result<CautionView> {
    let guide = cite.guide;
    let evidence = cite.list(&caution.evidence);
    if let Some(text) = &caution.text {
        return Ok(CautionView {
            html: Some(markdown::to_html(text, here)),
            text: Some(text.value.clone()),
            failure: None,
            evidence,
        });
    }
    if let Some(row_id) = &caution.failure {
        let row = guide
            .failures
            .iter()
            .find(|r| r.id.value == row_id.value)
            .ok_or_else(|| anyhow!("a caution of step `{step_id}` names an unknown failure row"))?;
        return Ok(CautionView {
            html: None,
            text: None,
            failure: Some(failure_view(row)),
            evidence,
        });
    }
    if let Some(shared_id) = &caution.shared {
        let shared = guide
            .shared_cautions
            .iter()
            .find(|c| c.id.value == shared_id.value)
            .ok_or_else(|| {
                anyhow!("a caution of step `{step_id}` names an unknown shared caution")
            })?;
        return Ok(CautionView {
            html: Some(markdown::to_html(&shared.text, here)),
            text: Some(shared.text.value.clone()),
            failure: None,
            evidence: grouped(evidence.into_iter().chain(cite.list(&shared.evidence))),
        });
    }
    Err(anyhow!("a caution of step `{step_id}` is empty"))
}
