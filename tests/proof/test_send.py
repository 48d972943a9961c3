"""Sending proofs to the corresponding authors, against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.cli import main
from pipeline.deposit.deliver_common import RetryPolicy
from pipeline.diagnostics import Finding, PipelineError
from pipeline.proof.send import Status, send_proofs
from tests.conftest import PROJECT
from tests.proof.conftest import ARTICLES, NOW, PRODUCTION, FakeBuild, address
from tests.proof.smtp_server import PASSWORD, USER, SmtpTestServer

FAST = RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.05, timeout=10)


def send(build: FakeBuild, env: dict[str, str] | None = None, **options):
    options.setdefault("allow_placeholders", True)  # the journal config's addresses are example.org placeholders
    options.setdefault("only", ARTICLES)  # the articles of the small build
    return send_proofs(build.manifest, build.root, env=env or {}, clock=lambda: NOW, policy=FAST, **options)


def errors(result) -> list:
    """The findings other than the warning that the journal's proof addresses are placeholders."""
    return [f for f in result.findings if f.code != "proof.placeholder"]


def statuses(result) -> dict[str, Status]:
    return {o.article: o.status for o in result.outcomes}


def test_each_proof_goes_once_to_its_corresponding_author(build: FakeBuild, smtp: SmtpTestServer) -> None:
    result = send(build, smtp.env())
    assert not result.failed, result.findings
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.SENT)
    assert [m.recipients for m in smtp.state.accepted] == [[address(a), PRODUCTION] for a in ARTICLES]
    for article, accepted in zip(ARTICLES, smtp.state.accepted, strict=True):
        message = accepted.message
        (to,) = message["To"].addresses  # the JATS's corresponding author
        assert (to.display_name, to.addr_spec) == ("Sudhakar K. Venkatesh", address(article))
        assert message["Reply-To"] == message["Cc"] == f"DIR Production Office <{PRODUCTION}>"
        assert message["From"] == "Diagnostic and Interventional Radiology <proofs@example.org>"
        assert message["Date"] == "Fri, 02 Jun 2023 09:30:00 +0000"
        assert "please reply by Wednesday, 7 June 2023" in message["Subject"]  # 3 working days after a Friday
        assert message.get_content_type() == "multipart/mixed"
        alternative, attachment = list(message.iter_parts())
        assert alternative.get_content_type() == "multipart/alternative"
        text, html = list(alternative.iter_parts())
        assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
        for body in (text.get_content(), html.get_content()):
            assert f"the text mentions Table 4 of {article}" in body
            assert "Wednesday, 7 June 2023" in body and "Dear Sudhakar K. Venkatesh," in body
        assert "AQ1: Please check:" in text.get_content() and "<strong>AQ2</strong>" in html.get_content()
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == build.proof(article).name
        pdf = attachment.get_content()
        assert pdf == build.proof(article).read_bytes()
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1

    entries = build.entries()
    assert [(e["article"], e["round"], e["sending"], e["to"], e["cc"], e["reason"]) for e in entries] == [
        (a, 1, 1, [address(a)], [PRODUCTION], "first proof") for a in ARTICLES]
    for entry in entries:
        assert entry["sha256"] == hashlib.sha256(build.proof(entry["article"]).read_bytes()).hexdigest()
        assert entry["sent_at"] == "2023-06-02T09:30:00Z" and entry["deadline"] == "2023-06-07"
        assert entry["server"] == {"host": "127.0.0.1", "port": smtp.port, "security": "none"}


def test_the_copy_kept_is_the_message_the_server_accepted(build: FakeBuild, smtp: SmtpTestServer) -> None:
    send(build, smtp.env())
    for entry, accepted in zip(build.entries(), smtp.state.accepted, strict=True):
        kept = (build.folder / entry["copy"]).read_bytes()
        assert kept.replace(b"\r\n", b"\n") == accepted.data.replace(b"\r\n", b"\n")
        assert accepted.message["Message-ID"] == entry["message_id"]


