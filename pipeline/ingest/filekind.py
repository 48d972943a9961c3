"""A manuscript file that is no readable .docx -> what it is and what to do, in production staff's words.

Authors send what their software saved: an old .doc, a file protected with a password, a PDF, a web page or
RTF renamed .docx, an OpenDocument file, Word's XML formats, the lock file Word leaves beside an open
document. Each is recognised from its content (the name can lie) and named, with the step that gets a .docx.
The zip library's and pandoc's own messages are translated here too, never shown as they are.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import olefile

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: Word 97-2003, and Office files with a password
SAVE_AS_DOCX = "open it in Word and save it as Word Document (.docx)"
ASK_AGAIN = "ask the author to send the file again"


def diagnose(path: Path, problem: BaseException | None = None) -> str:
    """Why a file that is not a zip (or not a readable one) is no .docx."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError:
        return "this is a folder, not a Word file"
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"
    if not head:
        return f"the file is empty (0 bytes): {ASK_AGAIN}"
    if path.name.startswith("~$") and not head.startswith(b"PK"):
        return ("this is a lock file that Word leaves beside a document while it is open (its name starts with "
                "“~$”), not a manuscript: use the document of the same name without “~$” (Word may have dropped "
                "its first letters too) and delete this file")
    if head.startswith(OLE_SIGNATURE):
        return _compound_file(path)
    if head.startswith(b"{\\rtf"):
        return f"this is a Rich Text (RTF) file, not a .docx: {SAVE_AS_DOCX}"
    if head.startswith(b"%PDF"):
        return "this is a PDF, not a .docx: ask for the Word file of the manuscript"
    if head.startswith(b"PK"):
        return f"the file is a damaged or incomplete Word file ({zip_problem(problem)}): {ASK_AGAIN}"
    text = _text(head)
    if text is not None:
        return _text_kind(text)
    return (f"this is not a Word .docx file that can be opened (its content is no format the pipeline knows): "
            f"{ASK_AGAIN}, saved from Word as Word Document (.docx)")


def not_word_package(path: Path, names: list[str]) -> str:
    """Why a zip file with no Word document in it is no .docx."""
    lowered = {n.lower() for n in names}
    if "mimetype" in lowered:
        kind = _mimetype(path)
        if kind.startswith("application/vnd.oasis.opendocument.text"):
            return (f"this is an OpenDocument text (.odt, from LibreOffice or OpenOffice), not a .docx: open it and "
                    f"save it as Word 2007-365 (.docx), or {SAVE_AS_DOCX}")
        if kind.startswith("application/vnd.oasis.opendocument"):
            return f"this is an OpenDocument file ({kind}), not a Word document: ask for the Word file"
    if "xl/workbook.xml" in lowered:
        return "this is an Excel workbook, not a Word document: ask for the Word file of the manuscript"
    if "ppt/presentation.xml" in lowered:
        return "this is a PowerPoint presentation, not a Word document: ask for the Word file of the manuscript"
    return ("this is a zip file with no Word document in it (its package names no main document, and there is no "
            f"word/document.xml): {ASK_AGAIN}, saved from Word")


def not_word_document(namespace: str) -> str:
    """Why a package whose main part is not a Word document is no .docx."""
    if "spreadsheetml" in namespace:
        return "this is an Excel workbook, not a Word document: ask for the Word file of the manuscript"
    if "presentationml" in namespace:
        return "this is a PowerPoint presentation, not a Word document: ask for the Word file of the manuscript"
    return f"the Word file's main part is not a Word document (its XML is “{namespace or 'no namespace'}”): {ASK_AGAIN}"


def damaged(part: str, problem: BaseException) -> str:
    """Why a part of a zip could not be read."""
    return f"the Word file is damaged: its part {part} cannot be unpacked ({zip_problem(problem)}); {ASK_AGAIN}"


def zip_problem(problem: BaseException | None) -> str:
    """The zip library's message, in words."""
    text = str(problem or "")
    if isinstance(problem, RuntimeError) and "password" in text:
        return "the zip is protected with a password"
    if isinstance(problem, NotImplementedError) or "compression method" in text:
        return "it is packed with a compression method Word does not use"
    if "CRC" in text:
        return "its content does not match its checksum"
    if "span multiple disks" in text:
        return "it is one piece of a zip split into several files"
    if isinstance(problem, EOFError) or "Truncated" in text or "truncated" in text or "Bad magic number" in text:
        return "the file is cut short, as when a download or an e-mail attachment did not arrive whole"
    if "not a zip file" in text:
        return "the file is cut short, or its end is damaged"
    return "its zip structure is broken"


