"""The notice staff may send when they reject an affiliation (`intake review reject ID
--reason TEXT --notify`): a short, polite answer to the organisation's form, with the reason
staff gave and how to send a new form.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from replies.cleaning import single_line, text_lines
from replies.message import Addressing, AutoSubmitted, set_body, set_headers, set_language
from replies.render import Templates


@dataclass(frozen=True)
class Rejection:
    addressing: Addressing   # in reply to the form that was rejected; Reply-To the bot's mailbox
    organisation: str
    reason: str              # as staff wrote it


def compose_rejection(rejection: Rejection, env: Templates) -> EmailMessage:
    """The complete notice; ValueError for values that cannot make a correct message."""
    addressing = rejection.addressing
    addressing.check()
    campaign, language = addressing.campaign, addressing.language
    subject = single_line(env.word(language, "rejection.subject", name=campaign.name,
                                   case_number=campaign.case_number))
    context = {"campaign": campaign, "case_number": campaign.case_number, "subject": subject,
               "organisation": single_line(rejection.organisation), "reason_lines": text_lines(rejection.reason)}
    message = EmailMessage()
    # An answer to the form that arrived, so an out-of-office must not answer it in turn.
    set_headers(message, addressing, subject, AutoSubmitted.AUTO_REPLIED)
    set_body(message, text=env.render_message("rejection", language, "txt", context),
             html=env.render_message("rejection", language, "html", context))
    set_language(message, language)
    return message