def test_a_second_run_sends_nothing(build: FakeBuild, smtp: SmtpTestServer) -> None:
    send(build, smtp.env())
    again = send(build, smtp.env())
    assert statuses(again) == dict.fromkeys(ARTICLES, Status.ALREADY_SENT)
    assert len(smtp.state.accepted) == len(ARTICLES) and len(build.entries()) == len(ARTICLES)
    assert "already sent" in again.summary() and not again.failed


def test_a_changed_proof_is_sent_as_the_next_round(build: FakeBuild, smtp: SmtpTestServer) -> None:
    send(build, smtp.env())
    build.write(version="2")  # every proof rebuilt with other content
    result = send(build, smtp.env(), only=["02-pope"])
    assert statuses(result) == {"02-pope": Status.SENT}
    last = build.entries()[-1]
    assert (last["article"], last["round"], last["sending"], last["reason"]) == ("02-pope", 2, 2, "new proof")
    assert "(round 2)" in smtp.state.accepted[-1].message["Subject"]
    assert "proof round 2" in smtp.state.accepted[-1].message.get_body(("plain",)).get_content()


def test_a_resend_on_request_goes_again_as_the_same_round(build: FakeBuild, smtp: SmtpTestServer) -> None:
    send(build, smtp.env())
    result = send(build, smtp.env(), only=["12-tsukahara"], resend=True)
    assert statuses(result) == {"12-tsukahara": Status.SENT}
    first, last = build.entries()[2], build.entries()[-1]
    assert (last["round"], last["sending"], last["reason"]) == (1, 2, "resent on request")
    assert first["message_id"] != last["message_id"]  # mail systems drop a second message with the same id


def test_a_corrected_address_gets_the_same_proof(build: FakeBuild, smtp: SmtpTestServer) -> None:
    send(build, smtp.env())
    build.write(emails={"05-park": "park.corrected@hospital.example.edu"})
    result = send(build, smtp.env())
    assert statuses(result) == {"02-pope": Status.ALREADY_SENT, "05-park": Status.SENT,
                                "12-tsukahara": Status.ALREADY_SENT}
    assert build.entries()[-1]["reason"] == "new address" and build.entries()[-1]["round"] == 1


def test_a_missing_or_malformed_address_is_an_error_for_that_article_only(build: FakeBuild,
                                                                           smtp: SmtpTestServer) -> None:
    build.write(emails={"02-pope": None, "05-park": "park at hospital.example.edu"})
    result = send(build, smtp.env())
    assert statuses(result) == {"02-pope": Status.NOT_SENT, "05-park": Status.NOT_SENT,
                                "12-tsukahara": Status.SENT}
    problems = {f.article: f for f in result.findings if f.code == "proof.no-address"}
    assert "gives no e-mail address of a corresponding author" in problems["02-pope"].message
    assert "“park at hospital.example.edu” is not an e-mail address" in problems["05-park"].message
    assert result.failed and [m.recipients[0] for m in smtp.state.accepted] == [address("12-tsukahara")]


def test_an_article_that_failed_to_build_has_no_proof_to_send(build: FakeBuild, smtp: SmtpTestServer) -> None:
    build.write(failed={"05-park": "render"})
    result = send(build, smtp.env())
    assert statuses(result)["05-park"] is Status.NOT_SENT
    (finding,) = [f for f in result.findings if f.article == "05-park"]
    assert finding.code == "proof.not-built" and "failed at render" in finding.message
    assert len(smtp.state.accepted) == 2


def test_a_proof_whose_build_refused_an_accepted_correction_is_not_sent(build: FakeBuild,
                                                                         smtp: SmtpTestServer) -> None:
    gone = Finding.of("correction.gone", "correction C3 of round 1 (delete “multisite ”, main text, paragraph 2) was "
                      "not made: the text “multisite ” is no longer at that place", article="05-park")
    build.write(findings={"05-park": [gone.to_dict()]})
    result = send(build, smtp.env())
    assert statuses(result)["05-park"] is Status.NOT_SENT
    (finding,) = [f for f in result.findings if f.article == "05-park"]
    assert finding.code == "proof.refused" and "correction C3 of round 1 (delete “multisite ”" in finding.message
    assert len(smtp.state.accepted) == 2  # the other articles still go