PANDOC_MESSAGES = (
    # pandoc's DOCX reader: what it says -> what it means
    ("couldn't parse docx file", "pandoc found no document text it could read in the Word file (its main part "
     "is not laid out as Word lays it out)"),
    ("Can't read ZIP64", "the Word file is packed in a large-zip format (ZIP64) that pandoc cannot read"),
    ("couldn't unpack docx container", "the Word file's zip structure could not be read by pandoc"),
    ("Did not find end of central directory", "the Word file is cut short or damaged"),
)


def pandoc_problem(message: str) -> str:
    """Pandoc's last line of complaint, in words; pandoc's own text follows in brackets for whoever reports it."""
    for said, meaning in PANDOC_MESSAGES:
        if said in message:
            return f"{meaning}: {ASK_AGAIN}, saved from Word as Word Document (.docx) (pandoc said: {message})"
    return f"pandoc could not read the Word file ({message or 'no message'})"


# --- the kinds -----------------------------------------------------------------------------------------------------

def _compound_file(path: Path) -> str:
    """An OLE compound file: Word 97-2003, a Word file with a password (the .docx inside, encrypted), or another
    Office program's file."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # any damage only changes the wording: the file is refused either way
        streams = set()
    if "EncryptedPackage" in streams:
        return ("this Word file is protected with a password (it is encrypted), so it cannot be read: ask the "
                "author to remove the password (File > Info > Protect Document > Encrypt with Password, and clear "
                "it) and send the file again")
    if "WordDocument" in streams or not streams:
        return (f"this is an old-format Word document (.doc, Word 97-2003), not a .docx: {SAVE_AS_DOCX}"
                + ("" if streams else " (if Word asks for a password, the author must remove it first)"))
    if "Workbook" in streams or "Book" in streams:
        return "this is an old-format Excel workbook (.xls), not a Word document: ask for the Word file"
    if "PowerPoint Document" in streams:
        return "this is an old-format PowerPoint file (.ppt), not a Word document: ask for the Word file"
    return f"this is an Office file of another kind (not a Word document): {ASK_AGAIN} as a Word .docx"


def _text_kind(text: str) -> str:
    start = text.lstrip().lower()
    head = start[:4096]
    if "<pkg:package" in head or "schemas.microsoft.com/office/2006/xmlpackage" in head:
        return ("this is a Word XML Document (one XML file, Word's “Word XML Document (*.xml)” format), not a .docx: "
                f"{SAVE_AS_DOCX}")
    if "schemas.microsoft.com/office/word/2003/wordml" in head:
        return f"this is a Word 2003 XML Document, not a .docx: {SAVE_AS_DOCX}"
    if start.startswith("mime-version:") or "content-type: multipart/related" in head:
        return f"this is a web archive (.mht, a page saved as a single file), not a .docx: {SAVE_AS_DOCX}"
    if start.startswith(("<!doctype html", "<html")) or "<html" in head[:1024]:
        by_word = "urn:schemas-microsoft-com:office:word" in head
        return ("this is a web page (HTML)" + (" that Word saved (“Web Page” format)" if by_word else "")
                + f" with a Word name, not a .docx: {SAVE_AS_DOCX}")
    if start.startswith("<?xml") or start.startswith("<"):
        return f"this is an XML file, not a Word .docx file that can be opened: {ASK_AGAIN}, saved from Word"
    return f"this is a plain text file, not a Word .docx file that can be opened: {ASK_AGAIN}, saved from Word"


def _text(head: bytes) -> str | None:
    """The start of a file as text, when it is text (UTF-8, UTF-16 with its mark, or Windows-1252)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if b"\x00" in head:
        return None
    try:  # incremental: the head may end inside a character
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        text = head.decode("cp1252", "replace")
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return text if printable >= 0.95 * max(len(text), 1) else None


def _mimetype(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("mimetype")
            return archive.read(info).decode("ascii", "replace").strip() if info.file_size < 200 else ""
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return ""
