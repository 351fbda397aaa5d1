"""Hatchling build hook: the wheel carries each language's compiled catalogue (`.mo`).

The `.po` files under src/facilitate/locale are the sources; the `.mo` files are never
committed (see .gitignore). A source tree or an editable install compiles them at first use
(`facilitate.i18n`); a wheel has them compiled here, with Babel, so an installed package never
writes beside itself. Hook interface: https://hatch.pypa.io/latest/plugins/build-hook/reference/
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src/facilitate/locale")


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # the editable install compiles at first use, from the tree it points at
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._out = Path(tempfile.mkdtemp(prefix="facilitate-mo-"))
        for po in sorted((Path(self.root) / LOCALE).glob("*/LC_MESSAGES/*.po")):
            lang = po.parent.parent.name
            with po.open("rb") as source:
                catalog = read_po(source, locale=lang)
            mo = self._out / lang / po.with_suffix(".mo").name
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as out:
                write_mo(out, catalog)
            build_data["force_include"][str(mo)] = f"facilitate/locale/{lang}/LC_MESSAGES/{mo.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
