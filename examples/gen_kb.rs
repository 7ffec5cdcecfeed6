//! Writes a synthetic knowledge base of N guides for benchmarks:
//! `cargo run --release --example gen_kb -- N DIR`.
//!
//! Deterministic (same N, same bytes). Each guide has about 7 KB of Korean text: 2 procedures
//! of 6–8 steps with cautions, two 5-row tables, 3 situations and a 10-item checklist, and it
//! uses every content feature: choices, optional steps, shared steps and cautions, failure-row
//! references, Markdown (emphasis, links, lists), facts with sources and a note, a source with
//! a publisher, checklist groups with and without a title. The benchmarks in `benches/`
//! include this file for [`write_kb`].

use std::fmt::Write as _;
use std::path::Path;

const TOPICS: &[&str] = &[
    "보일러",
    "정수기",
    "에어컨",
    "자전거 체인",
    "텐트",
    "무선 공유기",
    "세탁기 필터",
    "냉장고",
    "현관 도어록",
    "수도 계량기",
    "제습기",
    "공기청정기",
    "블라인드",
    "주방 후드",
    "싱크대 수전",
];
const PARTS: &[&str] = &[
    "전원",
    "연결 부위",
    "고정 나사",
    "필터 덮개",
    "배수 호스",
    "고무 패킹",
    "배선",
    "받침대",
    "밸브",
    "흡입구",
    "배출구",
    "경첩",
    "표시등",
    "손잡이",
];
const ADVERBS: &[&str] = &[
    "천천히",
    "충분히",
    "조심스럽게",
    "한 번 더",
    "꼼꼼하게",
    "단단히",
    "미리",
    "정확하게",
];
const VERBS: &[&str] = &[
    "분리하세요",
    "확인하세요",
    "닦아 내세요",
    "정리하세요",
    "조이세요",
    "교체하세요",
    "점검하세요",
    "기록해 두세요",
];
const REASONS: &[&str] = &[
    "그래야 이후 단계에서 헛수고를 줄일 수 있습니다.",
    "이 과정을 건너뛰면 같은 작업을 처음부터 다시 해야 할 수 있습니다.",
    "작은 차이가 나중에 소음이나 누수로 이어지는 경우가 많습니다.",
    "사진을 찍어 두면 다시 조립할 때 큰 도움이 됩니다.",
    "제조사마다 방식이 조금씩 다르니 설명서를 옆에 두는 편이 좋습니다.",
    "서두르면 부품이 휘거나 나사산이 망가질 수 있습니다.",
    "처음 한 번만 제대로 해 두면 다음부터는 훨씬 수월합니다.",
    "습기가 남아 있으면 냄새와 곰팡이의 원인이 됩니다.",
];
const CAUTIONS: &[&str] = &[
    "뜨거운 상태에서는 손을 대지 마세요.",
    "힘을 과하게 주면 부품이 손상될 수 있습니다.",
    "상태가 평소와 다르면 작업을 멈추고 전문가와 상의하세요.",
    "장갑을 끼고 날카로운 모서리에 주의하세요.",
    "전원이 연결된 상태에서는 절대 분해하지 마세요.",
    "규격이 맞지 않으면 억지로 끼우지 마세요.",
];

/// A small deterministic generator (SplitMix64), so the crate needs no `rand`. Also used by
/// the tests that include this file.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    /// A number from `low` to `high`, both included.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }
}

fn sentence(rng: &mut Rng) -> String {
    format!(
        "{}를 {} {} {}",
        rng.pick(PARTS),
        rng.pick(ADVERBS),
        rng.pick(VERBS),
        rng.pick(REASONS)
    )
}

