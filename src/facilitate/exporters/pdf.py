"""PDF made by a real engine the laptop has: LibreOffice from the ODT (tagged PDF, with the
document's title and language), else a Chromium-family browser printing the HTML.

`FACILITATE_PDF_ENGINE` picks one ("libreoffice", "chromium", or a program's path). The engine
never uses the user's own profile, so a LibreOffice or a browser already open on the laptop is
neither disturbed nor waited for: LibreOffice gets a profile of its own kept in the user's
cache folder (making one costs a second or two), used by one export at a time (another export
running at the same moment gets a temporary one); the browser, a temporary one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitate.i18n import t
from facilitate.report.document import Document

TIMEOUT_S = 180
SOFFICE = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
CHROMIUM = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "brave-browser",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
)
# LibreOffice's PDF export: tagged (structure, reading order, alternative text), and the
# viewer shows the document's title rather than the file name.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"}}'
)


class PdfUnavailable(RuntimeError):
    """Neither LibreOffice nor a Chromium-family browser is installed."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__(t("pdf.missing", lang))


class PdfError(RuntimeError):
    """The engine ran but made no PDF."""


@dataclass(frozen=True)
class Engine:
    kind: str  # "libreoffice" or "chromium"
    path: str

    @property
    def name(self) -> str:
        return "LibreOffice" if self.kind == "libreoffice" else Path(self.path).name


def _which(candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
        if (os.sep in name or "\\" in name) and Path(name).is_file():
            return name
    return None


def find_engine() -> Engine | None:
    """LibreOffice first (the ODT is the document the facilitator signs), else a browser."""
    wanted = os.environ.get("FACILITATE_PDF_ENGINE", "").strip()
    if wanted and wanted not in ("libreoffice", "chromium"):
        kind = (
            "chromium"
            if any(x in wanted.lower() for x in ("chrom", "edge", "brave"))
            else ("libreoffice")
        )
        return Engine(kind, wanted) if Path(wanted).exists() or shutil.which(wanted) else None
    if wanted != "chromium":
        soffice = _which(SOFFICE)
        if soffice:
            return Engine("libreoffice", soffice)
        if wanted == "libreoffice":
            return None
    browser = _which(CHROMIUM)
    return Engine("chromium", browser) if browser else None


def render_pdfs(
    docs: list[Document], *, lang: str = "en", engine: Engine | None = None
) -> list[bytes]:
    """Each document as PDF bytes, in order. Raises `PdfUnavailable` with what to install."""
    engine = engine or find_engine()
    if engine is None:
        raise PdfUnavailable(lang)
    with tempfile.TemporaryDirectory(prefix="facilitate-pdf-") as tmp:
        folder = Path(tmp)
        names = [f"document-{k}{d.suffix}" for k, d in enumerate(docs)]
        if engine.kind == "libreoffice":
            return _libreoffice(engine, docs, names, folder, lang)
        return _chromium(engine, docs, names, folder, lang)


def _run(engine: Engine, args: list[str], lang: str) -> None:
    try:
        done = subprocess.run(
            args, capture_output=True, timeout=TIMEOUT_S, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfError(t("pdf.failed", lang, engine=engine.name, why=exc)) from exc
    if done.returncode != 0:
        why = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise PdfError(
            t("pdf.failed", lang, engine=engine.name, why=why[-1] if why else done.returncode)
        )


def _libreoffice(
    engine: Engine, docs: list[Document], names: list[str], folder: Path, lang: str
) -> list[bytes]:
    from facilitate.exporters import odt

    sources = []
    for doc, name in zip(docs, names, strict=True):
        path = folder / f"{name}.odt"
        path.write_bytes(odt.render_document(doc))
        sources.append(str(path))
    with _profile(folder) as profile:
        _run(
            engine,
            [
                engine.path,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",  # our own lock guards the kept profile
                "--convert-to",
                PDF_FILTER,
                "--outdir",
                str(folder / "pdf"),
                *sources,
            ],
            lang,
        )
    return [_read(folder / "pdf" / f"{name}.pdf", engine, lang) for name in names]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "facilitate"


@contextlib.contextmanager
def _profile(folder: Path) -> Iterator[Path]:
    """LibreOffice's profile for this run: the kept one when no other export holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: a temporary profile each time
        yield folder / "profile"
        return
    try:
        cache = _cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        lock = open(cache / "libreoffice-profile.lock", "w")  # noqa: SIM115 - held until done
    except OSError:
        yield folder / "profile"
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another export is converting right now
            yield folder / "profile"
            return
        try:
            yield cache / "libreoffice-profile"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _chromium(
    engine: Engine, docs: list[Document], names: list[str], folder: Path, lang: str
) -> list[bytes]:
    from facilitate.exporters import html

    procs = []
    for doc, name in zip(docs, names, strict=True):
        page = folder / f"{name}.html"
        page.write_text(html.render_document(doc), encoding="utf-8")
        args = [
            engine.path,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--user-data-dir={folder / ('profile-' + name)}",
            f"--print-to-pdf={folder / (name + '.pdf')}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # the sandbox refuses to run as root (containers)
        procs.append(args + [page.as_uri()])
    for args in procs:
        _run(engine, args, lang)
    return [_read(folder / f"{name}.pdf", engine, lang) for name in names]


def _read(path: Path, engine: Engine, lang: str) -> bytes:
    if not path.is_file() or path.stat().st_size == 0:
        raise PdfError(t("pdf.failed", lang, engine=engine.name, why=f"no {path.name}"))
    return path.read_bytes()