def test_a_proof_replaced_without_its_queries_is_not_sent(build: FakeBuild, smtp: SmtpTestServer) -> None:
    build.proof("02-pope").write_bytes(build.proof("02-pope").read_bytes() + b"\n% changed\n")
    build.finish()  # as a build would have left it, had it not written the queries
    result = send(build, smtp.env())
    (finding,) = errors(result)
    assert finding.code == "proof.not-built" and "does not belong to the proof" in finding.message
    assert statuses(result)["02-pope"] is Status.NOT_SENT and len(smtp.state.accepted) == 2


def test_a_refused_recipient_is_reported_and_the_others_still_go(build: FakeBuild, smtp: SmtpTestServer) -> None:
    smtp.state.refuse.add(address("05-park"))
    result = send(build, smtp.env())
    assert statuses(result) == {"02-pope": Status.SENT, "05-park": Status.NOT_SENT, "12-tsukahara": Status.SENT}
    (finding,) = errors(result)
    assert finding.code == "proof.failed" and finding.article == "05-park"
    assert f"the server refused the address {address('05-park')} (550 5.1.1" in finding.message
    # nothing of it went to anyone (not even production's copy), and the ledger does not count it
    assert all(address("05-park") not in m.recipients for m in smtp.state.accepted) and len(smtp.state.accepted) == 2
    assert [e["article"] for e in build.entries()] == ["02-pope", "12-tsukahara"]
    smtp.state.refuse.clear()
    again = send(build, smtp.env())
    assert statuses(again)["05-park"] is Status.SENT and len(smtp.state.accepted) == 3


def test_a_connection_dropped_in_the_middle_of_a_message_is_tried_again(build: FakeBuild,
                                                                       smtp: SmtpTestServer) -> None:
    smtp.state.drop_next = 1
    result = send(build, smtp.env())
    assert not result.failed and smtp.state.dropped == 1
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.SENT)
    assert "after 2 attempts" in result.outcomes[0].note
    assert sorted(m.recipients[0] for m in smtp.state.accepted) == sorted(address(a) for a in ARTICLES)


def test_a_server_that_keeps_dropping_stops_the_run_and_a_rerun_sends_the_rest(build: FakeBuild,
                                                                              smtp: SmtpTestServer) -> None:
    smtp.state.drop_next = FAST.attempts  # every attempt at the first message breaks off
    result = send(build, smtp.env())
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.NOT_SENT)
    assert [f.code for f in errors(result)] == ["proof.failed", "proof.failed"]
    assert "tried 3 times" in errors(result)[0].message and "2 more proof(s)" in errors(result)[1].message
    assert not smtp.state.accepted and not build.entries()
    again = send(build, smtp.env())
    assert statuses(again) == dict.fromkeys(ARTICLES, Status.SENT) and len(smtp.state.accepted) == 3


def test_no_server_answering_is_a_finding_not_a_traceback(build: FakeBuild) -> None:
    closed = SmtpTestServer("plain")
    closed.stop()
    result = send(build, closed.env())
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.NOT_SENT)
    assert "the connection to 127.0.0.1" in errors(result)[0].message and not build.entries()


def test_starttls_with_a_login(build: FakeBuild, certificate, capsys) -> None:
    server = SmtpTestServer("starttls-auth", certificate)
    try:
        result = send(build, server.env(PROOF_SMTP_CA_FILE=str(certificate[0])))
        assert not result.failed, result.findings
        assert len(server.state.accepted) == 3 and server.state.logins == [USER]  # one login for the whole run
        assert build.entries()[0]["server"]["security"] == "starttls"
        # a wrong password: refused at once (trying again could lock the account), named, never shown
        build.write(version="2")
        wrong = send(build, server.env(PROOF_SMTP_CA_FILE=str(certificate[0]), PROOF_SMTP_PASSWORD="Wr0ng-pa55word"))
        assert statuses(wrong) == dict.fromkeys(ARTICLES, Status.NOT_SENT)
        assert "refused the user name or password" in errors(wrong)[0].message
        assert server.state.logins == [USER, USER]
        everything = [str(f) for f in wrong.findings + result.findings] + [str(o) for o in wrong.outcomes]
        everything += [p.read_text(errors="replace") for p in build.folder.rglob("*") if p.is_file()
                       and p.suffix in (".json", ".eml")]
        assert not any(PASSWORD in text or "Wr0ng-pa55word" in text for text in everything)
    finally:
        server.stop()


