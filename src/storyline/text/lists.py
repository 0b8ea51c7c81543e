"""The word lists shipped in ``text/data/`` (the format is in data/README.txt)."""

from __future__ import annotations

from functools import cache
from importlib import resources

# words before a name that make no other name of it ("Chief Executive Kay Lund" is "Kay Lund")
TITLES = frozenset("mr mrs ms dr sir president vice prime minister chief executive secretary general attorney sen senator gov "
                   "governor rep judge mayor king queen prince pope".split())  # fmt: skip
# a reporter's job, which ends a byline's title ("Health and Science Editor", "Washington Correspondent")
NEWSROOM = frozenset("editor correspondent reporter columnist writer producer presenter".split())


@cache
def entries(name: str) -> tuple[tuple[str, str, str], ...]:
    """(form, what it stands for or "", mark or "") of each line of a list:
    "AA = Anadolu [source]" -> ("AA", "Anadolu", "source"), "Reuters" -> ("Reuters", "", "")."""
    text = (resources.files("storyline.text") / "data" / f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        mark = ""
        if line.endswith("]") and "[" in line:
            line, _, mark = line[:-1].rpartition("[")
        form, _, target = line.partition("=")
        out.append((form.strip(), target.strip(), mark.strip()))
    return tuple(out)


@cache
def place_names() -> frozenset[str]:
    """The countries, cities and regions of the lists, lowercased as written ("los angeles", "port-au-prince")."""
    return frozenset(form.lower() for name in ("countries", "cities", "regions") for form, _, _ in entries(name))