fn guide(n: usize) -> String {
    let mut rng = Rng(n as u64 + 1);
    let topic_index = (rng.next() % TOPICS.len() as u64) as usize;
    let topic = TOPICS[topic_index];
    let mut y = String::with_capacity(12_000);
    let _ = writeln!(y, "# yaml-language-server: $schema=../guide.schema.json");
    let _ = writeln!(y, "id: guide-{n:05}");
    let _ = writeln!(y, "title: {topic} 관리 안내 {n}");
    // A few certificate types, which the comparison table has a column each for; the
    // guide's topic is its category.
    let _ = writeln!(y, "certificate: 유형{}", n % CERTIFICATE_TYPES);
    let _ = writeln!(y, "category: topic-{topic_index}");
    let _ = writeln!(
        y,
        "summary: |\n  **{topic}**를 안전하게 관리하는 방법입니다. {}\n  {}",
        sentence(&mut rng),
        sentence(&mut rng)
    );
    let _ = writeln!(y, "reviewed: 2026-11-01");
    let _ = writeln!(y, "facts:");
    for (id, label) in [("validity", "유효기간"), ("fee", "수수료")] {
        let _ = writeln!(
            y,
            "  - id: {id}\n    label: {label}\n    value: {} {}\n    source: maker\n    quote: 제조사 안내서의 {label} 항목을 따릅니다.",
            rng.range(1, 5),
            if id == "fee" { "천 원" } else { "년" }
        );
    }
    let _ = writeln!(
        y,
        "    note: 제조사 안내서의 *최신판*을 기준으로 합니다. {}",
        rng.pick(REASONS)
    );
    let _ = writeln!(y, "prepare:\n  - 설명서\n  - 장갑\n  - {}", rng.pick(PARTS));
    let _ = writeln!(
        y,
        "shared_cautions:\n  - id: power-off\n    text: 작업 전에 **전원을 끄세요**. {}",
        rng.pick(REASONS)
    );
    let _ = writeln!(
        y,
        "shared_steps:\n  - id: prepare-space\n    action: 작업 공간을 정리하세요\n    detail: {}\n    cautions:\n      - shared: power-off",
        sentence(&mut rng)
    );
    let _ = writeln!(y, "procedures:");
    for (p, (id, channel)) in [("web", "웹사이트"), ("app", "스마트폰 앱")]
        .into_iter()
        .enumerate()
    {
        let _ = writeln!(
            y,
            "  - id: {id}\n    channel: {channel}\n    title: {channel}에서 진행\n    prepare:\n      - {}\n    steps:",
            rng.pick(PARTS)
        );
        let _ = writeln!(y, "      - id: {id}-prepare\n        use: prepare-space");
        for s in 1..rng.range(6, 8) {
            let _ = writeln!(
                y,
                "      - id: {id}-step-{s}\n        action: {} {}",
                rng.pick(PARTS),
                rng.pick(VERBS)
            );
            let _ = writeln!(
                y,
                "        detail: |\n          {}\n\n          - [설명서](https://example.org/manual/{n}/{p}{s}) 참고",
                sentence(&mut rng)
            );
            if s == 2 {
                let _ = writeln!(
                    y,
                    "        choices:\n          - label: 직접 하기\n          - label: 서비스 요청\n            detail: {}",
                    sentence(&mut rng)
                );
            }
            if s == 3 {
                let _ = writeln!(y, "        optional: true");
            }
            // Steps 1 to 5 use each failure row once (an unused row is a warning); the draw
            // is kept so the rest of the text stays what it was.
            let caution = rng.pick(CAUTIONS);
            let drawn = rng.range(1, 5);
            let _ = writeln!(
                y,
                "        cautions:\n          - text: {caution}\n          - failure: fail-{}",
                if s <= 5 { s } else { drawn }
            );
        }
        let _ = writeln!(y, "    result: {topic} 관리가 끝났습니다.");
    }
    let _ = writeln!(y, "situations:");
    for (kind, title) in [
        ("quick", "시간이 부족한 경우"),
        ("long-term", "오래 쓰려는 경우"),
        ("precise", "꼼꼼히 확인해야 하는 경우"),
    ] {
        let _ = writeln!(
            y,
            "  - kind: {kind}\n    title: {title}\n    advice: {} {}",
            sentence(&mut rng),
            sentence(&mut rng)
        );
    }
    let _ = writeln!(y, "failures:");
    for r in 1..=5 {
        let _ = writeln!(
            y,
            "  - id: fail-{r}\n    situation: {} 점검\n    cause: {} 불량\n    caution: {}",
            rng.pick(PARTS),
            rng.pick(PARTS),
            rng.pick(CAUTIONS)
        );
    }
    let _ = writeln!(y, "checklist_table:");
    for _ in 1..=5 {
        let _ = writeln!(
            y,
            "  - situation: {} 교체 시\n    blocker: {} 고착\n    tip: {}",
            rng.pick(PARTS),
            rng.pick(PARTS),
            rng.pick(REASONS)
        );
    }
    let _ = writeln!(y, "checklist:");
    for (moment, mode, count) in [
        ("before", "read-do", 4),
        ("during", "do-confirm", 3),
        ("after", "do-confirm", 3),
    ] {
        let _ = writeln!(y, "  - moment: {moment}\n    mode: {mode}");
        if moment == "during" {
            let _ = writeln!(y, "    title: 작업하면서 확인할 것");
        }
        let _ = writeln!(y, "    items:");
        for i in 1..=count {
            let _ = writeln!(
                y,
                "      - id: {moment}-{i}\n        text: {}가 준비되어 있다",
                rng.pick(PARTS)
            );
        }
    }
    let _ = writeln!(
        y,
        "sequence:\n  - 작업 공간을 정리합니다\n  - {} {}\n  - 결과를 기록합니다",
        rng.pick(PARTS),
        rng.pick(VERBS)
    );
    let _ = writeln!(
        y,
        "sources:\n  - id: maker\n    title: 제조사 안내서\n    publisher: {topic} 제조사\n    url: https://example.org/maker/{n}\n    checked: 2026-11-01"
    );
    y
}

#[allow(dead_code)]
fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(dir)) = (
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_kb N DIR");
        std::process::exit(2);
    };
    write_kb(count, Path::new(dir))
}

/// Certificate types the guides are spread over.
const CERTIFICATE_TYPES: usize = 8;

/// Writes `count` guides, `site.yaml` (a category a topic) and `terminology.yaml` under
/// `dir/content`.
pub fn write_kb(count: usize, dir: &Path) -> std::io::Result<()> {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("guides"))?;
    let mut site = String::from(
        "title: 벤치마크 안내\ndescription: 생성된 안내서입니다.\nbase_url: https://bench.example.org/\nlanguage: ko\nreview_interval_days: 3650\ncategories:\n",
    );
    for (i, topic) in TOPICS.iter().enumerate() {
        let _ = writeln!(site, "  - id: topic-{i}\n    title: {topic}");
    }
    std::fs::write(content.join("site.yaml"), site)?;
    std::fs::write(
        content.join("terminology.yaml"),
        "terms:\n  - preferred: 공동인증서\n    forbidden: [공인인증서, 공인 인증서]\n    reason: 2020-12-10부터 공동인증서라고 부릅니다.\n  - preferred: OTP\n    forbidden: [OPT, 오티피]\n    reason: 일회용 비밀번호 생성기의 이름입니다.\n  - preferred: 고무 패킹\n    forbidden: [고무패킹, 고무 팩킹]\n    reason: 띄어 쓰고 표준어로 씁니다.\n",
    )?;
    for n in 0..count {
        std::fs::write(
            content.join("guides").join(format!("guide-{n:05}.yaml")),
            guide(n),
        )?;
    }
    Ok(())
}
