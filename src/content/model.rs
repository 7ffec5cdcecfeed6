//! The content types: what a guide, the site settings and the terminology list look like.
//!
//! Field names here are the YAML keys authors write. Every type denies unknown fields so a
//! misspelled key is reported (with a "did you mean" hint) instead of silently ignored.
//! Doc comments become descriptions in the JSON Schema that editors show while typing.
//! `Serialize` is only there so the JSON Schema can show each defaulted field's default.

use super::located::Located;
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Plain or Markdown text with its position in the file.
pub type Text = Located<String>;

/// One guide: everything a reader needs to get one certificate.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// URL slug of the guide: lowercase letters, digits and single hyphens. Must match the file name.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// Page title, e.g. "KB국민은행 금융인증서 발급·재발급".
    pub title: Text,
    /// The certificate type this guide is about, e.g. 금융인증서. The comparison table has a
    /// column for each certificate type; guides of one type share it.
    pub certificate: Text,
    /// The id of the group the listings show this guide in, one of `categories` in site.yaml.
    /// A translation takes its original's.
    #[serde(default)]
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub category: Option<Text>,
    /// Markdown: what this guide helps with and why it matters. Shown on the guide's page and
    /// on the home page; links are written for the guide's page and work on both.
    /// Link another part of the knowledge base by id: `[text](guide:GUIDE-ID)`,
    /// `guide:GUIDE-ID#anchor`, `procedure:ID`, `step:ID` (this guide) or `step:GUIDE-ID/ID`.
    pub summary: Text,
    /// Date the content was last checked against its sources, as YYYY-MM-DD.
    #[schemars(pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub reviewed: Text,
    /// Key facts about the certificate (validity, renewal window, fees, storage), each with its source.
    #[serde(default)]
    pub facts: Vec<Located<Fact>>,
    /// What to have at hand before starting, for every procedure.
    #[serde(default)]
    pub prepare: Vec<Text>,
    /// One procedure per channel (웹사이트, 스마트폰 앱).
    #[schemars(length(min = 1))]
    pub procedures: Vec<Located<Procedure>>,
    /// Cautions written once and referenced from several steps with `shared:`.
    #[serde(default)]
    pub shared_cautions: Vec<Located<SharedCaution>>,
    /// Steps written once and used by several procedures with `use:`.
    #[serde(default)]
    pub shared_steps: Vec<Located<Step>>,
    /// Questions customers ask, each with a Markdown answer and the quotes it rests on.
    #[serde(default)]
    pub questions: Vec<Located<Question>>,
    /// Advice for the three situations: quick, long-term, precise.
    #[serde(default)]
    pub situations: Vec<Located<Situation>>,
    /// The failure table: 유리한 상황 | 대표 실패 원인 | 주의점.
    #[serde(default)]
    pub failures: Vec<Located<FailureRow>>,
    /// The checklist table: 추천 상황 | 막히는 지점 | 회피 팁.
    #[serde(default)]
    pub checklist_table: Vec<Located<ChecklistRow>>,
    /// The printable checklist, in groups by moment.
    #[serde(default)]
    pub checklist: Vec<Located<ChecklistGroup>>,
    /// The whole process in a few lines, in order (the summary sequence).
    #[serde(default)]
    pub sequence: Vec<Text>,
    /// Where the facts come from. A translation leaves it out: it shares its original's.
    #[serde(default)]
    pub sources: Vec<Located<Source>>,
}

/// A key fact, e.g. 유효기간: 3년, with the words of its source that say so.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Stable id, a slug.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// Short label, e.g. 유효기간.
    pub label: Text,
    /// The fact itself, e.g. 발급일로부터 3년.
    pub value: Text,
    /// Id of the entry in `sources` this fact comes from.
    #[serde(default)]
    pub source: Option<Text>,
    /// The words of `source` that support the fact, copied exactly as the source writes them.
    /// The source's `checked` date is when the quote was last found there.
    #[serde(default)]
    pub quote: Option<Text>,
    /// Further sources that support the fact, each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
    /// Markdown: a correction or remark, e.g. why an article's figure is not used.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    #[serde(default)]
    pub note: Option<Text>,
    /// The validity that `value` states, for computing with: how long the certificate is
    /// valid from the day it is issued (발급일로부터 3년 → `years: 3`). The guide page's expiry
    /// reminder counts the expiry date from it. At most one fact of a guide has it.
    #[serde(default)]
    pub validity: Option<Located<Period>>,
    /// The time before expiry that `value` names, for computing with: when renewal opens
    /// (만료 30일 전부터 갱신 → `days: 30`) or when the issuer starts its notices. The
    /// reminder's alarm goes off then, with this fact as its text. Needs a fact with
    /// `validity`; at most one fact of a guide has it.
    #[serde(default)]
    pub before_expiry: Option<Located<Period>>,
}

