"""Say plainly which system libraries are missing instead of failing later with a stack trace."""

import sys

try:
    import weasyprint  # noqa: F401
except OSError as exc:
    sys.exit(
        "WeasyPrint cannot load the Pango library it needs to make PDF files.\n"
        "On Debian/Ubuntu install: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\n"
        "(Fedora: pango; macOS: brew install pango). Details: " + str(exc)
    )
