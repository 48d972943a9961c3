"""What changed between the JATS sent with a proof round and the JATS of this build: a word diff per block, in the
words a proof's first page lists them; and which JATS a build compares with, so that a rebuild keeps a sent round."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.proof.changes import changes, changes_since, keep_sent, sent_rounds

OLD = """<article><body><sec><title>Statistical analysis</title>
<p>Subsequently, this <italic>entity</italic> was described in several multisite studies.</p>
<p>A paragraph that stays.</p><p>A paragraph that goes.</p></sec></body></article>"""


def test_a_replace_a_delete_an_insert_and_a_paragraph_removed_are_each_one_change_in_words() -> None:
    new = (OLD.replace("Subsequently,", "Later,").replace("multisite ", "")
           .replace("analysis</title>", "analysis and sample size</title>")
           .replace("<p>A paragraph that goes.</p>", ""))
    found = changes(etree.fromstring(OLD), etree.fromstring(new))
    assert [c.describe() for c in found] == ["added “and sample size”", "“Subsequently,” changed to “Later,”",
                                             "deleted “multisite”", "deleted “A paragraph that goes.”"]
    assert found[0].where == "heading “Statistical analysis and sample size”"
    assert found[1].where.startswith("section “Statistical analysis and sample size”, paragraph 1, starting")
    assert found[2].before.endswith("described in several ") and found[2].after.startswith("studies.")


def test_nothing_changed_is_no_change_whatever_the_spacing() -> None:
    assert changes(etree.fromstring(OLD), etree.fromstring(OLD.replace("several multisite", "several\n multisite"))) \
        == []


def test_a_rebuild_after_round_2_was_sent_marks_round_2_as_it_was_sent(tmp_path: Path) -> None:
    build = tmp_path / "dir-29-04"
    r1, r2 = tmp_path / "r1.xml", tmp_path / "r2.xml"
    r1.write_text(OLD, encoding="utf-8")
    r2.write_text(OLD.replace("Subsequently,", "Later,"), encoding="utf-8")
    text1, text2 = etree.fromstring(OLD), etree.fromstring(OLD.replace("Subsequently,", "Later,"))
    assert changes_since(build, "02-pope", text1) is None  # nothing sent yet
    keep_sent(build, "02-pope", 1, r1)
    assert changes_since(build, "02-pope", text1) is None  # the proof sent, unchanged
    since, found = changes_since(build, "02-pope", text2)  # corrected: round 2, against round 1
    assert since == 1 and [c.new for c in found] == ["Later,"]
    keep_sent(build, "02-pope", 2, r2)
    since, found = changes_since(build, "02-pope", text2)  # round 2 sent, rebuilt: still marked against round 1
    assert since == 1 and [c.new for c in found] == ["Later,"]
    assert [r for r, _ in sent_rounds(build, "02-pope")] == [1, 2]
