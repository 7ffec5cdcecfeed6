//! Rule `duplicate-certificate`: each guide is a column of the comparison table, headed by
//! its `certificate`, so two guides with the same one give two columns a reader cannot tell
//! apart.

use crate::content::Text;
use crate::diagnostic::{Diagnostic, Rule};
use crate::nfc::nfc;
use std::collections::HashMap;

/// `guides` are (file, certificate) in the order of their files; each repeat is reported at
/// the later guide, naming the first.
pub fn check<'g>(guides: impl IntoIterator<Item = (&'g str, &'g Text)>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, (&str, &Text)> = HashMap::new();
    for (file, certificate) in guides {
        let key = nfc(certificate.trim()).into_owned();
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            None => {
                first.insert(key, (file, certificate));
            }
            Some((first_file, first_certificate)) => out.push(
                Diagnostic::new(
                    Rule::DuplicateCertificate,
                    file,
                    certificate.pos,
                    format!(
                        "certificate `{}` is also the certificate of {first_file}:{}, so the \
                         comparison table would have two columns named `{}`",
                        certificate.value, first_certificate.pos.line, certificate.value
                    ),
                )
                .width(certificate.width)
                .hint(
                    "name what sets this guide apart, e.g. `금융인증서 (앱)`, or merge the two \
                     guides into one with a procedure for each channel",
                ),
            ),
        }
    }
}
