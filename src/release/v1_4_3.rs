//! 1.4.3: no change to settings.py (the template's X_FRAME_OPTIONS became 'SAMEORIGIN'; no
//! upgrade note asks for it).

use super::{Release};

pub static RELEASE: Release = Release::new("1.4.3", "bug fixes");
