"""No page depends on an emoji font: symbols that some systems draw as empty boxes or in colour
(⚠ ✓ ✗ 🚫 and the like) are drawn by components/icon.html instead."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Emoji, dingbats and miscellaneous symbols (⚠ ✓ ✗ ✅ ❌ 🚫 ★ ☑ ...).
SYMBOLS = re.compile("[\u2600-\u27bf\u2b50\u2b55\U0001f300-\U0001faff]")


def test_no_template_or_script_uses_a_symbol_an_emoji_font_must_draw():
    found = []
    for folder, pattern in (("templates", "*.html"), ("templates", "*.txt"),
                            ("static/js", "*.js"), ("static/css", "*.css")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            if "vendor" in path.parts or path.name == "icon.html":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SYMBOLS.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == []
