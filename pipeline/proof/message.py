"""One article's proof e-mail: ProofMail + the journal's `proofs` config + round and moment -> the exact bytes sent.

    compose(mail, journal, issue, round_, sending, moment) -> Composed (sender, recipients, Message-ID, bytes)

    multipart/mixed
      multipart/alternative: text/plain, text/html   (templates/proof-email.{txt,html}.j2, the journal's words)
      application/pdf: the proof, under its own name

From is the journal's sender, To the corresponding author(s), Reply-To and Cc production. The bytes depend only on
the inputs: the Date is the moment given, the Message-ID is made of the issue, article, round, the article's
sending number and the proof's sha256, and the MIME boundaries of a hash of the content. Text parts are
quoted-printable, so no line of them can look like a boundary and 7-bit servers take them as they are.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import textwrap
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from pipeline.config.journal import Journal, ProofWords
from pipeline.diagnostics import fail
from pipeline.proof import deadline as deadlines
from pipeline.proof.outbox import ProofMail

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WIDTH = 72  # plain-text lines


@dataclass(frozen=True)
class Composed:
    sender: str  # the envelope sender
    recipients: list[str]  # the envelope recipients: the authors, then production
    message_id: str
    deadline: dt.date
    data: bytes  # the message as sent (CRLF line ends), and as a dry run writes it


def compose(mail: ProofMail, journal: Journal, issue: str, round_: int, sending: int, moment: dt.datetime) -> Composed:
    proofs = journal.proofs
    due = deadlines.deadline(moment, proofs)
    values = {"journal": journal.title, "journal_abbrev": journal.abbrev_title,
              "author": " and ".join(a.name for a in mail.authors if a.name), "title": mail.title,
              "manuscript_number": mail.manuscript_number, "doi": mail.doi, "round": round_,
              "deadline": deadlines.spelled(due), "working_days": proofs.working_days,
              "query_count": len(mail.queries), "production_name": proofs.production.name,
              "production_email": proofs.production.email}
    words = fill_words(proofs.words, values)
    subject = " ".join(words["subject"].split())
    context = {"words": words, "queries": mail.queries, "subject": subject, "language": journal.language,
               "attachment": mail.proof.name, "size": _size(mail.size),
               "has_pages": any(q.get("page") for q in mail.queries),
               "accent": journal.house_style.colours.web.get("accent", "#000")}  # the journal's colour
    text = _templates().get_template("proof-email.txt.j2").render(context)
    html = _templates().get_template("proof-email.html.j2").render(context)

    domain = proofs.sender.email.rsplit("@", 1)[1]
    message_id = f"<proof.{issue}.{mail.article}.r{round_}.{sending}.{mail.sha256[:12]}@{domain}>"
    production = Address(proofs.production.name, addr_spec=proofs.production.email)
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = Address(proofs.sender.name, addr_spec=proofs.sender.email)
    message["To"] = [Address(a.name, addr_spec=a.email) for a in mail.authors]
    message["Cc"] = production
    message["Reply-To"] = production
    message["Subject"] = subject
    message["Date"] = format_datetime(_utc(moment))
    message["Message-ID"] = message_id
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    message.add_attachment(mail.pdf, maintype="application", subtype="pdf", filename=mail.proof.name)
    seed = hashlib.sha256(f"{message_id}\n{text}\n{html}".encode()).hexdigest()[:24]
    for n, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_proof_{seed}_{n}")
    return Composed(proofs.sender.email, [*mail.addresses, proofs.production.email], message_id, due,
                    message.as_bytes(policy=email.policy.SMTP))


def fill_words(words: ProofWords, values: dict[str, object]) -> dict[str, str]:
    """The journal's words with the values filled in. A word that uses an unknown value, or is not valid jinja2,
    is a configuration error naming it."""
    filled = {}
    for key, text in vars(words).items():
        try:
            filled[key] = _words_environment().from_string(text).render(values).strip()
        except jinja2.TemplateError as exc:
            raise fail("proof.config", f"proofs.words.{key}: {exc} (the values it may use: "
                       f"{', '.join(sorted(values))}; in the journal's config)") from None
    return filled


def check_words(journal: Journal) -> None:
    """Fill every word with sample values, so that a mistake in them stops a run before anything is sent."""
    sample = {"journal": journal.title, "journal_abbrev": journal.abbrev_title, "author": "A. Author",
              "title": "Title", "manuscript_number": "1", "doi": "10.1/1", "round": 2, "deadline": "Monday",
              "working_days": journal.proofs.working_days, "query_count": 1,
              "production_name": journal.proofs.production.name, "production_email": journal.proofs.production.email}
    fill_words(journal.proofs.words, sample)


def query_label(query: dict) -> str:
    """How the proof labels a query: its own label when the build records one, else Q and its number."""
    return str(query.get("label") or f"Q{query['number']}")


@cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                                     autoescape=jinja2.select_autoescape(["html.j2"]), keep_trailing_newline=True,
                                     trim_blocks=True)
    environment.filters["wrap"] = _wrap
    environment.globals["label"] = query_label
    return environment


@cache
def _words_environment() -> jinja2.Environment:
    # The words come from the journal's config: sandboxed, and a misspelt value is an error, not an empty string.
    return jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)


def _wrap(text: str, indent: str = "") -> str:
    """A paragraph wrapped for plain-text mail; `indent` for the lines after the first."""
    return textwrap.fill(" ".join(str(text).split()), WIDTH, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} kB"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
