//! Live reload: the events sent to open pages, and the script `serve` adds to every HTML page
//! it serves, which reloads the page and shows problems. The script exists only here, so it
//! never reaches `site/`.

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::report::{self, Format};
use axum::response::sse;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Path of the server-sent event stream.
pub const EVENTS_PATH: &str = "/__stepguide/events";

#[derive(Clone)]
pub enum Event {
    /// The site changed: reload the page.
    Reload,
    /// The content has problems: show them. JSON made once for every page.
    Problems(Arc<str>),
}

impl Event {
    /// The `problems` event for these diagnostics, or `None` when there are none. Each
    /// severity's text is what `check` prints for it (without colour): the source line, the
    /// caret under the problem, the message and the hint.
    pub fn problems(
        diagnostics: &[Diagnostic],
        summary: &Summary,
        sources: &BTreeMap<String, String>,
    ) -> Option<Event> {
        if diagnostics.is_empty() {
            return None;
        }
        let text = |severity: Severity| {
            let some: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .cloned()
                .collect();
            if some.is_empty() {
                return String::new();
            }
            report::render(Format::Human, &some, summary, sources, false)
        };
        let json = serde_json::json!({
            "diagnostics": diagnostics,
            "errors": text(Severity::Error),
            "warnings": text(Severity::Warning),
        });
        Some(Event::Problems(json.to_string().into()))
    }

    pub fn sse(&self) -> sse::Event {
        match self {
            Event::Reload => sse::Event::default().event("reload").data("{}"),
            Event::Problems(json) => sse::Event::default().event("problems").data(&**json),
        }
    }
}

/// Inserts the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let marker = b"</body>";
    let at = html
        .windows(marker.len())
        .rposition(|window| window == marker)
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page at the address of a guide that has errors and so no page yet (or of any page
/// when nothing could be built): it carries the script, which shows the overlay.
pub fn placeholder() -> Vec<u8> {
    inject(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>stepguide: this page has errors</title></head>\n<body><main>\
         <h1>This page has errors</h1><p>Fix the content and this page reloads.</p>\
         </main></body></html>\n"
            .as_bytes(),
    )
}

/// Reloads on `reload`. On `problems`, shows the errors in an overlay over the page, and
/// warnings, less loudly, in a panel at its foot; both can be closed.
const SCRIPT: &str = r#"<script>
(function () {
  var source = new EventSource("/__stepguide/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) {
    var problems = JSON.parse(event.data);
    var count = function (severity) {
      return problems.diagnostics.filter(function (d) { return d.severity === severity; }).length;
    };
    show("stepguide-problems", problems.errors, count("error"), "error",
      "position:fixed;inset:0;z-index:2147483647;background:#141414;color:#fff;padding:1.5rem;font:15px/1.5 monospace;");
    show("stepguide-warnings", problems.warnings, count("warning"), "warning",
      "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;" +
      "background:#fff8e1;color:#222;border-top:3px solid #f9a825;padding:.5rem 1rem;font:13px/1.4 monospace;");
  });
  function show(id, text, n, noun, style) {
    var old = document.getElementById(id);
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement("section");
    box.id = id;
    box.setAttribute("role", noun === "error" ? "alert" : "status");
    box.style.cssText = style + "overflow:auto;margin:0;";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem;cursor:pointer";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    var title = document.createElement("h2");
    title.textContent = "stepguide: " + n + " " + noun + (n === 1 ? "" : "s");
    title.style.cssText = "font:bold 1.1em/1.4 sans-serif;margin:0 0 .5rem";
    box.appendChild(title);
    var report = document.createElement("pre");
    report.textContent = text;
    report.style.cssText = "white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font:inherit";
    box.appendChild(report);
    if (noun === "error") {
      var note = document.createElement("p");
      note.textContent = "Fix the file and the page reloads. The pages that built are served meanwhile.";
      note.style.cssText = "font-family:sans-serif;color:#ccc";
      box.appendChild(note);
    }
    document.body.appendChild(box);
  }
})();
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<p>x</p><script>"));
        assert!(page.ends_with("</script>\n</body></html>"));
    }
}
