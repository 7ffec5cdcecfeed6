//! Live reload: the events sent to open pages, and the script `serve` injects into every
//! HTML page it serves. The script exists only here, so it never reaches `site/`.

use crate::diagnostic::Diagnostic;

/// Path of the server-sent event stream.
pub const EVENTS_PATH: &str = "/__stepguide/events";

#[derive(Clone, Debug)]
pub enum Event {
    /// The site was rebuilt: reload the page.
    Reload,
    /// The content has errors: show them.
    Problems(Vec<Diagnostic>),
}

impl Event {
    /// The event in server-sent-events wire format.
    pub fn encode(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
            Event::Problems(list) => {
                // JSON has no raw newlines, so it fits on one `data:` line.
                let data = serde_json::to_string(list).unwrap_or_else(|_| "[]".to_string());
                format!("event: problems\ndata: {data}\n\n")
            }
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

/// Reloads on `reload`; on `problems` shows an overlay with the same diagnostics as `check`.
const SCRIPT: &str = r#"<script>
(function () {
  var source = new EventSource("/__stepguide/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) {
    var list = JSON.parse(event.data);
    var old = document.getElementById("stepguide-problems");
    if (old) old.remove();
    var box = document.createElement("section");
    box.id = "stepguide-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:2147483647;margin:0;" +
      "padding:1.5rem;background:rgba(20,20,20,.96);color:#fff;font:15px/1.5 monospace;";
    var title = document.createElement("h2");
    title.textContent = "stepguide: the content has " + list.length +
      (list.length === 1 ? " error" : " errors");
    title.style.cssText = "color:#ff8a80;font:bold 18px/1.4 sans-serif;margin:0 0 1rem";
    box.appendChild(title);
    list.forEach(function (d) {
      var item = document.createElement("pre");
      item.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      item.textContent = d.file + ":" + d.line + ":" + d.col + ": " + d.severity + "[" +
        d.rule + "]: " + d.message + (d.hint ? "\n  help: " + d.hint : "");
      box.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "Fix the file and this goes away. Until then the last good pages stay served.";
    note.style.cssText = "font-family:sans-serif;color:#ccc";
    box.appendChild(note);
    document.body.appendChild(box);
  });
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