def test_the_servers_certificate_is_checked(build: FakeBuild, certificate) -> None:
    server = SmtpTestServer("starttls-auth", certificate)
    try:
        result = send(build, server.env())  # no PROOF_SMTP_CA_FILE: the self-signed certificate is not trusted
        assert "certificate could not be verified" in errors(result)[0].message
        assert not server.state.accepted and not server.state.logins
    finally:
        server.stop()


# With SMTPS the whole connection is TLS, but aiosmtpd only knows STARTTLS when it warns of a login without TLS.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtps(build: FakeBuild, certificate) -> None:
    server = SmtpTestServer("ssl", certificate)
    try:
        result = send(build, server.env(PROOF_SMTP_CA_FILE=str(certificate[0])))
        assert not result.failed, result.findings
        assert len(server.state.accepted) == 3 and build.entries()[0]["server"]["security"] == "ssl"
    finally:
        server.stop()


def test_a_dry_run_writes_the_exact_messages_and_sends_nothing(build: FakeBuild, smtp: SmtpTestServer) -> None:
    dry = send(build, {}, dry_run=True)  # no SMTP settings needed
    assert statuses(dry) == dict.fromkeys(ARTICLES, Status.WOULD_SEND)
    assert not build.ledger.exists() and not smtp.state.accepted
    written = {p.name: p.read_bytes() for p in sorted((build.folder / "proofs" / "dry-run").glob("*.eml"))}
    assert sorted(written) == [f"{a}-r1.eml" for a in ARTICLES]
    send(build, smtp.env())
    for article, accepted in zip(ARTICLES, smtp.state.accepted, strict=True):
        assert written[f"{article}-r1.eml"].replace(b"\r\n", b"\n") == accepted.data.replace(b"\r\n", b"\n")


def test_messages_are_deterministic(build: FakeBuild, tmp_path: Path) -> None:
    send(build, {}, dry_run=True)
    first = {p.name: p.read_bytes() for p in (build.folder / "proofs" / "dry-run").glob("*.eml")}
    send(build, {}, dry_run=True)
    assert {p.name: p.read_bytes() for p in (build.folder / "proofs" / "dry-run").glob("*.eml")} == first


def test_placeholder_addresses_stop_sending_unless_allowed(build: FakeBuild, smtp: SmtpTestServer) -> None:
    result = send(build, smtp.env(), allow_placeholders=False)
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.NOT_SENT) and not smtp.state.accepted
    assert errors(result)[0].code == "proof.refused" and "proofs@example.org" in errors(result)[0].message


def test_missing_settings_are_named_and_nothing_is_sent(build: FakeBuild) -> None:
    result = send(build, {"PROOF_SMTP_HOST": "smtp.example.org", "PROOF_SMTP_USER": USER})
    assert errors(result)[0].code == "proof.config"
    assert "PROOF_SMTP_PASSWORD is not set" in errors(result)[0].message
    assert statuses(result) == dict.fromkeys(ARTICLES, Status.NOT_SENT)
    plain = send(build, {"PROOF_SMTP_HOST": "smtp.example.org", "PROOF_SMTP_SECURITY": "none",
                         "PROOF_SMTP_USER": USER, "PROOF_SMTP_PASSWORD": PASSWORD})
    assert "would cross the network unencrypted" in errors(plain)[0].message
    assert PASSWORD not in str(errors(plain)[0])


