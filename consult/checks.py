"""System checks: the PDF documents need a CJK font on the machine."""

import shutil
import subprocess

from django.core import checks


@checks.register(checks.Tags.compatibility)
def cjk_font_installed(app_configs=None, **kwargs):
    if shutil.which("fc-list") is None:
        return [checks.Warning("fc-list not found; cannot verify a CJK font", id="consult.W001")]
    out = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if not out.strip():
        return [
            checks.Error(
                "No Chinese (CJK) font is installed: PDFs would show empty boxes.",
                hint="apt-get install fonts-noto-cjk",
                id="consult.E001",
            )
        ]
    return []
