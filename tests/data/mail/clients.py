"""Header sets as each mail client and server writes them, and what the board's border MX
adds on the way in (Received, Authentication-Results with its authserv-id)."""

from __future__ import annotations

import base64
import hashlib
import uuid

from tests.data.mail.kit import AUTHSERV_ID, BOARD_VG, encoded_words

Headers = list[tuple[str, str]]
Extra = tuple[tuple[str, str], ...]


def _digest(seed: str) -> bytes:
    return hashlib.sha256(seed.encode()).digest()


def address(name: str, email: str, q: bool = False) -> str:
    if name.isascii():
        return f'"{name}" <{email}>' if "," in name else f"{name} <{email}>"
    return f"{encoded_words(name, q)} <{email}>"


def message_id(seed: str, style: str, domain: str) -> str:
    raw = _digest(seed)
    if style == "exchange-online":
        code = raw[:8].hex().upper()
        return f"<DB9PR07MB{code}{raw[8:12].hex().upper()}@DB9PR07MB{code}.eurprd07.prod.outlook.com>"
    if style == "exchange":
        return f"<{raw[:16].hex()}@EXCH01.{domain}>"
    if style == "gmail":
        return f"<CA+{base64.b64encode(raw[:27]).decode().replace('/', '_')}@mail.gmail.com>"
    if style == "apple":
        return f"<{str(uuid.UUID(bytes=raw[:16])).upper()}@{domain}>"
    return f"<{uuid.UUID(bytes=raw[:16])}@{domain}>"


def thread_index(seed: str) -> str:
    """Outlook's conversation index: 22 bytes, base64."""
    return base64.b64encode(b"\x01" + _digest(seed)[:21]).decode()


def via_board_mx(domain: str, date: str, dmarc: str = "pass") -> Headers:
    return [
        ("Received", f"from mail.{domain} (mail.{domain} [192.0.2.25])\n\tby mx.lansstyrelsen.se (Postfix) "
                     f"with ESMTPS id 4ZbQ1x2Jz9z8;\n\t{date}"),
        ("Authentication-Results", f"{AUTHSERV_ID};\n\tdkim=pass header.d={domain} header.s=selector1;\n\t"
                                   f"spf=pass ({AUTHSERV_ID}: domain of {domain} designates 192.0.2.25 as "
                                   f"permitted sender) smtp.mailfrom={domain};\n\t"
                                   f"dmarc={dmarc} (p=quarantine dis=none) header.from={domain}"),
    ]


def outlook(sender: str, subject: str, mid: str, date: str, *, to: str = BOARD_VG, attach: bool = False,
            online: bool = True, extra: Extra = ()) -> Headers:
    exchange = [("X-MS-Exchange-Organization-SCL", "-1"), ("X-MS-Exchange-Organization-AuthAs", "Anonymous"),
                ("X-MS-Exchange-Organization-Network-Message-Id", str(uuid.UUID(bytes=_digest(mid)[:16])))]
    if online:
        exchange.append(("X-MS-Exchange-CrossTenant-Network-Message-Id", str(uuid.UUID(bytes=_digest(mid)[:16]))))
    return [("From", sender), ("To", to), ("Subject", encoded_words(subject)),
            ("Thread-Topic", encoded_words(_topic(subject))), ("Thread-Index", thread_index(mid)),
            ("Date", date), ("Message-ID", mid), *extra, ("Accept-Language", "sv-SE, en-US"),
            ("Content-Language", "sv-SE"), ("X-MS-Has-Attach", "yes" if attach else ""),
            ("X-MS-TNEF-Correlator", ""), *exchange, ("MIME-Version", "1.0")]


def gmail(sender: str, subject: str, mid: str, date: str, *, to: str = BOARD_VG, extra: Extra = ()) -> Headers:
    seed = base64.b64encode(_digest(mid)[:30]).decode()
    return [("X-Gm-Message-State", f"AOJu0Y{seed}"), ("X-Google-Smtp-Source", f"AGHT+IF{seed[:24]}"),
            ("X-Received", f"by 2002:a05:6512:3b8e:b0:53e:3a1c:1c20 with SMTP id 2adb3069b0e04; {date}"),
            ("MIME-Version", "1.0"), ("From", sender), ("Date", date), ("Message-ID", mid), *extra,
            ("Subject", encoded_words(subject, q=True)), ("To", to), ("X-Gm-Features", f"AQt7F2{seed[:20]}")]


def thunderbird(sender: str, subject: str, mid: str, date: str, *, to: str = BOARD_VG,
                extra: Extra = ()) -> Headers:
    return [("Message-ID", mid), ("Date", date), ("MIME-Version", "1.0"),
            ("User-Agent", "Mozilla Thunderbird"), ("Content-Language", "sv-SE"), ("To", to), ("From", sender),
            *extra, ("Subject", encoded_words(subject, q=True))]


def apple_mail(sender: str, subject: str, mid: str, date: str, *, to: str = BOARD_VG, iphone: bool = False,
               extra: Extra = ()) -> Headers:
    mailer = "iPhone Mail (22D82)" if iphone else "Apple Mail (2.3826.400.131.1.6)"
    version = "1.0 (1.0)" if iphone else "1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))"
    return [("From", sender), ("Mime-Version", version), ("Subject", encoded_words(subject, q=True)),
            ("Message-Id", mid), ("Date", date), ("To", to), *extra, ("X-Mailer", mailer)]


def notes(sender: str, subject: str, mid: str, date: str, *, to: str = BOARD_VG, extra: Extra = ()) -> Headers:
    return [("Subject", encoded_words(subject, charset="iso-8859-1")), ("To", to), ("From", sender),
            ("Message-ID", mid), ("Date", date), *extra, ("X-Mailer", "HCL Notes Release 12.0.2 November 03, 2022"),
            ("X-MIMETrack", "Serialize by Router on NOTES01/Kommun(Release 12.0.2|November 03, 2022) at "
                            f"{date}"), ("MIME-Version", "1.0")]


def _topic(subject: str) -> str:
    for prefix in ("SV: ", "VB: ", "RE: ", "FW: "):
        if subject.upper().startswith(prefix):
            return subject[len(prefix):]
    return subject
