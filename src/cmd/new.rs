//! `stepguide new`: a guide skeleton that passes `check`, for authors to fill in.

use crate::content::GUIDES_DIR;
use crate::lint::ids::is_slug;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide's id: lowercase letters, digits and single hyphens.
    pub guide_id: String,
    /// Project folder holding `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let path = write(&args.root, &args.guide_id)?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes the skeleton of guide `id` under `root`; never replaces a file.
pub fn write(root: &Path, id: &str) -> Result<PathBuf> {
    if !is_slug(id) {
        bail!(
            "`{id}` is not a safe guide id: use lowercase letters, digits and single hyphens, \
             e.g. `{}`",
            crate::lint::ids::slugify(id)
        );
    }
    let dir = root.join(GUIDES_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{id}.yaml"));
    // `create_new` refuses to replace a file, even one created since we looked.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| {
            format!(
                "cannot create {} (an existing guide is never overwritten)",
                path.display()
            )
        })?;
    let date = crate::lint::dates::format_date(crate::lint::dates::today());
    file.write_all(skeleton(id, &date).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

fn skeleton(id: &str, date: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../guide.schema.json
id: {id}
title: 새 안내서 제목
certificate: 인증서 종류
summary: |
  이 안내서가 무엇을 돕는지 한두 문장으로 씁니다.
reviewed: {date}
facts:
  - id: validity
    label: 유효기간
    value: 발급일로부터 1년
    source: official
prepare:
  - 신분증
procedures:
  - id: web
    channel: 웹사이트
    title: 웹사이트에서 발급
    steps:
      - id: open-site
        action: 홈페이지에 접속합니다
        cautions:
          - text: 주소창의 주소가 공식 사이트인지 확인합니다
    result: 인증서가 발급됩니다.
situations:
  - kind: quick
    title: 빠른 결론이 필요한 상황
    advice: 필요한 정보를 미리 준비합니다.
failures:
  - id: wrong-info
    situation: 정확한 정보 입력
    cause: 잘못된 정보 입력
    caution: 입력한 정보를 다시 확인합니다
checklist_table:
  - situation: 인증서 사용 전
    blocker: 유효성 미확인
    tip: 발급 후 바로 확인합니다
checklist:
  - moment: before
    mode: read-do
    items:
      - id: id-card-ready
        text: 신분증이 손에 있다
sequence:
  - 홈페이지에 접속합니다
sources:
  - id: official
    title: 공식 안내 페이지
    checked: {date}
"#
    )
}
