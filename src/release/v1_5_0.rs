//! 1.5.0, Django 1.9, API documentation: the swagger application and SWAGGER_SETTINGS; a
//! TEMPLATE_CONTEXT_PROCESSORS built on Django's defaults adds a list (they are lists in 1.9).

use super::marks::*;
use super::names::INSTALLED_APPS;
use super::{Op, Release, Step, Target};
use crate::ops::{At, Place};

/// The SWAGGER_SETTINGS of the guide.
const SWAGGER_SETTINGS: &str = "{
    'is_authenticated': False,
    'api_version': '1.0',
    'exclude_namespaces': [],
    'info': {
        'contact': 'contact@modoboa.com',
        'description': ('Modoboa API, requires a valid token.'),
        'title': 'Modoboa API',
    }
}";

pub static RELEASE: Release = Release::new("1.5.0", "Django 1.9, API documentation")
    .steps(&[
        Step::new(
            "1.5.0/swagger-app",
            "add 'rest_framework_swagger' to INSTALLED_APPS (the API documentation)",
            &[
                // The 1.5.0 template's misspelling, fixed by 1.5.1.
                Op::Rename { target: Target::Name(INSTALLED_APPS), from: "rest_framework.swagger", to: "rest_framework_swagger" },
                Op::Ensure {
                    target: Target::Name(INSTALLED_APPS),
                    value: "rest_framework_swagger",
                    at: At::after(&["rest_framework.authtoken"]),
                },
            ],
        ),
        Step::new(
            "1.5.0/swagger-settings",
            "add SWAGGER_SETTINGS after REST_FRAMEWORK; a user's own keys kept",
            &[
                Op::AddBlock {
                    block: "SWAGGER_SETTINGS = {\n    'is_authenticated': False,\n    'api_version': '1.0',\n    'exclude_namespaces': [],\n    'info': {\n        'contact': 'contact@modoboa.com',\n        'description': ('Modoboa API, requires a valid token.'),\n        'title': 'Modoboa API',\n    }\n}",
                    place: Place::after(&["REST_FRAMEWORK"]),
                },
                Op::MergeDict { path: "SWAGGER_SETTINGS", template: SWAGGER_SETTINGS },
            ],
        ),
        Step::new(
            "1.5.0/context-processors-list",
            "TEMPLATE_CONTEXT_PROCESSORS: Django's defaults plus a list, not a tuple",
            &[Op::SumLiteralsAsLists { name: "TEMPLATE_CONTEXT_PROCESSORS" }],
        ),
    ])
    .marks(&[
        app("rest_framework_swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        app("rest_framework.swagger")
            .generic()
            .until("1.7.2")
            .optional(),
        name("SWAGGER_SETTINGS").generic().until("1.7.2"),
    ]);
