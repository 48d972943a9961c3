"""The schema store: pinned files installed, catalog offline, official schemas accept good and reject bad XML."""

from pathlib import Path

from lxml import etree

from pipeline import schemastore, xmlio
from pipeline.validate import schemas
from tests.conftest import FIXTURES


def test_store_matches_pins() -> None:
    assert schemastore.verify() == []


def test_profile_fixture_is_valid_jats() -> None:
    tree = xmlio.parse(FIXTURES / "profile-article.xml")
    assert schemas.validate_jats(tree) == []


def test_broken_jats_is_reported_with_a_line() -> None:
    tree = xmlio.parse(FIXTURES / "profile-article.xml")
    tree.getroot().find("front/article-meta/title-group").append(etree.Element("bogus"))
    findings = schemas.validate_jats(tree)
    assert findings and findings[0].code == "validate.dtd"
    assert "bogus" in findings[0].message


def test_doctype_resolves_offline_through_the_catalog(tmp_path: Path) -> None:
    # A named entity (&alpha;) can only be expanded by loading the DTD: the resolver must find it in the store.
    text = (FIXTURES / "profile-article.xml").read_text(encoding="utf-8").replace("holds.", "holds &alpha;.")
    path = tmp_path / "with-entity.xml"
    path.write_text(text, encoding="utf-8")
    tree = xmlio.parse(path, with_dtd=True)
    assert "holds α." in xmlio.text_of(tree.getroot().find("body"))


def test_remote_entities_are_never_fetched(tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.org/secret">]><x>&e;</x>', encoding="utf-8")
    tree = xmlio.parse(path, with_dtd=True)
    assert tree.getroot().text in (None, "")


def test_local_files_outside_the_store_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "evil.xml"
    path.write_text(f'<!DOCTYPE x [<!ENTITY e SYSTEM "{secret}">]><x>&e;</x>', encoding="utf-8")
    tree = xmlio.parse(path, with_dtd=True)
    assert "SECRET" not in (tree.getroot().text or "")


def _serve(folder: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def test_install_downloads_from_a_mirror_and_checks_every_sha256(tmp_path: Path, monkeypatch) -> None:
    import shutil

    import pytest

    from pipeline.diagnostics import PipelineError

    mirror = tmp_path / "mirror"
    shutil.copytree(schemastore.store_root(), mirror)
    server, thread = _serve(mirror)
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        monkeypatch.setenv("SCHEMA_STORE", str(tmp_path / "store"))
        written = schemastore.install(mirror=url, log=lambda _: None)
        assert written == len(schemastore.read_lock())
        assert schemastore.verify() == []
        # A file that differs from its pin is refused, and named.
        target = mirror / "pubmed-deposit-dtd" / "PubMed.dtd"
        target.write_bytes(target.read_bytes() + b"\n<!-- altered -->\n")
        (tmp_path / "store" / "pubmed-deposit-dtd" / "PubMed.dtd").unlink()
        with pytest.raises(PipelineError) as err:
            schemastore.install(mirror=url, log=lambda _: None)
        assert "PubMed.dtd" in err.value.finding.message and "sha256" in err.value.finding.message
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
