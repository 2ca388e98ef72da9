"""Bodies and attachment parts in each client's own shape."""

from __future__ import annotations

from email.charset import QP, Charset
from html import escape
from urllib.parse import quote

from tests.data.mail.kit import BANNER, DOCX, Part, encoded_words, leaf, multipart, png, text


def signature(name: str, title: str, organisation: str, phone: str) -> str:
    return f"Med vänliga hälsningar\n{name}\n{title}\n{organisation}\n{phone}"


def plain(body: str, banner: bool = True) -> str:
    return (BANNER + "\n\n" if banner else "") + body.strip() + "\n"


def html_of(body: str, banner: bool = True, logo: str = "") -> str:
    """Outlook's HTML for a plain text: a MsoNormal paragraph per line, the banner as a table."""
    paragraphs = "".join(f'<p class="MsoNormal">{escape(line) or "&nbsp;"}<o:p></o:p></p>\n'
                         for line in body.strip().splitlines())
    top = (f'<table border="0" cellpadding="4" style="background:#FFEB9C"><tr><td><b>{escape(BANNER[:8])}</b>'
           f"{escape(BANNER[8:])}</td></tr></table>\n") if banner else ""
    image = f'<p class="MsoNormal"><img width="120" height="40" src="cid:{logo}" alt="Logotyp"></p>\n' if logo else ""
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>\n<meta http-equiv="Content-Type" '
            'content="text/html; charset=utf-8">\n<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt;} --></style>'
            f'\n</head>\n<body lang="SV" link="#0563C1">\n{top}<div class="WordSection1">\n{paragraphs}{image}'
            "</div>\n</body>\n</html>\n")


def outlook_body(body: str, *, banner: bool = True, logo: bool = False) -> Part:
    """multipart/alternative, inside multipart/related when the signature has a logo."""
    cid = "image001.png@01DBA7F2.6B1C3E40"
    alternative = multipart("alternative", text(plain(body, banner)), text(html_of(body, banner, cid if logo else ""),
                                                                            "html"))
    if not logo:
        return alternative
    image = leaf('image/png; name="image001.png"', png(), disposition='inline; filename="image001.png"',
                 extra=(("Content-Description", "image001.png"), ("Content-ID", f"<{cid}>")))
    return multipart("related", alternative, image, params=';\n\ttype="multipart/alternative"')


def exchange_file(name: str, data: bytes, content_type: str = DOCX) -> Part:
    """Exchange writes non-ASCII names as RFC 2047 words inside the quoted parameters."""
    shown = one_word(name, "iso-8859-1", q=True)
    return leaf(f'{content_type};\n\tname="{shown}"', data,
                disposition=(f'attachment;\n\tfilename="{shown}"; size={len(data)};\n\t'
                             'creation-date="Mon, 07 Apr 2025 08:01:12 GMT";\n\t'
                             'modification-date="Mon, 07 Apr 2025 08:04:14 GMT"'),
                extra=(("Content-Description", shown),))


def gmail_file(name: str, data: bytes, content_type: str = DOCX, attachment_id: str = "f_m9k2x1a80") -> Part:
    shown = encoded_words(name).replace("\n ", " ") if not name.isascii() else name  # words side by side
    return leaf(f'{content_type}; \n\tname="{shown}"', data, disposition=f'attachment; \n\tfilename="{shown}"',
                extra=(("Content-ID", f"<{attachment_id}>"), ("X-Attachment-Id", attachment_id)))


def one_word(value: str, charset: str, q: bool = False) -> str:
    if value.isascii():
        return value
    codec = Charset(charset)
    if q:
        codec.header_encoding = QP
    return codec.header_encode(value)


def rfc2231(parameter: str, value: str, size: int = 24) -> str:
    """``parameter*0*=utf-8''...; parameter*1*=...`` as Thunderbird folds long or non-ASCII names."""
    chunks = [value[i:i + size] for i in range(0, len(value), size)]
    encoded = [quote(chunk.encode("utf-8"), safe="") for chunk in chunks]
    return ";\n ".join(f"{parameter}*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{e}" for i, e in enumerate(encoded))


def thunderbird_file(name: str, data: bytes, content_type: str = DOCX) -> Part:
    return leaf(f"{content_type};\n {rfc2231('name', name)}", data, disposition=f"attachment;\n {rfc2231('filename', name)}")


def apple_file(name: str, data: bytes, content_type: str = DOCX) -> Part:
    """Apple Mail: inline disposition, RFC 2231 in one piece, x-unix-mode."""
    value = f"filename*=utf-8''{quote(name.encode('utf-8'), safe='')}" if not name.isascii() else f'filename="{name}"'
    named = value.replace("filename", "name", 1)
    return leaf(f"{content_type};\n\tx-unix-mode=0644;\n\t{named}", data, disposition=f"inline;\n\t{value}")


def name_only_file(name: str, data: bytes, content_type: str = "application/octet-stream") -> Part:
    """An old client or a scanner: the name only in Content-Type, no Content-Disposition."""
    return leaf(f'{content_type}; name="{name}"', data)