def test_a_damaged_ledger_stops_sending(build: FakeBuild, smtp: SmtpTestServer) -> None:
    build.ledger.parent.mkdir(parents=True)
    build.ledger.write_text('{"issue": "vol29-issue4", "sent": [{"article": ', encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        send(build, smtp.env())
    assert caught.value.finding.code == "proof.ledger" and not smtp.state.accepted


def test_only_names_an_article_of_the_issue(build: FakeBuild) -> None:
    with pytest.raises(PipelineError) as caught:
        send(build, {}, dry_run=True, only=["02-pop"])
    assert "ONLY names 02-pop, which is no article of the issue" in caught.value.finding.message


def test_the_command_prints_a_line_per_article_and_exits_1_on_errors(build: FakeBuild, smtp: SmtpTestServer,
                                                                      monkeypatch, capsys) -> None:
    build.write(emails={"05-park": None})
    for key, value in smtp.env(PROOF_NOW="2023-06-02T09:30:00Z").items():
        monkeypatch.setenv(key, value)
    status = main(["proofs", str(build.manifest), "--build", str(build.root), "--allow-placeholders",
                   "--only", "02-pope,05-park"])
    out = capsys.readouterr().out
    assert status == 1
    assert "sent          02-pope round 1 -> pope@hospital.example.edu: first proof, 2 queries, due 2023-06-07" in out
    assert "not sent      05-park" in out and "ERROR [proof.no-address]" in out
    assert "1 sent, 0 already sent, 1 not sent; 1 errors" in out


def test_a_run_killed_in_the_middle_resumes_and_delivers_the_rest_exactly_once(build: FakeBuild,
                                                                               smtp: SmtpTestServer) -> None:
    smtp.state.hold_at = 2  # the server holds its answer to the second message until the sender is killed
    env = {**os.environ, **smtp.env(PROOF_NOW="2023-06-02T09:30:00Z")}
    command = [sys.executable, "-m", "pipeline", "proofs", str(build.manifest), "--build", str(build.root),
               "--allow-placeholders", "--only", ",".join(ARTICLES)]
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert smtp.state.holding.wait(60), "the sender never reached the second message"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    smtp.state.release.set()  # the held message is answered 451: it was never accepted
    time.sleep(0.1)
    assert [e["article"] for e in build.entries()] == ["02-pope"]
    assert [m.recipients[0] for m in smtp.state.accepted] == [address("02-pope")]

    rerun = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "already sent  02-pope" in rerun.stdout
    delivered = [m.recipients[0] for m in smtp.state.accepted]
    assert sorted(delivered) == sorted(address(a) for a in ARTICLES)  # each exactly once
    assert [(e["article"], e["sending"]) for e in build.entries()] == [(a, 1) for a in ARTICLES]


def test_two_runs_of_one_issue_cannot_send_at_once(build: FakeBuild, smtp: SmtpTestServer) -> None:
    import fcntl

    lock = build.folder / "proofs" / ".lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a") as other_run:
        fcntl.flock(other_run, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(PipelineError) as caught:
            send(build, smtp.env())
    assert caught.value.finding.code == "proof.busy" and not smtp.state.accepted
    assert statuses(send(build, smtp.env())) == dict.fromkeys(ARTICLES, Status.SENT)  # once the other run is done


def test_nothing_is_sent_from_a_build_whose_proof_changed_after_it_finished(build: FakeBuild,
                                                                           smtp: SmtpTestServer) -> None:
    """A file of the build that is no longer what the finished build made (a rebuild stopped half-way) stops the
    whole run before anything is sent or written."""
    build.proof("05-park").write_bytes(build.proof("05-park").read_bytes() + b"\n% rebuilt, not finished\n")
    with pytest.raises(PipelineError) as err:
        send(build, smtp.env())
    finding = err.value.finding
    assert finding.code == "proof.not-built"
    assert finding.message == (
        "No proof is sent: the build of dir-29-04 did not finish: articles/05-park/dir-05-park.proof.pdf is not "
        "what the last finished build made (a build was stopped half-way, or a file was changed by hand): build "
        "it again (make issue) and let it finish; nothing was sent.")
    assert not smtp.state.accepted and not build.ledger.exists()