/// A length of time in whole years, months and days, e.g. `years: 3` or `days: 30`. A date
/// plus a period falls on the same day of the month, or on the month's last day when that
/// day does not exist (2024-02-29 plus one year is 2025-02-28), as the Korean Civil Act
/// counts periods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct Period {
    /// Whole years.
    #[serde(default)]
    pub years: u32,
    /// Whole months.
    #[serde(default)]
    pub months: u32,
    /// Whole days.
    #[serde(default)]
    pub days: u32,
}

/// A source and its words that support a statement (a number, a fee, a period or a rule), so
/// a reviewer can check the statement against the source.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Id of the entry in `sources` the quote is from.
    pub source: Text,
    /// The source's words, copied exactly (typos included); not Markdown.
    pub quote: Text,
}

/// A question customers ask, answered from the sources.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, a slug; it becomes the question's anchor (`#question-<id>`).
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// The question in the customer's words, e.g. "비밀번호를 잊어버렸어요".
    pub question: Text,
    /// Markdown: the answer. Say only what the sources support, and say what is not confirmed.
    pub answer: Text,
    /// The sources the answer rests on, each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
}

/// A source of facts, with the date it was checked. A source that is quoted needs a `url`, so
/// the quote can be checked.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, a slug, referenced by facts.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// Title of the page or document.
    pub title: Text,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<Text>,
    /// Address of the source, if it is online (http or https).
    #[serde(default)]
    pub url: Option<Text>,
    /// Date it was last checked, as YYYY-MM-DD.
    #[schemars(pattern(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub checked: Text,
    /// The language its title and quotes are in, as a BCP 47 tag such as `en`, when it is
    /// not the site's `language`. Pages mark them with it for screen readers and translators.
    #[serde(default)]
    pub language: Option<Text>,
}

/// One way of getting the certificate, through one channel.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Stable id, a slug, e.g. `web` or `app`.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// The channel, e.g. 웹사이트 or 스마트폰 앱.
    pub channel: Text,
    /// Section title, e.g. "웹사이트에서 발급".
    pub title: Text,
    /// What to have at hand for this procedure only.
    #[serde(default)]
    pub prepare: Vec<Text>,
    /// The steps, in order.
    #[schemars(length(min = 1))]
    pub steps: Vec<Located<Step>>,
    /// Markdown: what the reader has when the procedure is done.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    #[serde(default)]
    pub result: Option<Text>,
    /// Sources that support what `result` says (a period, a rule), each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
}

/// One step. Either it is written here (`action` and `cautions`), or it uses a shared step.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = step_needs_a_caution)]
pub struct Step {
    /// Stable id, a slug; it becomes the step's anchor.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// A short action in the imperative, e.g. "약관에 동의하세요".
    #[serde(default)]
    pub action: Option<Text>,
    /// Markdown: more about how to do it.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    #[serde(default)]
    pub detail: Option<Text>,
    /// True when the step can be skipped.
    #[serde(default)]
    pub optional: bool,
    /// Alternatives the reader picks one of (ARS 인증 or 연락처 인증).
    #[serde(default)]
    pub choices: Vec<Located<Choice>>,
    /// One or more cautions, shown before the action they guard.
    #[serde(default)]
    pub cautions: Vec<Located<Caution>>,
    /// Sources that support what the step says (a fee, a menu path), each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
    /// Id of a shared step to use instead of writing `action` and `cautions` here.
    #[serde(default, rename = "use")]
    pub uses: Option<Text>,
}

/// One alternative of a step.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Short name of the alternative, e.g. ARS 인증.
    pub label: Text,
    /// Markdown: how this alternative goes.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    #[serde(default)]
    pub detail: Option<Text>,
}

/// A caution: written here (`text`), or a reference to a failure-table row or a shared caution.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = one_kind_of_caution)]
pub struct Caution {
    /// Markdown: the caution itself.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    #[serde(default)]
    pub text: Option<Text>,
    /// Id of a row of `failures`; its 대표 실패 원인 and 주의점 become the caution.
    #[serde(default)]
    pub failure: Option<Text>,
    /// Id of an entry of `shared_cautions`.
    #[serde(default)]
    pub shared: Option<Text>,
    /// Sources that support what a written caution says, each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
}

