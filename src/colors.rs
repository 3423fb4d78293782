//! ANSI colours, or none: the one switch that the diff, the summaries and the error reports
//! share (below [`crate::error`], which renders with it; [`crate::report`] re-exports it).

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Colors(pub bool);

impl Colors {
    /// `s` in the style `code`, appended to `out`.
    pub(crate) fn paint_into(&self, out: &mut String, code: &str, s: &str) {
        if self.0 {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(s);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(s);
        }
    }

    /// `s` in the style `code`.
    pub(crate) fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}
