"""Babel extraction of the message keys the code and the templates use (the `.pot` template).

`python -m facilitate.i18n.extract` writes ``src/facilitate/locale/facilitate.pot`` and lists
the keys the code uses that a `.po` file lacks. The mapping is the repository's ``babel.cfg``
(Python files, Jinja templates); the keywords are the lookups of `facilitate.i18n`: ``t(key)``,
``tr(key)`` (screens' and templates' shorthand), ``nt(key, n)`` and ``plural(key, n)`` (counted,
one key for all the forms), ``pt(context, key)``, ``Message(key)`` and ``Counted(key, n)``
(what errors carry). A key built at run time (``t(f"power.{p}")``)
is not extracted: the `.po` files are the complete list, the `.pot` what the code names as is.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from itertools import product
from typing import IO

from facilitate.i18n import LOCALE_DIR, messages

SRC = LOCALE_DIR.parent
KEYWORDS: dict[str, tuple[object, ...]] = {
    "t": (1,),
    "tr": (1,),
    "nt": (1, 1),
    "ntr": (1, 1),  # templates' counted shorthand
    "plural": (1, 1),
    "pt": ((1, "c"), 2),
    "Message": (1,),  # an error's reason, worded later (facilitate.i18n.Message)
    "Counted": (1, 1),
}
METHODS = [
    ("**/templates/**.html", "jinja2"),
    ("**.py", "facilitate.i18n.extract:extract_python"),
]


def _literals(node: ast.expr) -> list[str | None]:
    """The keys an argument can be: a string, either branch of `"a" if c else "b"`, or None
    (built at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return [None]


def extract_python(
    fileobj: IO[bytes], keywords: Iterable[str], comment_tags: object, options: object
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """A Babel extractor for Python through the `ast` module: each call of a keyword with its
    literal arguments, one message per branch of a conditional key (Babel's own extractor
    joins the two strings)."""
    names = set(keywords)
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in names:
            continue
        arguments = [_literals(arg) for arg in node.args[:2]]
        for combination in product(*arguments):
            yield node.lineno, name, tuple(combination), []


def extracted() -> Iterator[tuple[str, str | None, bool, str]]:
    """(key, context, counted, where) for each literal key in the code and the templates."""
    from babel.messages.extract import extract_from_dir

    found = extract_from_dir(
        str(SRC),
        method_map=METHODS,
        options_map={"**/templates/**.html": {}},
        keywords=KEYWORDS,  # type: ignore[arg-type]
    )
    for filename, line, message, _comments, context in found:
        key = message if isinstance(message, str) else message[0]
        if key:
            yield key, context, not isinstance(message, str), f"{filename}:{line}"


def pot() -> object:
    """The `.pot` catalogue of the extracted keys."""
    from babel.messages.catalog import Catalog

    from facilitate import __version__

    catalog = Catalog(
        project="facilitate",
        version=__version__,
        copyright_holder="the facilitate authors",
        domain="facilitate",
        fuzzy=False,
    )
    for key, context, counted, where in extracted():
        file, line = where.rsplit(":", 1)
        catalog.add((key, key) if counted else key, locations=[(file, int(line))], context=context)
    return catalog


def missing(lang: str) -> list[str]:
    """The extracted keys `lang`'s `.po` file lacks (or has as a plain / counted message when
    the code uses it the other way)."""
    have = messages(lang)
    out = []
    for key, context, counted, where in extracted():
        forms = have.get(f"{context}|{key}" if context else key)
        if key.endswith(".") or key.startswith("{"):
            continue  # a prefix completed at run time ("tui.key." + action)
        if forms is None or (len(forms) > 1) != counted:
            out.append(f"{where}: {key}" + (f" (context {context})" if context else ""))
    return out


def main() -> int:
    from babel.messages.pofile import write_po

    with (LOCALE_DIR / "facilitate.pot").open("wb") as out:
        write_po(out, pot(), width=0, omit_header=False, sort_output=True)  # type: ignore[arg-type]
    problems = sorted({p for lang in ("fr", "en") for p in missing(lang)})
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
