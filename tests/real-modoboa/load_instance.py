"""Load the Modoboa instance of the current directory the way `manage.py` does, and check it.

Run by oracle.py in a fresh interpreter (`python -I`, cwd = the case directory, which holds
`instance/` and `.env`). Writes a one-line verdict to ./result ("ok" or the reason) and the
full traceback of a failure to stderr (the case's check.log). Argument: the directory of the
stand-ins for the sites' own apps.
"""

import logging
import os
import sys
import traceback

# Extensions merged into Modoboa or retired, and apps that Modoboa dropped: an upgraded
# file that still makes Django import one of them is wrong even when it loads.
RETIRED = (
    "modoboa_amavis", "modoboa_contacts", "modoboa_radicale", "modoboa_webmail",
    "modoboa_rspamd", "modoboa_postfix_autoreply", "modoboa_sievefilters", "modoboa_stats",
    "modoboa_pdfcredentials", "modoboa_dmarc", "modoboa_imap_migration", "modoboa_admin",
    "modoboa_admin_limits", "modoboa_admin_relaydomains", "south", "ckeditor",
    "ckeditor_uploader",
)


class Failure(Exception):
    """A check that failed without an exception of Django's or the settings' own."""


def like_the_site(stubs):
    """Stand in for what the administrators' servers have and this machine lacks, so that
    only the settings file is under test: their own apps (empty packages, after everything
    installed on sys.path) and their log directories (file handlers open their file when
    first used, not at configuration)."""
    sys.path.append(stubs)
    init = logging.FileHandler.__init__

    def lazy(self, filename, mode="a", encoding=None, delay=True, errors=None):
        init(self, filename, mode, encoding, True, errors)

    logging.FileHandler.__init__ = lazy


def check():
    sys.path.insert(0, os.getcwd())  # what manage.py's directory gives
    os.environ["DJANGO_SETTINGS_MODULE"] = "instance.settings"
    import django

    django.setup()
    imported = [name for name in RETIRED if name in sys.modules]
    if imported:
        raise Failure("retired extension imported: " + ", ".join(imported))

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if settings.FILE_UPLOAD_TEMP_DIR and not os.path.isdir(settings.FILE_UPLOAD_TEMP_DIR):
        settings.FILE_UPLOAD_TEMP_DIR = os.getcwd()  # a directory of the site's server
    call_command("check")
    for alias in settings.DATABASES:
        connections[alias]  # imports the backend and its driver; never connects
    oauth = getattr(settings, "OAUTH2_PROVIDER", None)
    if not (isinstance(oauth, dict) and oauth.get("OIDC_ENABLED")):
        raise Failure("OAUTH2_PROVIDER['OIDC_ENABLED'] is not true")


def one_line(exc):
    """Type and first line of the message; for a SystemCheckError, its first error."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    if type(exc).__name__ == "SystemCheckError" and "ERRORS:" in lines:
        lines = lines[lines.index("ERRORS:") + 1:]
    reason = f"{type(exc).__name__}: {lines[0].strip() if lines else ''}"
    # Where in the settings file it broke, when it broke there.
    settings_py = os.path.join(os.getcwd(), "instance", "settings.py")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == settings_py]
    if isinstance(exc, SyntaxError) and exc.filename == settings_py:
        reason += f" (settings.py:{exc.lineno})"
    elif frames:
        reason += f" (settings.py:{frames[-1].lineno})"
    return reason


def main():
    like_the_site(sys.argv[1])
    try:
        check()
    except BaseException as exc:  # SystemExit too: a settings file may call sys.exit
        traceback.print_exc()
        verdict = one_line(exc)
    else:
        verdict = "ok"
    with open("result", "w", encoding="utf-8") as fp:
        fp.write(verdict + "\n")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
