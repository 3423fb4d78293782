//! 1.7.2, CKEditor and Django REST framework 3.6: ckeditor and rest_framework applications,
//! session authentication for the API, no more swagger, the CKEDITOR_* settings.

use super::marks::*;
use super::names::INSTALLED_APPS;
use super::{task, Op, Release, Step, Target};
use crate::ops::{At, Place};

const AUTH_CLASSES: &str = "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']";
const TOKEN: &str = "rest_framework.authentication.TokenAuthentication";
const SESSION_AUTH: &str = "rest_framework.authentication.SessionAuthentication";

pub static RELEASE: Release = Release::new("1.7.2", "CKEditor, REST framework")
    .steps(&[
        Step::new(
            "1.7.2/installed-apps",
            "INSTALLED_APPS: add 'ckeditor', 'ckeditor_uploader' and 'rest_framework' before 'rest_framework.authtoken'; remove the swagger application",
            &[
                Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "ckeditor", at: At::between(&["reversion"], &["rest_framework.authtoken"]) },
                Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "ckeditor_uploader", at: At::between(&["ckeditor"], &["rest_framework.authtoken"]) },
                Op::Ensure { target: Target::Name(INSTALLED_APPS), value: "rest_framework", at: At::between(&["ckeditor_uploader"], &["rest_framework.authtoken"]) },
                Op::Remove { target: Target::Name(INSTALLED_APPS), value: "rest_framework_swagger" },
                Op::Remove { target: Target::Name(INSTALLED_APPS), value: "rest_framework.swagger" },
            ],
        ),
        Step::new(
            "1.7.2/rest-framework",
            "REST_FRAMEWORK: authentication by token then session; the 1.4.0 DEFAULT_PERMISSION_CLASSES goes (a value of your own is reported)",
            &[
                Op::MergeDict {
                    path: "REST_FRAMEWORK",
                    template: "{\n    'DEFAULT_AUTHENTICATION_CLASSES': (\n        'rest_framework.authentication.TokenAuthentication',\n        'rest_framework.authentication.SessionAuthentication',\n    ),\n}",
                },
                Op::Ensure { target: Target::Path(AUTH_CLASSES), value: TOKEN, at: At::FIRST },
                Op::Ensure { target: Target::Path(AUTH_CLASSES), value: SESSION_AUTH, at: At::after(&[TOKEN]) },
                Op::RemoveKeyIf {
                    path: "REST_FRAMEWORK",
                    key: "DEFAULT_PERMISSION_CLASSES",
                    value: "('rest_framework.permissions.IsAuthenticated',)",
                },
            ],
        ),
        Step::new(
            "1.7.2/swagger-settings",
            "delete SWAGGER_SETTINGS",
            &[Op::Delete { name: "SWAGGER_SETTINGS" }],
        ),
        Step::new(
            "1.7.2/ckeditor",
            "add the CKEDITOR_* settings (upload path, image backend, the Modoboa toolbar)",
            &[Op::AddBlock {
                block: CKEDITOR,
                place: Place::after(&["LOGGING"]),
            }],
        ),
    ])
    .manual(&[task("python manage.py collectstatic")])
    .marks(&[
        app("ckeditor").generic().until("2.4.0"),
        app("ckeditor_uploader").generic().until("2.4.0"),
        name("CKEDITOR_UPLOAD_PATH")
            .generic()
            .until("2.4.0")
            .optional(),
        name("CKEDITOR_CONFIGS").generic().until("2.4.0").optional(),
        // As REST_FRAMEWORK at 1.4.0: a user's own `rest_framework` places no file.
        app("rest_framework").generic().check_only(),
    ]);

/// The guide's CKEditor settings, with their comment.
const CKEDITOR: &str = r#"# CKeditor

CKEDITOR_UPLOAD_PATH = "uploads/"

CKEDITOR_IMAGE_BACKEND = "pillow"

CKEDITOR_RESTRICT_BY_USER = True

CKEDITOR_BROWSE_SHOW_DIRS = True

CKEDITOR_ALLOW_NONIMAGE_FILES = False

CKEDITOR_CONFIGS = {
    'default': {
        'allowedContent': True,
        'toolbar': 'Modoboa',
        'width': None,
        'toolbar_Modoboa': [
            ['Bold', 'Italic', 'Underline'],
            ['JustifyLeft', 'JustifyCenter', 'JustifyRight', 'JustifyBlock'],
            ['BidiLtr', 'BidiRtl', 'Language'],
            ['NumberedList', 'BulletedList', '-', 'Outdent', 'Indent'],
            ['Undo', 'Redo'],
            ['Link', 'Unlink', 'Anchor', '-', 'Smiley'],
            ['TextColor', 'BGColor', '-', 'Source'],
            ['Font', 'FontSize'],
            ['Image', ],
            ['SpellChecker']
        ],
    },
}
"#;