/// A caution written once and referenced from several steps.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedCaution {
    /// Stable id, a slug.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// Markdown: the caution itself.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    pub text: Text,
    /// Sources that support what the caution says, each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
}

/// Which of the three situations a piece of advice is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SituationKind {
    /// 빠른 결론이 필요한 상황
    Quick,
    /// 장기적 안정성이 필요한 상황
    LongTerm,
    /// 정밀 검증이 필요한 상황
    Precise,
}

impl SituationKind {
    /// The key of its label among the interface strings.
    pub fn key(self) -> &'static str {
        match self {
            SituationKind::Quick => "situation_quick",
            SituationKind::LongTerm => "situation_long_term",
            SituationKind::Precise => "situation_precise",
        }
    }
}

/// Advice for one situation.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// quick, long-term or precise.
    pub kind: Located<SituationKind>,
    /// Heading, e.g. "시간과 정보가 부족한 경우".
    pub title: Text,
    /// Markdown: what to do in this situation.
    /// Links may name a guide, procedure or step by id: `guide:ID`, `procedure:ID`, `step:ID`,
    /// `step:GUIDE-ID/ID`.
    pub advice: Text,
    /// Sources that support what the advice says, each with its quote.
    #[serde(default)]
    pub evidence: Vec<Located<Citation>>,
}

/// A row of the failure table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureRow {
    /// Stable id, a slug, referenced by cautions with `failure:`.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// 유리한 상황
    pub situation: Text,
    /// 대표 실패 원인
    pub cause: Text,
    /// 주의점
    pub caution: Text,
}

/// A row of the checklist table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRow {
    /// 추천 상황
    pub situation: Text,
    /// 막히는 지점
    pub blocker: Text,
    /// 회피 팁
    pub tip: Text,
}

/// When a checklist group is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Moment {
    /// 발급 전
    Before,
    /// 발급 중
    During,
    /// 발급 후
    After,
}

impl Moment {
    /// The key of its label among the interface strings.
    pub fn key(self) -> &'static str {
        match self {
            Moment::Before => "moment_before",
            Moment::During => "moment_during",
            Moment::After => "moment_after",
        }
    }

    /// As the guide file writes it, for messages to authors: they name what the author
    /// wrote, in whatever language the pages show it.
    pub fn name(self) -> &'static str {
        match self {
            Moment::Before => "before",
            Moment::During => "during",
            Moment::After => "after",
        }
    }
}

/// How a checklist group is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Read an item, then do it.
    ReadDo,
    /// Do everything, then confirm each item.
    DoConfirm,
}

impl Mode {
    /// The key of its label among the interface strings.
    pub fn key(self) -> &'static str {
        match self {
            Mode::ReadDo => "mode_read_do",
            Mode::DoConfirm => "mode_do_confirm",
        }
    }
}

/// A group of checklist items for one moment.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistGroup {
    /// before, during or after issuing.
    pub moment: Located<Moment>,
    /// read-do or do-confirm.
    pub mode: Located<Mode>,
    /// Optional heading; the moment's name is used when it is missing.
    #[serde(default)]
    pub title: Option<Text>,
    /// The items. Keep a group to 9 items or fewer.
    #[schemars(length(min = 1))]
    pub items: Vec<Located<ChecklistItem>>,
}

/// One box on the checklist. State the expected state, not a bare "확인".
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable id, a slug; it keys the tick kept in the browser.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// The expected state, e.g. "휴대폰 번호가 최신으로 등록되어 있다".
    pub text: Text,
}

/// For editors, as `check` says it: a step written here has an action and at least one
/// caution; a step that uses a shared step has them there.
fn step_needs_a_caution(schema: &mut Schema) {
    schema.insert("if".into(), json!({ "not": { "required": ["use"] } }));
    schema.insert(
        "then".into(),
        json!({
            "required": ["action", "cautions"],
            "properties": { "cautions": { "minItems": 1 } }
        }),
    );
}

/// For editors: a caution is exactly one of `text`, `failure` and `shared`.
fn one_kind_of_caution(schema: &mut Schema) {
    schema.insert(
        "oneOf".into(),
        json!([
            { "required": ["text"] },
            { "required": ["failure"] },
            { "required": ["shared"] }
        ]),
    );
}
